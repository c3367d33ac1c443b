import HotlineXML

/// The form table of an ODT feedback sheet (`content.xml`) as `FeedbackSheetTable` (issue 9
/// item 5): each `table:table-row` (ODF 1.3 Part 3 §9.1.3), each `table:table-cell` of it
/// (§9.1.4; `table:covered-table-cell`s are the hidden parts of a span), and the text of its
/// paragraphs with the `text:user-field-get`s (§7.7.9) kept apart from what was typed beside them.
enum ODTSheetTable {
    /// A run of spaces `text:s text:c` (§6.1.3) is read up to this long: the count is the
    /// sender's, and a form's cell never needs more.
    static let maxSpaceRun = 256

    static func table(under root: XMLElement) -> FeedbackSheetTable {
        let rows = root.descendants(localName: "table-row", namespace: ODFNamespace.table).map { row in
            row.childElements(localName: "table-cell", namespace: ODFNamespace.table).map(cell)
        }
        return FeedbackSheetTable(rows: rows)
    }

    /// A cell: its paragraphs (`text:p`, `text:h`, inside lists too), one line each; a table
    /// nested in the cell is not part of it.
    static func cell(_ element: XMLElement) -> FeedbackSheetTable.Cell {
        var reading = CellText()
        for paragraph in paragraphs(of: element) {
            reading.newParagraph()
            reading.read(paragraph, inField: false)
        }
        return reading.cell
    }

    private static func paragraphs(of element: XMLElement) -> [XMLElement] {
        element.children.flatMap { child -> [XMLElement] in
            guard child.namespaceURI == ODFNamespace.text else { return [] }
            switch child.localName {
            case "p", "h": return [child]
            case "list", "list-item", "list-header", "section": return paragraphs(of: child)
            default: return []
            }
        }
    }

    /// The text of one cell as it is read: shown text and typed text side by side.
    struct CellText {
        var cell = FeedbackSheetTable.Cell()
        private var paragraphCount = 0

        mutating func newParagraph() {
            if paragraphCount > 0 { append("\n", inField: false) }
            paragraphCount += 1
        }

        mutating func append(_ text: String, inField: Bool) {
            cell.shown += text
            if !inField { cell.typed += text }
        }

        /// The mixed content of a paragraph or span: text, spaces, tabs, line breaks, fields;
        /// notes, annotations and frames (a picture's caption) are not the cell's text.
        mutating func read(_ element: XMLElement, inField: Bool) {
            for item in element.content {
                switch item {
                case .text(let text):
                    append(text, inField: inField)
                case .element(let child):
                    guard child.namespaceURI == ODFNamespace.text else { continue }
                    switch child.localName {
                    case "s":
                        let count = child.attribute("c", namespace: ODFNamespace.text).flatMap { Int($0) } ?? 1
                        append(String(repeating: " ", count: min(max(count, 1), ODTSheetTable.maxSpaceRun)), inField: inField)
                    case "tab": append("\t", inField: inField)
                    case "line-break": append("\n", inField: inField)
                    case "user-field-get":
                        if let name = child.attribute("name", namespace: ODFNamespace.text) { cell.fields.append(name) }
                        read(child, inField: true)
                    case "note", "tracked-changes", "bookmark-start", "bookmark-end": continue
                    default: read(child, inField: inField)  // text:span, text:a, text:meta …
                    }
                }
            }
        }
    }
}
