import Crypto
import Foundation

/// Checks enveloped XML-DSig signatures of the one shape hotline signs, against pinned keys.
///
/// Strict by design, so that signature wrapping, comment tricks, key substitution and tampering
/// fail: exactly one `ds:Signature` in the document, a direct child of the root; `SignedInfo` of
/// exactly `CanonicalizationMethod` (Exc-C14N), `SignatureMethod` (rsa-sha256 or ecdsa-sha256) and
/// one `Reference` with `URI=""` (XML-DSig 1.1 §4.4.3.3: the whole document without comments);
/// the transforms exactly [enveloped-signature, Exc-C14N] — [enveloped-signature] alone would imply
/// inclusive C14N and is refused too; digest SHA-256. `SignatureValue` must verify under one of the
/// pinned keys: `KeyInfo` (KeyName, X509Data, KeyValue…) is allowed but never read, let alone
/// trusted. No `ds:Object` is accepted (wrapping attacks hide content there).
public struct XMLSignatureVerifier: Sendable {
    public let pinnedKeys: [PinnedKey]

    public init(pinnedKeys: [PinnedKey]) { self.pinnedKeys = pinnedKeys }

    /// Parses `bytes` safely and verifies the tree.
    public func verify(_ bytes: [UInt8], name: String = "document", limits: XMLLimits = .init()) -> SignatureVerification {
        do {
            return verify(try XMLTree(parsing: bytes, name: name, limits: limits))
        } catch {
            return .invalid([.unreadable(error)])
        }
    }

    /// Verifies the signature of a parsed document.
    ///
    /// `among` narrows the pinned keys tried, by label (say, the keys of the unit the document names):
    /// with a large registry a hostile document must not cost one check per key.
    public func verify(_ tree: XMLTree, among: (String) -> Bool = { _ in true }) -> SignatureVerification {
        let signature: XMLElement, parts: SignatureParts
        do {
            signature = try Self.theSignature(of: tree)
            parts = try SignatureParts(signature)
        } catch {
            return .invalid([error])
        }
        do {
            let canonical = try ExclusiveC14N.canonicalize(tree, excluding: signature)
            // Altered content: no key can make it good, so no key is tried (a hostile mail must not
            // cost one RSA operation per registered key).
            if Array(SHA256.hash(data: canonical)) != parts.digest { return .invalid([.digestMismatch]) }
        } catch {
            return .invalid([.unreadable(error)])
        }
        switch keyLabel(for: parts, among: among) {
        case let .success(label): return .valid(keyLabel: label)
        case let .failure(defect): return .invalid([defect])
        }
    }

    /// The only `ds:Signature`, a child of the root (XML-DSig 1.1 §2: an enveloped signature).
    static func theSignature(of tree: XMLTree) throws(SignatureDefect) -> XMLElement {
        let root = tree.root
        var found = root.descendants(localName: "Signature", namespace: XMLDSig.namespace)
        if root.matches("Signature", XMLDSig.namespace) { found.insert(root, at: 0) }
        guard let signature = found.first else { throw .unsigned }
        guard found.count == 1 else { throw .multipleSignatures(count: found.count) }
        guard let parent = signature.parent, parent == root else {
            throw .signatureNotChildOfRoot(parent: signature.parent?.localName ?? "(the document)")
        }
        return signature
    }

    /// The label of the pinned key whose signature `SignatureValue` is.
    func keyLabel(for parts: SignatureParts, among: (String) -> Bool = { _ in true }) -> Result<String, SignatureDefect> {
        let fitting = pinnedKeys.filter { $0.fits(parts.signatureAlgorithm) }
        guard !fitting.isEmpty else { return .failure(.noPinnedKeyForAlgorithm(parts.signatureAlgorithm)) }
        let candidates = fitting.filter { among($0.label) }
        guard !candidates.isEmpty else { return .failure(.notSignedByPinnedKey) }
        guard let signedInfo = try? ExclusiveC14N.canonicalize(parts.signedInfo) else {
            return .failure(.malformedSignature("SignedInfo could not be canonicalized"))
        }
        for key in candidates where key.verifies(parts.signatureValue, over: signedInfo, algorithm: parts.signatureAlgorithm) {
            // The same key may be pinned under several labels (one person in two roles): all of them.
            let same = candidates.filter { $0.fingerprint == key.fingerprint }.map(\.label)
            return .success(same.joined(separator: ","))
        }
        return .failure(.notSignedByPinnedKey)
    }
}
