/// The byte checks made before libxml2 sees an input (no parser is trusted with them).
enum InputCheck {
    /// The offset of the first byte that is not part of well-formed UTF-8 (RFC 3629 §4: no
    /// overlongs, no surrogates, nothing above U+10FFFF), or of the first NUL; nil when clean.
    ///
    /// Banning NUL also rules out UTF-16 and UCS-4 input (every `<` in them carries a zero byte),
    /// so a byte search for `<!DOCTYPE` afterwards cannot be dodged by another encoding.
    static func firstNonUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == 0 { return i }
            if b < 0x80 { i += 1; continue }
            let length: Int
            var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return i
            }
            guard i + length <= n else { return i }
            let second = bytes[i + 1]
            guard second >= lower, second <= upper else { return i }
            for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }

    /// The byte offset of the first `<!DOCTYPE`, if any.
    ///
    /// Outside a DTD the sequence can only appear in a comment, CDATA section or processing
    /// instruction; refusing those too is the price of not trusting the parser with DTDs.
    static func doctypeOffset(_ bytes: [UInt8]) -> Int? {
        let needle: [UInt8] = Array("<!DOCTYPE".utf8)
        guard bytes.count >= needle.count else { return nil }
        var i = 0
        let last = bytes.count - needle.count
        while i <= last {
            if bytes[i] == 0x3C, bytes[i + 1] == 0x21 {
                var match = true
                for k in 2..<needle.count where bytes[i + k] != needle[k] { match = false; break }
                if match { return i }
            }
            i += 1
        }
        return nil
    }

    /// The 1-based line of a byte offset.
    static func line(of offset: Int, in bytes: [UInt8]) -> Int {
        var line = 1
        for b in bytes[..<min(offset, bytes.count)] where b == 0x0A { line += 1 }
        return line
    }

    /// The encoding named in the XML declaration (XML 1.0 §4.3.3 `EncodingDecl`), if any.
    static func declaredEncoding(_ bytes: [UInt8]) -> String? {
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        let head = bytes[start..<min(bytes.count, start + 256)]
        guard head.starts(with: Array("<?xml".utf8)),
              let end = head.firstIndex(of: 0x3E) else { return nil }
        let declaration = String(decoding: head[head.startIndex..<end], as: UTF8.self)
        guard let keyword = declaration.firstRange(of: "encoding") else { return nil }
        var rest = declaration[keyword.upperBound...].drop { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        let value = rest.dropFirst().prefix { $0 != quote }
        return String(value)
    }
}
