import CLibXML2

/// An element's mixed content in document order: the readers of filled forms need the text
/// around and between elements (`a<text:s text:c="2"/>b`, a run beside a field), which
/// `children` and `text` do not keep apart.
public enum XMLContent {
    /// A child element.
    case element(XMLElement)
    /// The text of a text or CDATA child.
    case text(String)
}

extension XMLElement {
    /// The element and text children, in order; comments and processing instructions are skipped.
    public var content: [XMLContent] {
        var result: [XMLContent] = []
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE: result.append(.element(XMLElement(tree: tree, node: current)))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE: result.append(.text(String(xmlChars: current.pointee.content) ?? ""))
            default: break
            }
            child = current.pointee.next
        }
        return result
    }
}
