/// Whether a handler's telephone (承办人电话, RULES.md §8.6) is a telephone number a petitioner or
/// a clerk could call back. Pure.
///
/// Accepted: a mainland mobile number (`1[3-9]` and nine more digits, `138 0552 1234` spaced or
/// `+86`/`86` in front); a landline with its area code (`0552-1234567`, `(0552)1234567`,
/// `0552 1234567`, `05521234567`: a 0, two or three more digits, then seven or eight); a short
/// service number of 5 digits (12345, the government service hotline) is a number but not the
/// handler's own, so it is refused. Full-width digits and brackets are read as ASCII. An extension
/// may follow: `转123`, `-123` after a complete landline, `ext. 123`, `分机123`. Anything else —
/// 暂无, a name, too few digits, an area code of zeros (`000-1234567`) — is not a telephone number.
///
/// A clerk may type two numbers into the cell (`0552-3012345、13905521234`) or a note after one
/// (`0552-3012345（办）`): the cell is split on 、，；/ and a trailing bracketed note is dropped; the
/// cell passes when one of its numbers can be called.
public enum TelephoneNumber {
    public static func isValid(_ text: String) -> Bool {
        CaseNumber.normalizeWidth(text).split(whereSeparator: { "、,;/".contains($0) }).contains { isValidOne(String($0)) }
    }

    /// One number, with its extension and without a trailing note.
    static func isValidOne(_ text: String) -> Bool {
        var s = withoutTrailingNote(text.lowercased().filter { !$0.isWhitespace })
        for mark in ["转", "分机", "ext.", "ext", "x"] {
            guard let r = s.range(of: mark) else { continue }
            let ext = s[r.upperBound...]
            guard !ext.isEmpty, ext.count <= 6, ext.allSatisfy(\.isASCIIDigit) else { return false }
            s = String(s[..<r.lowerBound])
            break
        }
        if s.hasPrefix("+86") { s.removeFirst(3) } else if s.hasPrefix("86"), s.count == 13 { s.removeFirst(2) }
        if isMobile(s) { return true }
        return isLandline(s)
    }

    /// `0552-3012345(办)` → `0552-3012345`; a leading bracket is an area code, not a note.
    static func withoutTrailingNote(_ s: String) -> String {
        guard s.hasSuffix(")"), let open = s.lastIndex(of: "("), open != s.startIndex else { return s }
        return String(s[..<open])
    }

    /// `1[3-9]` and nine more digits, hyphens or none.
    static func isMobile(_ s: String) -> Bool {
        let digits = s.filter { $0 != "-" }
        guard digits.count == 11, digits.allSatisfy(\.isASCIIDigit), digits.first == "1" else { return false }
        return "3456789".contains(digits[digits.index(after: digits.startIndex)])
    }

    /// Area code (0, a digit 1–9, and 1–2 more digits), in brackets or before a hyphen or run together, then a local
    /// number of 7–8 digits; optionally `-` and an extension of 1–6 digits.
    static func isLandline(_ s: String) -> Bool {
        var area = "", local = Substring(s)
        if s.hasPrefix("(") {
            guard let close = s.firstIndex(of: ")") else { return false }
            area = String(s[s.index(after: s.startIndex)..<close])
            local = s[s.index(after: close)...]
            if local.hasPrefix("-") { local = local.dropFirst() }
        } else if let hyphen = s.firstIndex(of: "-") {
            area = String(s[..<hyphen])
            local = s[s.index(after: hyphen)...]
        } else {
            // Run together: 0552 + 7 digits, or 010 + 8 digits.
            guard s.allSatisfy(\.isASCIIDigit), (10...12).contains(s.count) else { return false }
            return isAreaCode(s.prefix(2))
        }
        guard isAreaCode(Substring(area)), (3...4).contains(area.count), area.allSatisfy(\.isASCIIDigit) else { return false }
        let parts = local.split(separator: "-", omittingEmptySubsequences: false)
        guard let number = parts.first, (7...8).contains(number.count), number.allSatisfy(\.isASCIIDigit) else { return false }
        guard parts.count <= 2 else { return false }
        if parts.count == 2 { return (1...6).contains(parts[1].count) && parts[1].allSatisfy(\.isASCIIDigit) }
        return true
    }

    /// Chinese area codes open with 0 and then 1–9 (010, 0552): `000` or `0012` is no area code.
    static func isAreaCode(_ s: Substring) -> Bool {
        s.count >= 2 && s.first == "0" && "123456789".contains(s[s.index(after: s.startIndex)])
    }
}

fileprivate extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
