import CLibXML2

/// Exclusive XML Canonicalization 1.0, without comments (`http://www.w3.org/2001/10/xml-exc-c14n#`).
///
/// The bytes XML-DSig digests and signs (XML-DSig 1.1 §4.4.3, §6.6.1). Exclusive rather than
/// inclusive C14N because it renders only the namespaces a node visibly uses (Exc-C14N §3), so a
/// signed subtree canonicalizes the same wherever it is moved; and without comments, so comments
/// added to a signed document do not change it (XML-DSig 1.1 §4.4.3.3).
///
/// Done by libxml2's `xmlC14NExecute` with a visibility callback: the same code xmlsec1 uses.
public enum ExclusiveC14N {
    /// The algorithm URI (Exc-C14N §3, "without comments").
    public static let algorithm = "http://www.w3.org/2001/10/xml-exc-c14n#"

    /// The whole document, leaving out `excluded` and everything inside it.
    ///
    /// With `excluded` the `ds:Signature` element this is the enveloped-signature transform
    /// followed by Exc-C14N, as a `Reference URI=""` prescribes (XML-DSig 1.1 §6.6.4, §4.4.3.3).
    public static func canonicalize(_ tree: XMLTree, excluding excluded: XMLElement? = nil) throws(XMLProblem) -> [UInt8] {
        if let excluded { precondition(excluded.tree === tree, "the excluded element belongs to another tree") }
        return try run(tree, Visibility(excluded: excluded?.node, only: nil))
    }

    /// One element and its subtree as a document subset (for `SignedInfo`, XML-DSig 1.1 §4.4.3.2):
    /// namespaces declared on ancestors appear where first visibly used.
    public static func canonicalize(_ element: XMLElement) throws(XMLProblem) -> [UInt8] {
        try run(element.tree, Visibility(excluded: nil, only: element.node))
    }

    /// Which nodes are in the node set.
    private final class Visibility {
        let excluded: xmlNodePtr?
        let only: xmlNodePtr?
        init(excluded: xmlNodePtr?, only: xmlNodePtr?) {
            self.excluded = excluded
            self.only = only
        }

        /// Whether `node` (whose element is `element`: the node itself, or the owner of an
        /// attribute or namespace node) is in the set.
        func contains(_ element: xmlNodePtr?) -> Bool {
            var seenOnly = only == nil
            var current = element
            while let node = current {
                if node == excluded { return false }
                if node == only { seenOnly = true }
                current = node.pointee.parent
            }
            return seenOnly
        }
    }

    private static let isVisible: xmlC14NIsVisibleCallback = { userData, node, parent in
        guard let userData, let node else { return 0 }
        let visibility = Unmanaged<Visibility>.fromOpaque(userData).takeUnretainedValue()
        // libxml2 passes namespace nodes as `xmlNs` cast to `xmlNode`: only `type` (at the same
        // offset in both) may be read from them; their element is `parent`.
        let owner = node.pointee.type == XML_NAMESPACE_DECL ? parent : node
        return visibility.contains(owner) ? 1 : 0
    }

    private static func run(_ tree: XMLTree, _ visibility: Visibility) throws(XMLProblem) -> [UInt8] {
        _ = libxml2Initialized
        guard let buffer = xmlAllocOutputBuffer(nil) else {
            throw .libxml2Failed(document: tree.name, operation: "allocate a canonicalization buffer")
        }
        defer { xmlOutputBufferClose(buffer) }
        let diagnostics = LibXMLDiagnostics()
        let result = withExtendedLifetime(visibility) {
            diagnostics.capturingGlobalErrors {
                xmlC14NExecute(tree.document, isVisible, Unmanaged.passUnretained(visibility).toOpaque(),
                               Int32(XML_C14N_EXCLUSIVE_1_0.rawValue), nil, 0, buffer)
            }
        }
        guard result >= 0 else {
            let reason = diagnostics.details.first.map { ": \($0.message)" } ?? ""
            throw .libxml2Failed(document: tree.name, operation: "canonicalize (Exc-C14N)\(reason)")
        }
        guard let content = xmlOutputBufferGetContent(buffer) else { return [] }
        return Array(UnsafeBufferPointer(start: content, count: Int(xmlOutputBufferGetSize(buffer))))
    }
}
