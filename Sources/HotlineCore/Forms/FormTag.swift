import Crypto
import Foundation

/// The center's short HMAC tags: on the per-case reply address and in the QR code of every form,
/// so that the return path can trust a case number it did not have to read from free text.
///
/// Tags are HMAC-SHA256 under the center's form secret, cut to 40 bits and written in Crockford's
/// base 32 (digits and lower-case letters without i, l, o, u), so a tag retyped from paper with
/// `l`/`1`, `o`/`0` or `i`/`1` confused still checks.
public struct FormTag: Sendable {
    /// The secret's bytes (SymmetricKey is not Sendable; the key is made per call, which is cheap).
    private let secret: [UInt8]

    public init(secret: [UInt8]) {
        self.secret = secret
    }

    /// Crockford's alphabet, lower case.
    static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")

    /// The tag of a message (`purpose|fields…`), 8 characters.
    public func tag(_ message: String) -> String {
        let mac = Array(HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: SymmetricKey(data: secret)))
        var bits: UInt64 = 0
        for b in mac.prefix(5) { bits = bits << 8 | UInt64(b) }
        var out = ""
        for i in stride(from: 35, through: 0, by: -5) { out.append(Self.alphabet[Int((bits >> UInt64(i)) & 31)]) }
        return out
    }

    /// Whether `candidate` is the tag of `message`, after undoing the usual retyping slips; compared
    /// in constant time.
    public func check(_ candidate: String, for message: String) -> Bool {
        let expected = Array(tag(message).utf8)
        let given = Array(Self.normalize(candidate).utf8)
        guard given.count == expected.count else { return false }
        var diff: UInt8 = 0
        for (a, b) in zip(given, expected) { diff |= a ^ b }
        return diff == 0
    }

    /// Crockford decoding of look-alikes: lower case, `o`→`0`, `i`/`l`→`1`; hyphens and spaces dropped.
    public static func normalize(_ s: String) -> String {
        var out = ""
        for c in s.lowercased() {
            switch c {
            case "o": out.append("0")
            case "i", "l": out.append("1")
            case "-", " ": continue
            default: out.append(c)
            }
        }
        return out
    }
}
