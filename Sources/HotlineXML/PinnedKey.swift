import Crypto
import _CryptoExtras
import Foundation

/// A public key a verifier trusts, with a label for logs (a unit name, a leader).
///
/// Trust comes only from this list: keys or certificates carried in a document's `KeyInfo` are
/// never used (XML-DSig 1.1 §4.5 leaves trust to the application).
public struct PinnedKey: Sendable {
    /// The algorithms hotline accepts keys for.
    ///
    /// `@unchecked`: swift-crypto's P-256 keys are immutable values over BoringSSL keys (safe to
    /// share for verifying) but are not marked `Sendable` in this swift-crypto on Linux.
    public enum Material: @unchecked Sendable {
        /// RSA, at least 2048 bits, for `rsa-sha256`.
        case rsa(_RSA.Signing.PublicKey)
        /// NIST P-256, for `ecdsa-sha256`.
        case p256(P256.Signing.PublicKey)
    }

    public let label: String
    public let material: Material
    /// The lowercase hex SHA-256 of the key's SubjectPublicKeyInfo DER: a stable name for
    /// `KeyInfo/KeyName` and for registries. Worked out once (a verifier compares it per match).
    public let fingerprint: String

    /// An RSA key; refused below 2048 bits.
    public init(label: String, rsa key: _RSA.Signing.PublicKey) throws(XMLProblem) {
        guard key.keySizeInBits >= 2048 else {
            throw .unusableKey(label: label, reason: "RSA key of \(key.keySizeInBits) bits; at least 2048 required")
        }
        self.label = label
        self.material = .rsa(key)
        fingerprint = Self.fingerprint(ofSPKI: key.derRepresentation)
    }

    /// A P-256 key.
    public init(label: String, p256 key: P256.Signing.PublicKey) {
        self.label = label
        self.material = .p256(key)
        fingerprint = Self.fingerprint(ofSPKI: key.derRepresentation)
    }

    /// A key from PEM (`-----BEGIN PUBLIC KEY-----`, SubjectPublicKeyInfo): RSA ≥ 2048 or P-256.
    public init(label: String, pem: String) throws(XMLProblem) {
        if let key = try? P256.Signing.PublicKey(pemRepresentation: pem) {
            self.init(label: label, p256: key)
        } else if let key = try? _RSA.Signing.PublicKey(pemRepresentation: pem) {
            try self.init(label: label, rsa: key)
        } else {
            throw .unusableKey(label: label, reason: "not a PEM public key for P-256 or RSA of at least 2048 bits")
        }
    }

    static func fingerprint(ofSPKI der: Data) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in SHA256.hash(data: der) {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `signature` over `signedInfo` (canonical bytes) is this key's, for `algorithm`.
    func verifies(_ signature: [UInt8], over signedInfo: [UInt8], algorithm: String) -> Bool {
        let digest = SHA256.hash(data: signedInfo)
        switch (material, algorithm) {
        case let (.rsa(key), XMLDSig.rsaSHA256):
            return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: digest,
                                        padding: .insecurePKCS1v1_5)
        case let (.p256(key), XMLDSig.ecdsaSHA256):
            guard signature.count == 64, let value = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else {
                return false
            }
            return key.isValidSignature(value, for: digest)
        default:
            return false
        }
    }

    /// Whether this key can check `algorithm` at all.
    func fits(_ algorithm: String) -> Bool {
        switch material {
        case .rsa: return algorithm == XMLDSig.rsaSHA256
        case .p256: return algorithm == XMLDSig.ecdsaSHA256
        }
    }
}
