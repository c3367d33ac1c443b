import Foundation

/// The form table of a filled feedback sheet as a person reads it (issue 9 item 5): rows of
/// cells, each cell the fields it shows and the text in it. Built from an ODT's `table:table`
/// (`FeedbackODTReader+Table.swift`) or a DOCX's `w:tbl` (`FeedbackDOCXReader+Table.swift`);
/// pure, so the reading rule below is tested without a package.
///
/// A clerk fills a form by clicking into the empty cell beside a label and typing, not through
/// Edit ▸ Fields: the field stays empty and the answer is text beside it. And a second cited
/// policy is a row the clerk added (Table ▸ Insert ▸ Rows Below), with no field in it at all.
struct FeedbackSheetTable: Equatable {
    /// One table cell.
    struct Cell: Equatable {
        /// The user fields (ODT `text:user-field-get`) or document variables (DOCX `DOCVARIABLE`)
        /// the cell shows, in order.
        var fields: [String] = []
        /// All the text a reader sees in the cell, field results included, paragraphs joined by
        /// newlines.
        var shown = ""
        /// The text outside the fields: what was typed beside them.
        var typed = ""

        init(fields: [String] = [], shown: String = "", typed: String = "") {
            self.fields = fields
            self.shown = shown
            self.typed = typed
        }
    }

    /// The rows of every table of the document, in document order; a row is its cells in order
    /// (ODT covered cells and DOCX spans are not cells).
    var rows: [[Cell]]

    /// The field values a person reads off the sheet, from the declared values (`declared`: ODT
    /// user-field declarations, DOCX document variables) and the table:
    /// - a cell showing one field: the field's value if set, else the cell's text. A set field
    ///   with more text typed beside it keeps the field's value, with a note
    ///   (`typedBesideField`);
    /// - a row with no field below a row of a repeated group (`groups`, 政策依据 … 文号) or below
    ///   such an added row: a row the clerk added. Each cell under a group field's cell gives that
    ///   field a new clone, `citation_title.N` with N past every declared clone, so the rows read
    ///   in table order after the rendered ones. A blank added row is skipped.
    /// A cell showing two fields is left to the declarations: which field typed text belongs to
    /// cannot be told.
    func values(declared: [String: String], groups: [FormFieldCatalog.RowGroup]) -> (values: [String: String], notes: [FeedbackODTNote]) {
        var values = declared
        var notes: [FeedbackODTNote] = []
        /// The last row of a repeated group seen and what follows it: column → group field.
        var groupColumns: [Int: String] = [:]
        var nextClone: [String: Int] = [:]
        for row in rows {
            let rowFields = row.flatMap(\.fields)
            guard !rowFields.isEmpty else {
                addRow(row, columns: groupColumns, declared: declared, into: &values, nextClone: &nextClone)
                continue
            }
            for cell in row where cell.fields.count == 1 {
                let name = cell.fields[0]
                if Self.isBlank(declared[name] ?? "") {
                    if !Self.isBlank(cell.shown) { values[name] = cell.shown }
                } else if !Self.isBlank(cell.typed) {
                    notes.append(.typedBesideField(name: name, typed: Self.trimmed(cell.typed)))
                }
            }
            groupColumns = [:]
            for (column, cell) in row.enumerated() {
                guard let field = cell.fields.first.map(FormFieldCatalog.baseName),
                      groups.contains(where: { $0.fields.contains(field) }) else { continue }
                groupColumns[column] = field
            }
        }
        return (values, notes)
    }

    /// An added row's cells under the group's columns as new clones of the group's fields.
    private func addRow(_ row: [Cell], columns: [Int: String], declared: [String: String],
                        into values: inout [String: String], nextClone: inout [String: Int]) {
        let filled = columns.filter { $0.key < row.count && !Self.isBlank(row[$0.key].shown) }
        guard !filled.isEmpty else { return }
        // One number for the whole row, past the clones of every field of the row.
        let number = columns.values.map { field in
            nextClone[field] ?? (declared.keys.compactMap { FieldValues.rowIndex($0, of: field) }.max() ?? 0) + 1
        }.max() ?? 1
        // Rows past the last a sheet can have are not read (and no number runs past it).
        guard number <= FieldValues.maxRowIndex else { return }
        for (column, field) in filled { values["\(field).\(number)"] = row[column].shown }
        for field in columns.values { nextClone[field] = number + 1 }
    }

    static func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
    static func isBlank(_ text: String) -> Bool { trimmed(text).isEmpty }
}
