import Foundation

/// RFC 2047 encoded-words (`=?charset?B|Q?text?=`): decoding in unstructured text and phrases, and encoding.
///
/// Decoding joins the bytes of adjacent words of one charset before converting them, so a
/// multibyte character split across two words survives (RFC 2047 §5 forbids the split; mailers
/// do it anyway). Whitespace between adjacent words is dropped (RFC 2047 §6.2). Words glued to
/// other text or inside quoted strings are decoded too, with a defect; malformed words stay text.
public enum EncodedWords {
    /// One piece of a scanned header value.
    enum Token {
        case text(Substring)
        case word(charset: String, bytes: [UInt8], lossy: Bool)
    }

    /// Decodes RFC 2047 encoded-words in unstructured text (RFC 2047 §5 (1)).
    public static func decode(_ text: String) -> String {
        decodeReporting(text).text
    }

    /// Decodes and reports kinds of defects found ("encodedWordGlued", "invalidBase64Padding"...).
    ///
    /// `wordsMustStartTokens`: only words at the start, after whitespace or right after another
    /// word count (RFC 2047 §5 (1)); used for parameter values, where `a-=?...?=` stays text
    /// (mime-tools multi-2evil), as in Python's quoted-string reading.
    static func decodeReporting(_ text: String, wordsMustStartTokens: Bool = false) -> (text: String, defects: [String]) {
        guard text.contains("=?") else { return (text, []) }
        var defects: [String] = []
        let tokens = scan(text, wordsMustStartTokens: wordsMustStartTokens, defects: &defects)
        var out = ""
        var pending: (charset: String, bytes: [UInt8])?
        var index = 0
        func flush() {
            if let p = pending {
                let decoded = Charset.decode(p.bytes, label: p.charset)
                out += decoded.text
                if Charset.decoder(for: p.charset) == nil { defects.append("unknownCharset") }
            }
            pending = nil
        }
        while index < tokens.count {
            switch tokens[index] {
            case .text(let t):
                // Whitespace between two encoded-words is not displayed (RFC 2047 §6.2).
                let betweenWords = pending != nil && index + 1 < tokens.count
                    && { if case .word = tokens[index + 1] { return true } else { return false } }()
                if betweenWords && t.allSatisfy({ $0.isWhitespace }) {
                    index += 1
                    continue
                }
                flush()
                out += t
            case .word(let charset, let bytes, let lossy):
                if lossy { defects.append("invalidEncodedWordPayload") }
                let key = Charset.normalize(charset)
                if let p = pending, Charset.normalize(p.charset) == key {
                    pending = (p.charset, p.bytes + bytes)
                } else {
                    flush()
                    pending = (charset, bytes)
                }
            }
            index += 1
        }
        flush()
        return (out, defects)
    }

    /// Splits text into plain runs and well-formed encoded-words (RFC 2047 §2 grammar, whitespace excluded).
    static func scan(_ text: String, wordsMustStartTokens: Bool = false, defects: inout [String]) -> [Token] {
        var tokens: [Token] = []
        var plainStart = text.startIndex
        var i = text.startIndex
        var lastWordEnd: String.Index?
        while let found = text[i...].range(of: "=?") {
            let atTokenStart = found.lowerBound == text.startIndex || found.lowerBound == lastWordEnd
                || text[text.index(before: found.lowerBound)].isWhitespace
            if wordsMustStartTokens && !atTokenStart {
                i = found.upperBound
                continue
            }
            if let (word, after) = parseWord(text, at: found.lowerBound) {
                lastWordEnd = after
                if plainStart < found.lowerBound { tokens.append(.text(text[plainStart..<found.lowerBound])) }
                let before = found.lowerBound > text.startIndex ? text[text.index(before: found.lowerBound)] : " "
                let next = after < text.endIndex ? text[after] : " "
                if !(before.isWhitespace || "(\"".contains(before)) || !(next.isWhitespace || ")\"=,;".contains(next)) {
                    if !(before == "=" || next == "=") { defects.append("encodedWordGlued") }
                }
                tokens.append(word)
                plainStart = after
                i = after
            } else {
                i = text.index(after: found.lowerBound)
                defects.append("malformedEncodedWord")
            }
        }
        if plainStart < text.endIndex { tokens.append(.text(text[plainStart...])) }
        return tokens
    }

    /// Parses `=?charset?enc?text?=` at `start`; returns the token and the index after it.
    static func parseWord(_ text: String, at start: String.Index) -> (Token, String.Index)? {
        let utf8 = text.utf8
        var i = utf8.index(start, offsetBy: 2)
        let charsetStart = i
        while i < utf8.endIndex, utf8[i] != UInt8(ascii: "?") {
            let b = utf8[i]
            if b <= 0x20 || b >= 0x7F || b == UInt8(ascii: "=") { return nil }
            i = utf8.index(after: i)
        }
        guard i < utf8.endIndex, i > charsetStart else { return nil }
        let charset = String(text[charsetStart..<i])
        i = utf8.index(after: i)
        guard i < utf8.endIndex else { return nil }
        let encoding = utf8[i] | 0x20
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return nil }
        i = utf8.index(after: i)
        guard i < utf8.endIndex, utf8[i] == UInt8(ascii: "?") else { return nil }
        i = utf8.index(after: i)
        let payloadStart = i
        while i < utf8.endIndex {
            let b = utf8[i]
            if b <= 0x20 || b >= 0x7F { return nil }
            if b == UInt8(ascii: "?") {
                let n = utf8.index(after: i)
                if n < utf8.endIndex, utf8[n] == UInt8(ascii: "=") {
                    let payload = Array(utf8[payloadStart..<i])
                    let decoded: (bytes: [UInt8], lossy: Bool)
                    if encoding == UInt8(ascii: "b") {
                        let r = TransferEncoding.decodeBase64(payload)
                        decoded = (r.bytes, r.defect != nil)
                    } else {
                        decoded = (TransferEncoding.decodeQuotedPrintable(payload, header: true).bytes, false)
                    }
                    return (.word(charset: charset, bytes: decoded.bytes, lossy: decoded.lossy), utf8.index(after: n))
                }
                // A "?" inside Q text is not allowed (RFC 2047 §4.2); not a word.
                return nil
            }
            i = utf8.index(after: i)
        }
        return nil
    }
}
