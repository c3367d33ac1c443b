import Foundation

/// Parses address lists (RFC 5322 §3.4, obsolete forms of §4.4), tolerating real-world garbage.
///
/// Handles display names (atoms, quoted strings, RFC 2047 encoded-words per RFC 2047 §5 (3)),
/// groups (`undisclosed-recipients:;`; members carry the group name), obsolete routes
/// (`<@a,@b:user@host>`), and comments (`a@b (Name)`: the comment becomes the name when there is
/// no display name). Unparseable pieces are skipped with a defect, never an error.
enum AddressListParser {
    /// A lexical token of a structured header (RFC 5322 §3.2).
    enum Token: Equatable {
        case atom(String)
        case quoted(String)
        case comment(String)
        case special(Character)
        case space
    }

    struct Result {
        var addresses: [MailAddress]
        var defects: [String]
    }

    /// Parses an unfolded address-list value.
    static func parse(_ value: String) -> Result {
        var defects: [String] = []
        let tokens = tokenize(value, defects: &defects)
        var addresses: [MailAddress] = []
        var current: [Token] = []
        var group: String?
        var angleDepth = 0
        for token in tokens {
            switch token {
            case .special("<"): angleDepth += 1; current.append(token)
            case .special(">"): angleDepth = max(0, angleDepth - 1); current.append(token)
            case .special(":") where angleDepth == 0 && group == nil && !current.contains(.special("@")):
                group = phrase(current, defects: &defects)
                current = []
            case .special(",") where angleDepth == 0:
                addresses += mailboxes(current, group: group, defects: &defects)
                current = []
            case .special(";") where angleDepth == 0:
                addresses += mailboxes(current, group: group, defects: &defects)
                current = []
                group = nil
            default:
                current.append(token)
            }
        }
        addresses += mailboxes(current, group: group, defects: &defects)
        return Result(addresses: addresses, defects: defects)
    }

    /// The mailboxes between two commas: normally one; QUIRK: `a@b c@d` (commas forgotten,
    /// mail-ruby raw_email_multiple_from) gives two.
    static func mailboxes(_ tokens: [Token], group: String?, defects: inout [String]) -> [MailAddress] {
        let hasAngle = tokens.contains(.special("<"))
        if !hasAngle, tokens.contains(.space) {
            let words = tokens.split(separator: .space)
            if words.count > 1, words.allSatisfy({ $0.contains(.special("@")) && !$0.contains(.special("(")) }) {
                defects.append("missingAddressSeparator")
                return words.compactMap { mailbox(Array($0), group: group, defects: &defects) }
            }
        }
        return mailbox(tokens, group: group, defects: &defects).map { [$0] } ?? []
    }

    /// RFC 5322 §3.4 mailbox = name-addr / addr-spec, from the tokens between commas.
    static func mailbox(_ tokens: [Token], group: String?, defects: inout [String]) -> MailAddress? {
        let meaningful = tokens.filter { $0 != .space }
        if meaningful.isEmpty { return nil }
        if meaningful.allSatisfy({ if case .comment = $0 { return true } else { return false } }) { return nil }
        if let open = tokens.firstIndex(of: .special("<")) {
            let close = tokens[open...].firstIndex(of: .special(">")) ?? tokens.endIndex
            if close == tokens.endIndex { defects.append("unterminatedAngleAddress") }
            var inner = Array(tokens[(open + 1)..<close])
            // RFC 5322 §4.4 obs-route: drop everything up to the last ":".
            if let colon = inner.lastIndex(of: .special(":")) { inner = Array(inner[(colon + 1)...]) }
            let address = addrSpec(inner)
            var name = phrase(Array(tokens[..<open]), defects: &defects)
            if name.isEmpty, close < tokens.endIndex {
                name = commentText(Array(tokens[(close + 1)...]))
            }
            if address.isEmpty && name.isEmpty { return nil }
            return MailAddress(name: name, address: address, group: group)
        }
        let address = addrSpec(tokens)
        if address.isEmpty { return nil }
        if !address.contains("@") { defects.append("addressWithoutDomain") }
        return MailAddress(name: commentText(tokens), address: address, group: group)
    }

    /// RFC 5322 §3.4.1 addr-spec: tokens joined, comments and whitespace removed; a quoted
    /// local-part is re-quoted only when it needs quotes.
    static func addrSpec(_ tokens: [Token]) -> String {
        var out = ""
        for token in tokens {
            switch token {
            case .atom(let a): out += a
            case .quoted(let q): out += needsQuotes(q) ? "\"" + q.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"") + "\"" : q
            case .special(let c) where c == "@" || c == ".": out.append(c)
            case .special(let c) where c != "<" && c != ">": out.append(c)
            default: break
            }
        }
        return out
    }

    static func needsQuotes(_ s: String) -> Bool {
        s.isEmpty || s.contains { $0 == " " || $0 == "\t" || "()<>@,;:\\\"[]".contains($0) }
    }

    /// RFC 5322 §3.2.5 phrase: words joined by single spaces, encoded-words decoded.
    static func phrase(_ tokens: [Token], defects: inout [String]) -> String {
        var pieces: [(text: String, quoted: Bool)] = []
        var spaceBefore = false
        var out = ""
        for token in tokens {
            switch token {
            case .atom(let a):
                pieces.append((a, false))
                if !out.isEmpty && spaceBefore { out += " " }
                out += a
                spaceBefore = false
            case .quoted(let q):
                if q.contains("=?") { defects.append("encodedWordInQuotedString") }
                if !out.isEmpty && spaceBefore { out += " " }
                out += q
                spaceBefore = false
            case .special(let c):
                if !out.isEmpty && spaceBefore { out += " " }
                out.append(c)
                spaceBefore = false
            case .space, .comment:
                spaceBefore = true
            }
        }
        let decoded = EncodedWords.decodeReporting(out)
        defects += decoded.defects
        return decoded.text.mailTrimmed
    }

    /// The text of the first non-empty comment, encoded-words decoded (a name for `a@b (Name)`).
    static func commentText(_ tokens: [Token]) -> String {
        for case .comment(let c) in tokens {
            let text = EncodedWords.decode(c).mailTrimmed
            if !text.isEmpty { return text }
        }
        return ""
    }
}
