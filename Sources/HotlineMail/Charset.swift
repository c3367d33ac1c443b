import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Character-set decoding and encoding for MIME text, through the C library's `iconv`.
///
/// Labels come from `charset=` parameters and RFC 2047 encoded-words (RFC 2045 §5.1,
/// RFC 2047 §2). Chinese mail mislabels its text constantly, so the GB family is read
/// as its superset GB18030 and Big5 as Big5-HKSCS, as WHATWG and every mail client do.
/// Decoding never fails: an invalid byte becomes U+FFFD and decoding goes on.
public enum Charset {
    /// How a label is decoded: natively (UTF-8, Latin-1) or by an iconv name.
    enum Decoder: Equatable {
        case utf8
        case latin1
        case hz
        case iconv(String)
    }

    /// Decodes `bytes` labelled `label`; `label` nil means "undeclared": UTF-8 when valid, else GB18030.
    ///
    /// An unknown label is treated like a missing one. `lossy` is true when a byte could not be
    /// decoded and was replaced by U+FFFD.
    public static func decode(_ bytes: some Collection<UInt8>, label: String?) -> (text: String, lossy: Bool) {
        let array = Array(bytes)
        if let label, let decoder = decoder(for: label) {
            return decode(array, with: decoder)
        }
        return decodeUndeclared(array)
    }

    /// Undeclared or unknown charset: UTF-8 when valid, else GB18030 (the likeliest in this service).
    static func decodeUndeclared(_ bytes: [UInt8]) -> (text: String, lossy: Bool) {
        if let text = validUTF8(bytes) { return (text, false) }
        return decode(bytes, with: .iconv("GB18030"))
    }

    /// The text of `bytes` when they are valid UTF-8 (pure ASCII included), else nil.
    static func validUTF8(_ bytes: [UInt8]) -> String? {
        if isASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }

    static func isASCII(_ bytes: some Sequence<UInt8>) -> Bool {
        for b in bytes where b >= 0x80 { return false }
        return true
    }

    /// Encodes `text` in the charset `label` (GB labels as GB18030); nil when impossible.
    public static func encode(_ text: String, label: String) -> [UInt8]? {
        guard let decoder = decoder(for: label) else { return nil }
        switch decoder {
        case .utf8: return Array(text.utf8)
        case .latin1:
            var out: [UInt8] = []
            for scalar in text.unicodeScalars {
                guard scalar.value < 0x100 else { return nil }
                out.append(UInt8(scalar.value))
            }
            return out
        case .iconv(let name):
            return convert(Array(text.utf8), from: "UTF-8", to: name, strict: true)?.bytes
        case .hz:
            return nil
        }
    }

    /// The iconv name used for `label` (e.g. "gb2312" → "GB18030"), or nil when unknown.
    public static func canonicalName(_ label: String) -> String? {
        switch decoder(for: label) {
        case .utf8: return "UTF-8"
        case .latin1: return "ISO-8859-1"
        case .iconv(let name): return name
        case .hz: return "HZ-GB-2312"
        case nil: return nil
        }
    }

    /// Decodes with a known decoder.
    static func decode(_ bytes: [UInt8], with decoder: Decoder) -> (text: String, lossy: Bool) {
        if bytes.isEmpty { return ("", false) }
        switch decoder {
        case .utf8:
            if let text = validUTF8(bytes) { return (text, false) }
            return (String(decoding: bytes, as: UTF8.self), true)
        case .latin1:
            var scalars = String.UnicodeScalarView()
            for b in bytes { scalars.append(Unicode.Scalar(b)) }
            return (String(scalars), false)
        case .hz:
            return decodeHZ(bytes)
        case .iconv(let name):
            if isASCII(bytes) && asciiCompatible(name) {
                return (String(decoding: bytes, as: UTF8.self), false)
            }
            guard let result = convert(bytes, from: name, to: "UTF-8", strict: false) else {
                return (String(decoding: bytes, as: UTF8.self), true)
            }
            return (String(decoding: result.bytes, as: UTF8.self), result.lossy)
        }
    }

    /// Whether ASCII bytes mean ASCII in `name` (not so for UTF-16/32, UTF-7, ISO-2022).
    static func asciiCompatible(_ name: String) -> Bool {
        !(name.hasPrefix("UTF-16") || name.hasPrefix("UTF-32") || name.hasPrefix("UCS") || name == "UTF-7"
            || name.hasPrefix("ISO-2022"))
    }

    /// Runs iconv over the whole input. Non-strict: each invalid byte becomes U+FFFD.
    static func convert(_ input: [UInt8], from: String, to: String, strict: Bool) -> (bytes: [UInt8], lossy: Bool)? {
        let cd = iconv_open(to, from)
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        var output = [UInt8](repeating: 0, count: max(64, input.count * 4 + 16))
        var written = 0
        var lossy = false
        var inputCopy = input
        let ok: Bool = inputCopy.withUnsafeMutableBufferPointer { inBuf -> Bool in
            guard let inBase = inBuf.baseAddress else { return true }
            var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBase).assumingMemoryBound(to: CChar.self)
            var inLeft = inBuf.count
            while true {
                let capacity = output.count
                let (status, err, produced) = output.withUnsafeMutableBufferPointer { outBuf -> (Int, Int32, Int) in
                    guard let outBase = outBuf.baseAddress else { return (0, 0, 0) }
                    var outPtr: UnsafeMutablePointer<CChar>? =
                        UnsafeMutableRawPointer(outBase + written).assumingMemoryBound(to: CChar.self)
                    var outLeft = capacity - written
                    let before = outLeft
                    let r = inLeft > 0 ? iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) : iconv(cd, nil, nil, &outPtr, &outLeft)
                    let e = errno
                    return (r == Int(bitPattern: UInt(bitPattern: -1)) ? -1 : 0, e, before - outLeft)
                }
                written += produced
                if status == 0 {
                    if inLeft == 0 { return true }
                    continue
                }
                if err == E2BIG {
                    output.append(contentsOf: [UInt8](repeating: 0, count: output.count))
                    continue
                }
                if strict { return false }
                // EILSEQ or EINVAL: replace one byte and carry on (EINVAL: truncated at the end).
                lossy = true
                let replacement: [UInt8] = to == "UTF-8" ? [0xEF, 0xBF, 0xBD] : [0x3F]
                if output.count - written < replacement.count {
                    output.append(contentsOf: [UInt8](repeating: 0, count: output.count))
                }
                for b in replacement { output[written] = b; written += 1 }
                if err == EINVAL || inLeft <= 1 {
                    inLeft = 0
                    continue
                }
                inPtr = inPtr.map { $0 + 1 }
                inLeft -= 1
            }
        }
        guard ok else { return nil }
        output.removeSubrange(written...)
        return (output, lossy)
    }
}
