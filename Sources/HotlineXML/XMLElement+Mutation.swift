import CLibXML2

/// Changing a tree. Names must be XML names (`NCName`); passing anything else is a programming
/// error and traps. Values and text are escaped when written; characters XML 1.0 cannot carry
/// at all (§2.2 `Char`: most C0 controls, U+FFFE, U+FFFF) are replaced with U+FFFD so that what is
/// written always parses again.
extension XMLElement {
    static func xmlSafe(_ text: String) -> String {
        func allowed(_ s: Unicode.Scalar) -> Bool {
            switch s.value {
            case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
            default: return false
            }
        }
        guard !text.unicodeScalars.allSatisfy(allowed) else { return text }
        var scalars = String.UnicodeScalarView()
        for s in text.unicodeScalars { scalars.append(allowed(s) ? s : "\u{FFFD}") }
        return String(scalars)
    }

    /// Sets (or replaces) an attribute. An attribute in a namespace takes a prefix already declared
    /// for it in scope, or declares a new one on this element (attributes never use the default
    /// namespace: Namespaces in XML 1.0 §6.2).
    public func setAttribute(_ localName: String, namespace: String? = nil, value: String) {
        precondition(XMLNames.isNCName(localName), "\(localName) is not an NCName")
        let ns = namespace.map { prefixedNamespace($0) }
        _ = localName.withXMLChars { name in Self.xmlSafe(value).withXMLChars { xmlSetNsProp(node, ns, name, $0) } }
    }

    /// Removes an attribute; does nothing when it is absent.
    public func removeAttribute(_ localName: String, namespace: String? = nil) {
        guard let attribute = findAttribute(localName, namespace) else { return }
        xmlRemoveProp(attribute)
    }

    /// Replaces all children with one text node holding `text` (escaped when serialized).
    ///
    /// Former child elements are detached, not freed: `XMLElement` values for them stay safe.
    public func setText(_ text: String) {
        while let child = node.pointee.children { tree.detach(child) }
        appendText(text)
    }

    /// Appends a text node (merged with a preceding text node, as libxml2 does).
    public func appendText(_ text: String) {
        guard !text.isEmpty, let textNode = Self.xmlSafe(text).withXMLChars({ xmlNewDocText(tree.document, $0) }) else { return }
        if xmlAddChild(node, textNode) == nil { xmlFreeNode(textNode) }
    }

    /// Appends a new child element in `namespace` and returns it.
    ///
    /// The element reuses a prefix (or the default namespace) in scope for `namespace`. Otherwise
    /// it declares `namespace` as its default namespace, or under a fresh `nsN` prefix when another
    /// default namespace is in scope. An element in no namespace under a default namespace gets
    /// `xmlns=""`.
    @discardableResult
    public func appendElement(localName: String, namespace: String? = nil) -> XMLElement {
        precondition(XMLNames.isNCName(localName), "\(localName) is not an NCName")
        guard let child = localName.withXMLChars({ xmlNewDocNode(tree.document, nil, $0, nil) }),
              xmlAddChild(node, child) != nil else {
            fatalError("libxml2 could not allocate an element")
        }
        let element = XMLElement(tree: tree, node: child)
        let inScopeDefault = xmlSearchNs(tree.document, node, nil)
        if let namespace {
            if let existing = namespace.withXMLChars({ xmlSearchNsByHref(tree.document, node, $0) }) {
                xmlSetNs(child, existing)
            } else if inScopeDefault == nil || String(xmlChars: inScopeDefault?.pointee.href)?.isEmpty == true {
                xmlSetNs(child, namespace.withXMLChars { xmlNewNs(child, $0, nil) })
            } else {
                xmlSetNs(child, element.declareFreshPrefix(for: namespace))
            }
        } else if let inScopeDefault, String(xmlChars: inScopeDefault.pointee.href)?.isEmpty == false {
            _ = "".withXMLChars { xmlNewNs(child, $0, nil) }  // xmlns=""
        }
        return element
    }

    /// Puts a deep copy of this element right after `anchor` (default: after this element) and
    /// returns it; for repeating a template row. `anchor` must be in the same tree and have a parent.
    @discardableResult
    public func insertCopy(after anchor: XMLElement? = nil) -> XMLElement {
        let anchor = anchor ?? self
        precondition(anchor.tree === tree, "the anchor belongs to another tree")
        precondition(anchor.parent != nil, "the anchor is detached or the root")
        guard let copy = xmlDocCopyNode(node, tree.document, 1) else { fatalError("libxml2 could not copy a node") }
        guard xmlAddNextSibling(anchor.node, copy) != nil else {
            xmlFreeNode(copy)
            fatalError("libxml2 could not insert a node")
        }
        XMLNamespaceTidy.dropRedundantDeclarations(on: copy, document: tree.document)
        return XMLElement(tree: tree, node: copy)
    }

    /// A deep copy of this element placed right after it; `insertCopy()`.
    @discardableResult
    public func copy() -> XMLElement { insertCopy() }

    /// Unlinks this element from the document. The root cannot be removed (does nothing).
    ///
    /// Invalidated: nothing in memory terms — this element and its descendants are detached and
    /// freed with the tree; values that point at them keep working but are no longer in the document.
    public func remove() {
        guard node != xmlDocGetRootElement(tree.document) else { return }
        tree.detach(node)
    }

    /// A prefix bound to `namespace` in scope here, declaring `nsN` on this element if none is.
    func prefixedNamespace(_ namespace: String) -> xmlNsPtr {
        if namespace == "http://www.w3.org/XML/1998/namespace",
           let xml = namespace.withXMLChars({ xmlSearchNsByHref(tree.document, node, $0) }) {
            return xml
        }
        if let list = xmlGetNsList(tree.document, node) {
            defer { clibxml2_free(list) }
            var i = 0
            while let ns = list[i] {
                if ns.pointee.prefix != nil, String(xmlChars: ns.pointee.href) == namespace { return ns }
                i += 1
            }
        }
        return declareFreshPrefix(for: namespace)
    }

    func declareFreshPrefix(for namespace: String) -> xmlNsPtr {
        var n = 1
        while true {
            let prefix = "ns\(n)"
            let taken = prefix.withXMLChars { xmlSearchNs(tree.document, node, $0) } != nil
            if !taken, let ns = namespace.withXMLChars({ href in prefix.withXMLChars { xmlNewNs(node, href, $0) } }) {
                return ns
            }
            n += 1
        }
    }
}
