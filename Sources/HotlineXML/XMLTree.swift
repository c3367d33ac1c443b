import CLibXML2

/// An XML document held by libxml2: parsed safely from bytes or built from a root element.
///
/// The tree owns its `xmlDoc`; every `XMLElement` keeps a strong reference to its tree, so the
/// document lives as long as any element of it. A tree is not thread-safe: keep it in one task.
///
/// Removed subtrees (`XMLElement.remove()`, `setText`) are unlinked at once but freed only with the
/// tree, so an `XMLElement` that still points into one stays memory-safe (it is merely detached).
public final class XMLTree {
    /// The libxml2 document; valid for the life of the tree.
    let document: xmlDocPtr
    /// A name for messages: a file name, a mail part, "document".
    public let name: String
    private let rootNode: xmlNodePtr
    /// Subtrees unlinked from the document, freed in `deinit`.
    private var detached: [xmlNodePtr] = []

    /// Parses a document from untrusted bytes (XML 1.0, namespaces, UTF-8 only).
    ///
    /// Refused before libxml2 runs: input over `limits.maxBytes`, bytes that are not UTF-8, an XML
    /// declaration naming another encoding, any `<!DOCTYPE` (so no internal or external entities,
    /// no billion laughs, no external DTD). Refused while parsing: nesting past `limits.maxDepth`,
    /// more than `limits.maxElements` elements, anything not well-formed. libxml2 runs with
    /// `XML_PARSE_NONET`, without XInclude, and reports through a handler, never stderr.
    public init(parsing bytes: [UInt8], name: String = "document", limits: XMLLimits = .init()) throws(XMLProblem) {
        let document = try XMLSafeParser.parse(bytes, name: name, limits: limits)
        guard let root = xmlDocGetRootElement(document) else {
            xmlFreeDoc(document)
            throw .notWellFormed(document: name, .init(line: 0, message: "no root element"))
        }
        self.document = document
        self.rootNode = root
        self.name = name
    }

    /// Starts a new document whose root is `qualifiedName` ("Filing" or "ds:Signature") in
    /// `namespace`, declared on the root with the name's prefix (or as the default namespace).
    public init(root qualifiedName: String, namespace: String? = nil, name: String = "document") throws(XMLProblem) {
        _ = libxml2Initialized
        let (prefix, localName) = try XMLNames.split(qualifiedName)
        if prefix != nil, namespace == nil { throw .invalidName(qualifiedName) }
        guard let document = xmlNewDoc("1.0"),
              let root = localName.withXMLChars({ xmlNewDocNode(document, nil, $0, nil) }) else {
            throw .libxml2Failed(document: name, operation: "create a document")
        }
        xmlDocSetRootElement(document, root)
        if let namespace {
            let ns = namespace.withXMLChars { href in
                prefix.map { p in p.withXMLChars { xmlNewNs(root, href, $0) } } ?? xmlNewNs(root, href, nil)
            }
            xmlSetNs(root, ns)
        }
        self.document = document
        self.rootNode = root
        self.name = name
    }

    deinit {
        // Detached nodes share the document's dictionary: free them while it still exists.
        for node in detached { xmlFreeNode(node) }
        xmlFreeDoc(document)
    }

    /// The document element.
    public var root: XMLElement { XMLElement(tree: self, node: rootNode) }

    /// Unlinks `node` from the document; it is freed with the tree.
    func detach(_ node: xmlNodePtr) {
        guard node.pointee.parent != nil else { return }  // already detached
        xmlUnlinkNode(node)
        detached.append(node)
    }

    /// The whole document as UTF-8, with the XML declaration, byte for byte as libxml2 writes it.
    public func serialized() -> [UInt8] {
        save { context in xmlSaveDoc(context, document) }
    }

    /// One element and its subtree as UTF-8, without an XML declaration (like `xmlNodeDump`).
    ///
    /// Namespace declarations made on ancestors are not repeated, so the result may not stand
    /// alone as a namespace-well-formed document; that is what template renderers want.
    public func serialized(_ element: XMLElement) -> [UInt8] {
        precondition(element.tree === self, "the element belongs to another tree")
        return save { context in xmlSaveTree(context, element.node) }
    }

    private func save(_ write: (OpaquePointer) -> Int) -> [UInt8] {
        guard let buffer = xmlBufferCreate() else { return [] }
        defer { xmlBufferFree(buffer) }
        let options = Int32(XML_SAVE_AS_XML.rawValue)
        let diagnostics = LibXMLDiagnostics()
        diagnostics.capturingGlobalErrors {
            guard let context = xmlSaveToBuffer(buffer, "UTF-8", options) else { return }
            _ = write(context)
            xmlSaveClose(context)
        }
        guard let content = xmlBufferContent(buffer) else { return [] }
        return Array(UnsafeBufferPointer(start: content, count: Int(xmlBufferLength(buffer))))
    }
}

/// XML names as the tree API accepts them (Namespaces in XML 1.0 §3 `NCName`, `QName`).
enum XMLNames {
    static func isNCName(_ name: String) -> Bool {
        !name.isEmpty && name.withXMLChars { xmlValidateNCName($0, 0) == 0 }
    }

    static func split(_ qualifiedName: String) throws(XMLProblem) -> (prefix: String?, localName: String) {
        let parts = qualifiedName.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 1 where isNCName(parts[0]): return (nil, parts[0])
        case 2 where isNCName(parts[0]) && isNCName(parts[1]): return (parts[0], parts[1])
        default: throw .invalidName(qualifiedName)
        }
    }
}
