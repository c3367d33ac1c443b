import HotlineXML

/// Repeated rows: a row group's `table:table-row` (ODF 1.3 Part 3 §9.1.3) copied once per item.
extension ODTTemplate {
    /// For each row group of the catalog that the template shows, the table rows holding its
    /// fields (usually one), in document order.
    func rowTemplates(in root: XMLElement) throws -> [(group: FormFieldCatalog.RowGroup, rows: [XMLElement])] {
        var result: [(FormFieldCatalog.RowGroup, [XMLElement])] = []
        let gets = root.descendants(localName: "user-field-get", namespace: ODFNamespace.text)
        for group in catalog.rowGroups {
            var rows: [XMLElement] = []
            for get in gets {
                guard let name = get.attribute("name", namespace: ODFNamespace.text), group.fields.contains(name) else { continue }
                guard let row = Self.enclosingTableRow(of: get) else {
                    throw ODTRenderError.rowFieldOutsideTableRow(field: name, line: get.line)
                }
                if !rows.contains(row) { rows.append(row) }
            }
            if !rows.isEmpty { result.append((group, rows)) }
        }
        return result
    }

    /// The nearest `table:table-row` above `element`, or nil.
    static func enclosingTableRow(of element: XMLElement) -> XMLElement? {
        var current = element.parent
        while let node = current {
            if node.localName == "table-row", node.namespaceURI == ODFNamespace.table { return node }
            current = node.parent
        }
        return nil
    }

    /// Replaces each template row of `group` with one copy per item, whose fields are renamed
    /// `field.1`, `field.2` … and declared next to the group's original declarations.
    ///
    /// Zero items keep the template row with its fields empty, so the printed form still shows
    /// the labelled line (协办单位: none).
    func repeatRows(_ templateRows: [XMLElement], group: FormFieldCatalog.RowGroup, items: [[String: String]],
                    decls: [String: XMLElement]) {
        guard !items.isEmpty else {
            for row in templateRows {
                for get in fieldGets(in: row, of: group) { ODTFieldText.write("", into: get.element) }
            }
            return
        }
        for row in templateRows {
            var anchor = row
            for (index, item) in items.enumerated() {
                let clone = row.insertCopy(after: anchor)
                for get in fieldGets(in: clone, of: group) {
                    get.element.setAttribute("name", namespace: ODFNamespace.text, value: "\(get.name).\(index + 1)")
                    ODTFieldText.write(item[get.name] ?? "", into: get.element)
                }
                anchor = clone
            }
            row.remove()
        }
        for field in group.fields {
            guard let decl = decls[field] else { continue }
            decl.setAttribute("string-value", namespace: ODFNamespace.office, value: "")
            var anchor = decl
            for (index, item) in items.enumerated() {
                let copy = decl.insertCopy(after: anchor)
                copy.setAttribute("name", namespace: ODFNamespace.text, value: "\(field).\(index + 1)")
                copy.setAttribute("string-value", namespace: ODFNamespace.office, value: item[field] ?? "")
                anchor = copy
            }
        }
    }

    private func fieldGets(in row: XMLElement, of group: FormFieldCatalog.RowGroup) -> [(name: String, element: XMLElement)] {
        row.descendants(localName: "user-field-get", namespace: ODFNamespace.text).compactMap { get in
            guard let name = get.attribute("name", namespace: ODFNamespace.text), group.fields.contains(name) else { return nil }
            return (name, get)
        }
    }
}
