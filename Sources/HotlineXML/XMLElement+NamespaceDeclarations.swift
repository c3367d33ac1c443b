import CLibXML2

/// The namespace declarations an element carries itself (`xmlns:p="…"`, `xmlns="…"`).
///
/// Added on the odt branch for ODF packaging: a flat ODT (`office:document`) is split into
/// `content.xml`, `styles.xml` and `meta.xml`, and each part's new root must redeclare the
/// namespaces the flat document's root declared (ODF 1.3 Part 3 §2.2.1, §3.1.3).
extension XMLElement {
    /// The declarations written on this element, in document order; `prefix` is nil for the
    /// default namespace. Declarations inherited from ancestors are not included.
    public var namespaceDeclarations: [(prefix: String?, uri: String)] {
        var result: [(String?, String)] = []
        var declaration = node.pointee.nsDef
        while let current = declaration {
            result.append((String(xmlChars: current.pointee.prefix), String(xmlChars: current.pointee.href) ?? ""))
            declaration = current.pointee.next
        }
        return result
    }
}
