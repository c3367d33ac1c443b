import Foundation

/// Parses `value; name=value; ...` header bodies (RFC 2045 §5.1, RFC 2183 §2) with RFC 2231 extensions.
///
/// Tolerant in the ways real mail needs: missing closing quotes, duplicated parameters (the
/// first wins, as in Python), trailing or doubled `;`, encoded-words inside quoted values
/// (Outlook/Foxmail `name="=?gb2312?B?...?="`, decoded with a defect), and RFC 2231
/// continuations (`name*0*=`, `name*1=`) joined in number order before percent-decoding.
struct MIMEParameters {
    /// The text before the first `;` (e.g. "text/plain"), trimmed.
    var value: String
    /// Decoded parameters, names lower case, in order of first appearance.
    var list: [(name: String, value: String)]
    /// Kinds of repairs made.
    var defects: [String]

    /// The first parameter called `name` (lower case).
    func get(_ name: String) -> String? {
        list.first { $0.name == name }?.value
    }

    /// One `;`-separated segment before decoding.
    struct RawParameter {
        var name: String
        var value: String
        var quoted: Bool
    }

    /// Parses a whole header value.
    static func parse(_ text: String) -> MIMEParameters {
        var defects: [String] = []
        let segments = splitSegments(text, defects: &defects)
        let head = segments.first.map { $0.mailTrimmed } ?? ""
        var raws: [RawParameter] = []
        for segment in segments.dropFirst() {
            let trimmed = segment.mailTrimmed
            if trimmed.isEmpty { continue }
            guard let eq = trimmed.firstIndex(of: "=") else {
                defects.append("invalidParameter")
                continue
            }
            let name = trimmed[..<eq].mailTrimmed.lowercased()
            let rawValue = trimmed[trimmed.index(after: eq)...].mailTrimmed
            let (value, quoted) = unquote(rawValue, defects: &defects)
            raws.append(RawParameter(name: name, value: value, quoted: quoted))
        }
        return MIMEParameters(value: head, list: combine(raws, defects: &defects), defects: defects)
    }

    /// Splits on `;` outside quoted strings (RFC 2045 §5.1 tspecials), backslash escapes honoured.
    static func splitSegments(_ text: String, defects: inout [String]) -> [String] {
        var segments: [String] = []
        var current = ""
        var inQuotes = false
        var escaped = false
        for ch in text {
            if escaped { current.append(ch); escaped = false; continue }
            if ch == "\\" && inQuotes { current.append(ch); escaped = true; continue }
            if ch == "\"" { inQuotes.toggle() }
            if ch == ";" && !inQuotes {
                segments.append(current)
                current = ""
                continue
            }
            current.append(ch)
        }
        if inQuotes { defects.append("unterminatedQuotedString") }
        segments.append(current)
        return segments
    }

    /// RFC 5322 §3.2.4 quoted-string to its content; a missing closing quote is tolerated.
    static func unquote(_ value: String, defects: inout [String]) -> (String, Bool) {
        guard value.first == "\"" else { return (value, false) }
        var out = ""
        var escaped = false
        var closed = false
        for ch in value.dropFirst() {
            if escaped {
                // QUIRK: Outlook writes "C:\TEMP\a.png" unescaped; keep "\" unless it escapes `"` or `\`.
                if ch != "\"" && ch != "\\" { out.append("\\") }
                out.append(ch)
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else if ch == "\"" {
                closed = true
                break
            } else {
                out.append(ch)
            }
        }
        if escaped { out.append("\\") }
        if !closed { defects.append("unterminatedQuotedString") }
        return (out, true)
    }
}
