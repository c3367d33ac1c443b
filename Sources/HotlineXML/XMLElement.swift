import CLibXML2

/// An element of an `XMLTree`: a libxml2 node plus the tree that owns it.
///
/// A value type with reference semantics: copies of an `XMLElement` name the same node, and
/// `==` compares nodes. Holding one keeps the whole document alive. After `remove()` (or a
/// `setText` on an ancestor) the element is detached: still safe to read and change, no longer
/// part of the document, and freed only with the tree.
public struct XMLElement: Equatable {
    /// The owning tree; keeps `node` alive.
    public let tree: XMLTree
    let node: xmlNodePtr

    init(tree: XMLTree, node: xmlNodePtr) {
        self.tree = tree
        self.node = node
    }

    public static func == (a: XMLElement, b: XMLElement) -> Bool { a.node == b.node }

    /// The local part of the element's name (`Signature` for `ds:Signature`).
    public var localName: String { String(xmlChars: node.pointee.name) ?? "" }

    /// The namespace name (URI) the element is in, or nil for none.
    public var namespaceURI: String? { String(xmlChars: node.pointee.ns?.pointee.href) }

    /// The prefix written on the element, or nil when it uses the default namespace or none.
    public var prefix: String? { String(xmlChars: node.pointee.ns?.pointee.prefix) }

    /// The parent element; nil for the root and for detached elements.
    public var parent: XMLElement? {
        guard let parent = node.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return nil }
        return XMLElement(tree: tree, node: parent)
    }

    /// The 1-based line of the start tag in the parsed source; 0 for built elements.
    public var line: Int { max(0, Int(xmlGetLineNo(node))) }

    /// The child elements, in order (text, comments and the like are skipped).
    public var children: [XMLElement] {
        var result: [XMLElement] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(XMLElement(tree: tree, node: current)) }
            child = current.pointee.next
        }
        return result
    }

    /// The child elements with this local name (and namespace, when given; nil means any).
    public func childElements(localName: String, namespace: String? = nil) -> [XMLElement] {
        children.filter { $0.matches(localName, namespace) }
    }

    /// The first child element with this local name (and namespace, when given).
    public func firstChild(localName: String, namespace: String? = nil) -> XMLElement? {
        children.first { $0.matches(localName, namespace) }
    }

    /// The descendant elements (not self) with this local name, in document order.
    public func descendants(localName: String, namespace: String? = nil) -> [XMLElement] {
        var result: [XMLElement] = []
        var stack: [xmlNodePtr] = []
        var child = node.pointee.children
        // Iterative pre-order walk: deep trees must not exhaust the stack.
        while true {
            if let current = child {
                if current.pointee.type == XML_ELEMENT_NODE {
                    let element = XMLElement(tree: tree, node: current)
                    if element.matches(localName, namespace) { result.append(element) }
                    if let first = current.pointee.children {
                        stack.append(current)
                        child = first
                        continue
                    }
                }
                child = current.pointee.next
            } else if let up = stack.popLast() {
                child = up.pointee.next
            } else {
                return result
            }
        }
    }

    func matches(_ localName: String, _ namespace: String?) -> Bool {
        guard self.localName == localName else { return false }
        return namespace == nil || namespaceURI == namespace
    }

    /// The value of an attribute, or nil when absent. `namespace` nil means an unprefixed attribute
    /// (which is in no namespace: Namespaces in XML 1.0 §6.2).
    public func attribute(_ localName: String, namespace: String? = nil) -> String? {
        guard let attribute = findAttribute(localName, namespace) else { return nil }
        return String(ownedXMLChars: xmlNodeListGetString(tree.document, attribute.pointee.children, 1)) ?? ""
    }

    func findAttribute(_ localName: String, _ namespace: String?) -> xmlAttrPtr? {
        var attribute = node.pointee.properties
        while let current = attribute {
            if String(xmlChars: current.pointee.name) == localName,
               String(xmlChars: current.pointee.ns?.pointee.href) == namespace {
                return current
            }
            attribute = current.pointee.next
        }
        return nil
    }

    /// The attributes as (local name, namespace, value), in document order.
    public var attributes: [(localName: String, namespace: String?, value: String)] {
        var result: [(String, String?, String)] = []
        var attribute = node.pointee.properties
        while let current = attribute {
            let value = String(ownedXMLChars: xmlNodeListGetString(tree.document, current.pointee.children, 1)) ?? ""
            result.append((String(xmlChars: current.pointee.name) ?? "", String(xmlChars: current.pointee.ns?.pointee.href), value))
            attribute = current.pointee.next
        }
        return result
    }

    /// The concatenated text of all descendant text and CDATA nodes (the XPath string-value).
    public var text: String { String(ownedXMLChars: xmlNodeGetContent(node)) ?? "" }
}
