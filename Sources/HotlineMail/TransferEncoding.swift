import Foundation

/// Content-Transfer-Encoding decoders (RFC 2045 §6): base64, quoted-printable, x-uuencode.
///
/// Tolerant like Python's `email` package, whose results the corpus records: base64 skips
/// characters outside its alphabet and stops at completed padding; quoted-printable keeps a
/// bad escape literally; uuencode without a `begin` line is returned verbatim.
enum TransferEncoding {
    static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }()

    /// Decodes base64 (RFC 2045 §6.8), ignoring characters outside the alphabet.
    ///
    /// `defect` is "invalidBase64Characters", "invalidBase64Padding" or "invalidBase64Length"
    /// (a lone 6-bit group at the end, which is dropped).
    static func decodeBase64(_ input: some Collection<UInt8>) -> (bytes: [UInt8], defect: String?) {
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 4 * 3 + 3)
        var quad: UInt32 = 0
        var quadPos = 0
        var pads = 0
        var junk = false
        var padded = false
        for c in input {
            let v = base64Values[Int(c)]
            if v == 0xFF {
                if c == UInt8(ascii: "=") {
                    if quadPos >= 2 {
                        pads += 1
                        if quadPos + pads >= 4 { padded = true; break }
                    }
                    continue
                }
                if c != 0x0D && c != 0x0A && c != 0x20 && c != 0x09 { junk = true }
                continue
            }
            if pads > 0 { junk = true; pads = 0 }
            quad = quad << 6 | UInt32(v)
            quadPos += 1
            if quadPos == 4 {
                out.append(UInt8(truncatingIfNeeded: quad >> 16))
                out.append(UInt8(truncatingIfNeeded: quad >> 8))
                out.append(UInt8(truncatingIfNeeded: quad))
                quad = 0
                quadPos = 0
            }
        }
        var defect: String? = junk ? "invalidBase64Characters" : nil
        if padded {
            if quadPos == 2 { out.append(UInt8(truncatingIfNeeded: quad >> 4)) }
            if quadPos == 3 {
                out.append(UInt8(truncatingIfNeeded: quad >> 10))
                out.append(UInt8(truncatingIfNeeded: quad >> 2))
            }
        } else if quadPos == 2 {
            out.append(UInt8(truncatingIfNeeded: quad >> 4))
            defect = "invalidBase64Padding"
        } else if quadPos == 3 {
            out.append(UInt8(truncatingIfNeeded: quad >> 10))
            out.append(UInt8(truncatingIfNeeded: quad >> 2))
            defect = "invalidBase64Padding"
        } else if quadPos == 1 {
            defect = "invalidBase64Length"
        }
        return (out, defect)
    }

    /// Decodes quoted-printable (RFC 2045 §6.7); `header` also maps "_" to space (RFC 2047 §4.2).
    static func decodeQuotedPrintable(_ input: some Collection<UInt8>, header: Bool = false)
        -> (bytes: [UInt8], badEscape: Bool) {
        let a = Array(input)
        var out: [UInt8] = []
        out.reserveCapacity(a.count)
        var bad = false
        var i = 0
        let n = a.count
        while i < n {
            let c = a[i]
            if c == UInt8(ascii: "=") {
                i += 1
                if i >= n { break }
                let d = a[i]
                if d == 0x0A || d == 0x0D {           // soft line break
                    if d == 0x0D { while i < n && a[i] != 0x0A { i += 1 } }
                    if i < n { i += 1 }
                } else if d == UInt8(ascii: "=") {
                    out.append(d)
                    i += 1
                } else if i + 1 < n, let h = hexValue(d), let l = hexValue(a[i + 1]) {
                    out.append(h << 4 | l)
                    i += 2
                } else {
                    // QUIRK: a bad escape is kept literally, as Python and most readers do.
                    bad = true
                    out.append(c)
                }
            } else if header && c == UInt8(ascii: "_") {
                out.append(0x20)
                i += 1
            } else {
                out.append(c)
                i += 1
            }
        }
        return (out, bad)
    }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
