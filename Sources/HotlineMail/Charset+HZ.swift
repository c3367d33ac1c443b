import Foundation

extension Charset {
    /// Decodes HZ (RFC 1843): 7-bit GB2312 between `~{` and `~}`, `~~` for a tilde.
    ///
    /// glibc's iconv has no HZ, and Chinese spam still uses it (alaveteli unrecognized-encoding).
    static func decodeHZ(_ bytes: [UInt8]) -> (text: String, lossy: Bool) {
        var gb: [UInt8] = []
        gb.reserveCapacity(bytes.count)
        var inGB = false
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "~"), i + 1 < bytes.count {
                let n = bytes[i + 1]
                switch n {
                case UInt8(ascii: "~"): gb.append(b); i += 2; continue
                case UInt8(ascii: "{"): inGB = true; i += 2; continue
                case UInt8(ascii: "}"): inGB = false; i += 2; continue
                case 0x0A: i += 2; continue
                default: break
                }
            }
            if inGB, b >= 0x21, b <= 0x7E, i + 1 < bytes.count, bytes[i + 1] >= 0x21, bytes[i + 1] <= 0x7E {
                gb.append(b | 0x80)
                gb.append(bytes[i + 1] | 0x80)
                i += 2
                continue
            }
            gb.append(b)
            i += 1
        }
        return decode(gb, with: .iconv("GB18030"))
    }
}
