import Foundation

extension Charset {
    /// The charset a message's undeclared 8-bit text most likely uses: the first `charset=`
    /// label in the raw message that is neither ASCII nor UTF-8 and that we know.
    ///
    /// Mail clients read raw 8-bit headers and charset-less parts in the body's charset (a Big5
    /// message's raw Subject is Big5, not GB18030); nil means "use GB18030".
    static func messageFallback(_ bytes: [UInt8]) -> String? {
        let key = Array("charset".utf8)
        var i = 0
        let n = bytes.count
        while i + key.count < n {
            guard bytes[i] | 0x20 == key[0] else { i += 1; continue }
            var k = 1
            while k < key.count, bytes[i + k] | 0x20 == key[k] { k += 1 }
            guard k == key.count else { i += 1; continue }
            var j = i + k
            while j < n, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
            guard j < n, bytes[j] == UInt8(ascii: "=") else { i = j; continue }
            j += 1
            while j < n, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
            if j < n, bytes[j] == UInt8(ascii: "\"") { j += 1 }
            let start = j
            while j < n, j - start < 40, isLabelByte(bytes[j]) { j += 1 }
            let label = String(decoding: bytes[start..<j], as: UTF8.self)
            i = j
            guard let decoder = decoder(for: label), decoder != .utf8 else { continue }
            return label
        }
        return nil
    }

    static func isLabelByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b == 0x5F || b == 0x2E || b == 0x3A || b == 0x2D
    }

    /// Decodes undeclared 8-bit text: UTF-8 when valid, else `fallback` (a label), else GB18030.
    static func decodeUndeclared(_ bytes: [UInt8], fallback: String?) -> (text: String, lossy: Bool) {
        if let text = validUTF8(bytes) { return (text, false) }
        if let fallback, let decoder = decoder(for: fallback) { return decode(bytes, with: decoder) }
        return decode(bytes, with: .iconv("GB18030"))
    }
}
