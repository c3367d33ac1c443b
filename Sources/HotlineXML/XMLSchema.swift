import CLibXML2

/// A compiled W3C XML Schema (XSD 1.0) that validates `XMLTree`s.
///
/// The XSD is itself untrusted-shaped input: it is parsed by `XMLTree(parsing:)` (so no DTD and no
/// entities, which libxml2's own schema loader would substitute), refused if it names another
/// document to load (`xs:include`, `xs:redefine`, `xs:override`, or `xs:import` with a
/// `schemaLocation`), and compiled with libxml2's loader refusing every file and URL.
///
/// Thread safety: a compiled schema is immutable and may be shared between threads and tasks;
/// each `violations(in:)` call makes its own validation context (libxml2 supports concurrent
/// validation against one `xmlSchema` this way). The trees validated must not be shared.
public final class XMLSchema: @unchecked Sendable {
    /// A name for messages ("assignment-sheet.xsd").
    public let name: String
    private let schema: xmlSchemaPtr
    /// The parsed XSD; libxml2's compiled components point into it, so it lives as long as `schema`.
    private let source: XMLTree

    /// The XML Schema namespace (XSD 1.0 Part 1 §3.15.2).
    static let xsdNamespace = "http://www.w3.org/2001/XMLSchema"

    /// Compiles an XSD given as bytes.
    public init(xsd bytes: [UInt8], name: String = "schema") throws(XMLProblem) {
        let source = try XMLTree(parsing: bytes, name: name)
        for directive in ["include", "redefine", "override", "import"] {
            for element in source.root.descendants(localName: directive, namespace: Self.xsdNamespace)
            where directive != "import" || element.attribute("schemaLocation") != nil {
                throw .schemaReachesOut(schema: name, location: element.attribute("schemaLocation") ?? "xs:\(directive)")
            }
        }
        _ = libxml2Initialized
        let diagnostics = LibXMLDiagnostics()
        guard let parser = xmlSchemaNewDocParserCtxt(source.document) else {
            throw .libxml2Failed(document: name, operation: "create a schema parser")
        }
        defer { xmlSchemaFreeParserCtxt(parser) }
        xmlSchemaSetParserStructuredErrors(parser, LibXMLDiagnostics.structuredHandler, diagnostics.opaque)
        let compiled = diagnostics.capturingGlobalErrors { xmlSchemaParse(parser) }
        guard let compiled, diagnostics.details.isEmpty else {
            if let compiled { xmlSchemaFree(compiled) }
            throw .schemaNotCompiled(schema: name, diagnostics.details)
        }
        self.schema = compiled
        self.source = source
        self.name = name
    }

    deinit { xmlSchemaFree(schema) }

    /// Every way `tree` breaks the schema, with lines and libxml2's messages (which name the
    /// element: "Element 'Party', attribute 'role': …"); empty when the tree is valid.
    public func violations(in tree: XMLTree) -> [XMLProblem.Detail] {
        let diagnostics = LibXMLDiagnostics()
        guard let validator = xmlSchemaNewValidCtxt(schema) else {
            return [.init(line: 0, message: "libxml2 could not create a validation context")]
        }
        defer { xmlSchemaFreeValidCtxt(validator) }
        xmlSchemaSetValidStructuredErrors(validator, LibXMLDiagnostics.structuredHandler, diagnostics.opaque)
        let result = diagnostics.capturingGlobalErrors { xmlSchemaValidateDoc(validator, tree.document) }
        if result != 0, diagnostics.details.isEmpty {
            return [.init(line: 0, message: "libxml2 validation failed with code \(result)", code: Int(result))]
        }
        return diagnostics.details
    }

    /// Throws `XMLProblem.notValid` listing every violation unless `tree` is valid.
    public func validate(_ tree: XMLTree) throws(XMLProblem) {
        let found = violations(in: tree)
        if !found.isEmpty { throw .notValid(document: tree.name, found) }
    }
}
