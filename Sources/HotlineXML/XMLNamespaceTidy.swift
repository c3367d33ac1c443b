import CLibXML2

/// Namespace declarations libxml2 adds when it copies a node out of its context.
enum XMLNamespaceTidy {
    /// Removes declarations on `element` that repeat what is already in scope at its parent, and
    /// points the subtree's names at the in-scope declarations instead.
    ///
    /// `xmlDocCopyNode` copies without a parent, so it declares every namespace the subtree uses on
    /// the copy; once the copy is placed beside its original those declarations are noise (though
    /// harmless: Exc-C14N drops them anyway).
    static func dropRedundantDeclarations(on element: xmlNodePtr, document: xmlDocPtr) {
        guard let parent = element.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return }
        var replacements: [(old: xmlNsPtr, new: xmlNsPtr)] = []
        var previous: xmlNsPtr?
        var declaration = element.pointee.nsDef
        while let current = declaration {
            let next = current.pointee.next
            if let inScope = xmlSearchNs(document, parent, current.pointee.prefix),
               xmlStrEqual(inScope.pointee.href, current.pointee.href) != 0 {
                if let previous { previous.pointee.next = next } else { element.pointee.nsDef = next }
                current.pointee.next = nil
                replacements.append((current, inScope))
            } else {
                previous = current
            }
            declaration = next
        }
        guard !replacements.isEmpty else { return }
        func remap(_ ns: xmlNsPtr?) -> xmlNsPtr? {
            guard let ns else { return nil }
            return replacements.first { $0.old == ns }?.new ?? ns
        }
        var stack: [xmlNodePtr] = [element]
        while let node = stack.popLast() {
            node.pointee.ns = remap(node.pointee.ns)
            var attribute = node.pointee.properties
            while let current = attribute {
                current.pointee.ns = remap(current.pointee.ns)
                attribute = current.pointee.next
            }
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE { stack.append(current) }
                child = current.pointee.next
            }
        }
        for replacement in replacements { xmlFreeNs(replacement.old) }
    }
}
