import Foundation

/// Turns HTML into readable plain text: tags stripped, entities decoded, blocks as line breaks.
///
/// Good enough for reading a citizen's complaint written in HTML; not a renderer (no network,
/// no scripts: `<script>`/`<style>` contents are dropped).
enum HTMLText {
    static let blockTags: Set<String> = ["br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6",
                                         "table", "ul", "ol", "blockquote", "hr", "title"]
    static let named: [String: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'",
                                          "nbsp": "\u{00A0}", "copy": "©", "reg": "®", "middot": "·",
                                          "ldquo": "“", "rdquo": "”", "lsquo": "‘", "rsquo": "’", "hellip": "…",
                                          "mdash": "—", "ndash": "–", "yen": "¥", "times": "×"]

    /// Plain text of an HTML document.
    static func plainText(_ html: String) -> String {
        var out = ""
        var i = html.startIndex
        var skipUntil: String?
        while i < html.endIndex {
            let ch = html[i]
            if ch == "<" {
                guard let close = html[i...].firstIndex(of: ">") else { break }
                let inner = html[html.index(after: i)..<close]
                let name = inner.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }.lowercased()
                let isEnd = inner.hasPrefix("/")
                if let skip = skipUntil {
                    if isEnd && name == skip { skipUntil = nil }
                } else if !isEnd && (name == "script" || name == "style") {
                    skipUntil = name
                } else if blockTags.contains(name) && !out.hasSuffix("\n") {
                    out.append("\n")
                }
                i = html.index(after: close)
                continue
            }
            if skipUntil == nil {
                if ch == "&", let (text, next) = entity(html, at: i) {
                    out += text
                    i = next
                    continue
                }
                out.append(ch)
            }
            i = html.index(after: i)
        }
        return collapse(out)
    }

    /// `&name;`, `&#NN;`, `&#xHH;` at `i`.
    static func entity(_ s: String, at i: String.Index) -> (String, String.Index)? {
        guard let semi = s[i...].prefix(12).firstIndex(of: ";") else { return nil }
        let body = s[s.index(after: i)..<semi]
        let next = s.index(after: semi)
        if body.hasPrefix("#x") || body.hasPrefix("#X") {
            if let v = UInt32(body.dropFirst(2), radix: 16), let u = Unicode.Scalar(v) { return (String(u), next) }
        } else if body.hasPrefix("#") {
            if let v = UInt32(body.dropFirst()), let u = Unicode.Scalar(v) { return (String(u), next) }
        } else if let t = named[body.lowercased()] {
            return (t, next)
        }
        return nil
    }

    /// Collapses blank runs inside lines and more than one empty line.
    static func collapse(_ text: String) -> String {
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\u{00A0}" })
            let joined = words.joined(separator: " ")
            if joined.isEmpty && (lines.last?.isEmpty ?? true) { continue }
            lines.append(joined)
        }
        return lines.joined(separator: "\n").mailTrimmed
    }
}
