import HotlineCore
import HotlineXML

/// The data half of every outgoing form (issue 4, items 2–3): the form model written as XML,
/// checked against `templates/forms.xsd`, then signed by the center — an enveloped XML-DSig
/// signature (exclusive C14N, SHA-256, RSA-SHA256) as the last child of the root.
///
/// Validation comes before signing, so the center never signs a form its own schema refuses.
public struct SignedFormXML: Sendable {
    public let writer: FormXMLWriter
    public let schema: XMLSchema
    public let signer: XMLSigner

    public init(writer: FormXMLWriter, schema: XMLSchema, signer: XMLSigner) {
        self.writer = writer
        self.schema = schema
        self.signer = signer
    }

    /// The signed document's bytes.
    public func signed(_ form: Form) throws(XMLProblem) -> [UInt8] {
        let name = form.particulars.formNumber.description
        let tree = try XMLTree(parsing: Array(writer.xml(form).utf8), name: name)
        try schema.validate(tree)
        try signer.sign(tree)
        return tree.serialized()
    }
}
