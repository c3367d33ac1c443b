import Crypto
import _CryptoExtras
import Foundation

/// Signs a document with an enveloped XML-DSig signature that `XMLSignatureVerifier` and
/// xmlsec1 accept.
///
/// The one shape hotline writes (XML-DSig 1.1 §4): a `ds:Signature` appended as the last child of
/// the root, with one `Reference URI=""` (the whole document), transforms enveloped-signature then
/// Exc-C14N, a SHA-256 digest, and RSA-SHA256 (PKCS#1 v1.5) or ECDSA-SHA256 over the Exc-C14N of
/// `SignedInfo`. RSA PKCS#1 v1.5 is deterministic, so an RSA signature of the same document with
/// the same key is the same bytes; ECDSA signatures are randomized.
public struct XMLSigner: Sendable {
    /// A signing key.
    ///
    /// `@unchecked`: as `PinnedKey.Material`, swift-crypto's P-256 keys are immutable but not
    /// marked `Sendable` on Linux.
    public enum Key: @unchecked Sendable {
        /// RSA (at least 2048 bits), signing `rsa-sha256`.
        case rsa(_RSA.Signing.PrivateKey)
        /// NIST P-256, signing `ecdsa-sha256`.
        case p256(P256.Signing.PrivateKey)

        /// The lowercase hex SHA-256 of the public key's SubjectPublicKeyInfo DER; what
        /// `PinnedKey.fingerprint` gives for the matching public key.
        public var fingerprint: String {
            switch self {
            case let .rsa(key): return PinnedKey.fingerprint(ofSPKI: key.publicKey.derRepresentation)
            case let .p256(key): return PinnedKey.fingerprint(ofSPKI: key.publicKey.derRepresentation)
            }
        }

        var algorithm: String {
            switch self {
            case .rsa: return XMLDSig.rsaSHA256
            case .p256: return XMLDSig.ecdsaSHA256
            }
        }

        /// The `SignatureValue` bytes for canonical `SignedInfo` (XML-DSig 1.1 §6.4.2, §6.4.3).
        func sign(_ signedInfo: [UInt8]) throws -> [UInt8] {
            let digest = SHA256.hash(data: signedInfo)
            switch self {
            case let .rsa(key): return Array(try key.signature(for: digest, padding: .insecurePKCS1v1_5).rawRepresentation)
            case let .p256(key): return Array(try key.signature(for: digest).rawRepresentation)
            }
        }
    }

    public let key: Key
    /// Written as `KeyInfo/KeyName` when set (for instance `key.fingerprint`); a hint for humans
    /// and other tools only — verifiers must not trust it.
    public let keyName: String?

    public init(key: Key, keyName: String? = nil) {
        self.key = key
        self.keyName = keyName
    }

    /// Signs `tree` in place and returns the new `ds:Signature` element.
    ///
    /// The document is canonicalized once, before the signature is added: the enveloped
    /// transform takes the signature out again, and nothing else changes.
    @discardableResult
    public func sign(_ tree: XMLTree) throws(XMLProblem) -> XMLElement {
        let root = tree.root
        if root.matches("Signature", XMLDSig.namespace) || !root.descendants(localName: "Signature", namespace: XMLDSig.namespace).isEmpty {
            throw .alreadySigned(document: tree.name)
        }
        let digest = SHA256.hash(data: try ExclusiveC14N.canonicalize(tree))

        let signature = root.appendElement(localName: "Signature", namespace: XMLDSig.namespace, prefix: "ds")
        do {
            let signedInfo = signature.appendElement(localName: "SignedInfo", namespace: XMLDSig.namespace)
            signedInfo.appendDS("CanonicalizationMethod").setAttribute("Algorithm", value: ExclusiveC14N.algorithm)
            signedInfo.appendDS("SignatureMethod").setAttribute("Algorithm", value: key.algorithm)
            let reference = signedInfo.appendDS("Reference")
            reference.setAttribute("URI", value: "")
            let transforms = reference.appendDS("Transforms")
            transforms.appendDS("Transform").setAttribute("Algorithm", value: XMLDSig.envelopedSignature)
            transforms.appendDS("Transform").setAttribute("Algorithm", value: ExclusiveC14N.algorithm)
            reference.appendDS("DigestMethod").setAttribute("Algorithm", value: XMLDSig.sha256)
            reference.appendDS("DigestValue").setText(XMLDSig.encodeBase64(Array(digest)))

            let value = try key.sign(try ExclusiveC14N.canonicalize(signedInfo))
            signature.appendDS("SignatureValue").setText(XMLDSig.encodeBase64(value))
            if let keyName { signature.appendDS("KeyInfo").appendDS("KeyName").setText(keyName) }
            return signature
        } catch {
            signature.remove()
            if let problem = error as? XMLProblem { throw problem }
            throw .unusableKey(label: keyName ?? key.fingerprint, reason: "signing failed: \(error)")
        }
    }

    /// Parses `bytes` (safely, as `XMLTree(parsing:)`), signs, and returns the signed document.
    public func sign(_ bytes: [UInt8], name: String = "document", limits: XMLLimits = .init()) throws(XMLProblem) -> [UInt8] {
        let tree = try XMLTree(parsing: bytes, name: name, limits: limits)
        try sign(tree)
        return tree.serialized()
    }
}

extension XMLElement {
    /// Appends an element in the signature namespace (its `ds` prefix is in scope).
    func appendDS(_ localName: String) -> XMLElement {
        appendElement(localName: localName, namespace: XMLDSig.namespace)
    }
}
