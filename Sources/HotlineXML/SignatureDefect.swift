/// The outcome of checking an enveloped signature.
public enum SignatureVerification: Equatable, Sendable {
    /// The signature is sound and made by the pinned key with this label.
    case valid(keyLabel: String)
    /// Every defect found; never empty.
    case invalid([SignatureDefect])

    public var isValid: Bool { if case .valid = self { return true } else { return false } }
}

/// One reason an enveloped signature is refused, with a message for a clerk's log.
///
/// The checks and their order follow XML-DSig 1.1 §3.2 (reference validation, then signature
/// validation), narrowed to the one shape hotline signs; see `XMLSignatureVerifier`.
public enum SignatureDefect: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes are not a document `XMLTree(parsing:)` accepts.
    case unreadable(XMLProblem)
    /// No `ds:Signature` anywhere.
    case unsigned
    /// More than one `ds:Signature`: the mark of a wrapping attack, or of a document hotline did
    /// not sign.
    case multipleSignatures(count: Int)
    /// The `ds:Signature` is not a direct child of the root element (it is inside `parent`).
    case signatureNotChildOfRoot(parent: String)
    /// The signature's elements are not the expected ones, in order (XML-DSig 1.1 §4.1–§4.4).
    case malformedSignature(String)
    /// `SignedInfo` holds other than exactly one `Reference`.
    case referenceCount(Int)
    /// The `Reference` does not cover the whole document (`URI=""`); nil when URI is absent.
    case referenceNotWholeDocument(uri: String?)
    /// `CanonicalizationMethod` is not Exc-C14N without comments (or carries parameters).
    case unsupportedCanonicalization(String)
    /// `SignatureMethod` is not rsa-sha256 or ecdsa-sha256 (SHA-1, HMAC and others are refused).
    case unsupportedSignatureAlgorithm(String)
    /// The transforms are not exactly [enveloped-signature, Exc-C14N].
    case unsupportedTransforms([String])
    /// `DigestMethod` is not SHA-256.
    case unsupportedDigestAlgorithm(String)
    /// `DigestValue` is not base64 of 32 bytes.
    case malformedDigestValue
    /// `SignatureValue` is not base64.
    case malformedSignatureValue
    /// The document's digest differs from `DigestValue`: the signed content was changed.
    case digestMismatch
    /// No pinned key is of the kind the algorithm needs.
    case noPinnedKeyForAlgorithm(String)
    /// `SignatureValue` is not a signature of `SignedInfo` by any pinned key.
    case notSignedByPinnedKey

    public var description: String {
        switch self {
        case let .unreadable(problem): return "unreadable: \(problem)"
        case .unsigned: return "no ds:Signature in the document"
        case let .multipleSignatures(count): return "\(count) ds:Signature elements; exactly one is accepted"
        case let .signatureNotChildOfRoot(parent): return "ds:Signature is inside <\(parent)>, not a child of the root element"
        case let .malformedSignature(what): return "ds:Signature is malformed: \(what)"
        case let .referenceCount(count): return "\(count) ds:Reference elements; exactly one is accepted"
        case let .referenceNotWholeDocument(uri):
            return "the reference covers \(uri.map { "URI=\"\($0)\"" } ?? "no URI"), not the whole document (URI=\"\")"
        case let .unsupportedCanonicalization(uri): return "canonicalization \(uri) is not accepted; only Exc-C14N"
        case let .unsupportedSignatureAlgorithm(uri): return "signature algorithm \(uri) is not accepted; only rsa-sha256, ecdsa-sha256"
        case let .unsupportedTransforms(uris):
            return "transforms [\(uris.joined(separator: ", "))] are not accepted; only [enveloped-signature, Exc-C14N]"
        case let .unsupportedDigestAlgorithm(uri): return "digest algorithm \(uri) is not accepted; only SHA-256"
        case .malformedDigestValue: return "DigestValue is not base64 of a SHA-256 digest"
        case .malformedSignatureValue: return "SignatureValue is not base64"
        case .digestMismatch: return "the document was changed after signing (digest mismatch)"
        case let .noPinnedKeyForAlgorithm(uri): return "no pinned key can check \(uri)"
        case .notSignedByPinnedKey: return "the signature is not by any pinned key"
        }
    }
}
