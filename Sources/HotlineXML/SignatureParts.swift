/// The parts of a `ds:Signature` a verifier uses, read strictly (XML-DSig 1.1 §4).
///
/// Only the shape `XMLSigner` writes (and an xmlsec1 template of the same algorithms) is read:
/// every element in the `ds` namespace, in order, nothing extra but an optional `KeyInfo`.
struct SignatureParts {
    let signedInfo: XMLElement
    let signatureAlgorithm: String
    let digest: [UInt8]
    let signatureValue: [UInt8]

    init(_ signature: XMLElement) throws(SignatureDefect) {
        let children = try Self.elements(of: signature, expected: ["SignedInfo", "SignatureValue", "KeyInfo"], optionalLast: true)
        let signedInfo = children[0]
        let infoChildren = signedInfo.children
        let references = infoChildren.filter { $0.localName == "Reference" }
        guard references.count == 1 else { throw .referenceCount(references.count) }
        let info = try Self.elements(of: signedInfo, expected: ["CanonicalizationMethod", "SignatureMethod", "Reference"])

        let canonicalization = try Self.algorithm(of: info[0])
        guard canonicalization == ExclusiveC14N.algorithm, info[0].children.isEmpty else {
            throw .unsupportedCanonicalization(canonicalization + (info[0].children.isEmpty ? "" : " with parameters"))
        }
        let signatureAlgorithm = try Self.algorithm(of: info[1])
        guard [XMLDSig.rsaSHA256, XMLDSig.ecdsaSHA256].contains(signatureAlgorithm), info[1].children.isEmpty else {
            throw .unsupportedSignatureAlgorithm(signatureAlgorithm + (info[1].children.isEmpty ? "" : " with parameters"))
        }

        let reference = info[2]
        guard let uri = reference.attribute("URI"), uri.isEmpty else { throw .referenceNotWholeDocument(uri: reference.attribute("URI")) }
        let parts = try Self.elements(of: reference, expected: ["Transforms", "DigestMethod", "DigestValue"])
        let transforms = parts[0].children
        var uris: [String] = []
        for transform in transforms {
            guard transform.localName == "Transform", transform.namespaceURI == XMLDSig.namespace else {
                throw .malformedSignature("<\(transform.localName)> inside Transforms")
            }
            uris.append(try Self.algorithm(of: transform) + (transform.children.isEmpty ? "" : " with parameters"))
        }
        guard uris == [XMLDSig.envelopedSignature, ExclusiveC14N.algorithm] else { throw .unsupportedTransforms(uris) }
        let digestAlgorithm = try Self.algorithm(of: parts[1])
        guard digestAlgorithm == XMLDSig.sha256 else { throw .unsupportedDigestAlgorithm(digestAlgorithm) }
        guard parts[2].children.isEmpty, let digest = XMLDSig.decodeBase64(parts[2].text), digest.count == 32 else {
            throw .malformedDigestValue
        }
        guard children[1].children.isEmpty, let value = XMLDSig.decodeBase64(children[1].text) else {
            throw .malformedSignatureValue
        }
        self.signedInfo = signedInfo
        self.signatureAlgorithm = signatureAlgorithm
        self.digest = digest
        self.signatureValue = value
    }

    /// The child elements of `parent`, which must be exactly `expected` in the ds namespace (the
    /// last one may be missing when `optionalLast`), with no non-whitespace text between them.
    static func elements(of parent: XMLElement, expected: [String], optionalLast: Bool = false) throws(SignatureDefect) -> [XMLElement] {
        let children = parent.children
        let names = children.map { $0.namespaceURI == XMLDSig.namespace ? $0.localName : "{\($0.namespaceURI ?? "")}\($0.localName)" }
        guard names == expected || (optionalLast && names == Array(expected.dropLast())) else {
            throw .malformedSignature("\(parent.localName) holds [\(names.joined(separator: ", "))], expected [\(expected.joined(separator: ", "))]")
        }
        if parent.ownText.contains(where: { !$0.isWhitespace }) {
            throw .malformedSignature("text inside \(parent.localName)")
        }
        return children
    }

    /// The required `Algorithm` attribute of a method element.
    static func algorithm(of element: XMLElement) throws(SignatureDefect) -> String {
        guard let algorithm = element.attribute("Algorithm") else {
            throw .malformedSignature("\(element.localName) without Algorithm")
        }
        return algorithm
    }
}
