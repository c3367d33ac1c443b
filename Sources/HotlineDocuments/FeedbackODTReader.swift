import Foundation
import HotlineCore
import HotlineXML

/// Reads a feedback sheet (反馈单) a unit filled in and returned as `.odt` (issue 5 item 2,
/// RULES.md §8): the inverse of `ODTTemplate` for the one form that comes back.
///
/// A unit fills the sheet in one of two ways. Through its user fields (Edit ▸ Fields ▸
/// Variables): LibreOffice stores each value in the field's declaration, `text:user-field-decl
/// office:string-value` (ODF 1.3 Part 3 §7.7.8), and the shown text is only a copy. Or, as clerks
/// fill forms, by typing into the empty cell beside each label and adding a table row for a second
/// cited policy (issue 9 item 5): the field stays empty and the answer is text beside it. So each
/// value is read as a person reads the form, from the cell beside its label — the field's value
/// if set, else the text in the cell (`FeedbackSheetTable`) — and repeated rows by their clones'
/// names (`citation_title.2`) and by the rows added below them.
///
/// The steps, each refusing with its own `FeedbackODTProblem`:
/// 1. the ZIP layer (`ZIPReader`) within `zipLimits`: archive size, entry count, declared sizes
///    and compression ratio from the central directory before inflating, actual sizes while
///    inflating, entry names checked and never used as paths — nothing is written to disk;
/// 2. `mimetype` says ODF text, and is the first entry, stored; `META-INF/manifest.xml` (when
///    present) parses safely and declares no encryption (`passwordProtected`);
/// 3. `content.xml` parsed by `XMLTree` within `xmlLimits` (no DOCTYPE, so no entities);
/// 4. the fields `case_number` and `form_number` exist, and the form number is not another form's.
/// Past these, a field the reader cannot take is a `FeedbackODTNote` and the rest is still read.
public struct FeedbackODTReader: Sendable {
    /// The ZIP bounds: `ZIPReader.Limits()` (10 MiB archive, 200 entries, 8 MiB per entry,
    /// 32 MiB in all, 100:1).
    public var zipLimits: ZIPReader.Limits
    /// The bounds for `content.xml`: 8 MiB, nesting 256, 200,000 elements — a LibreOffice
    /// feedback sheet is some 30 KB, depth 15, 600 elements.
    public var xmlLimits: XMLLimits
    /// This center's case-number prefix (`BB`).
    public let casePrefix: String
    /// The zone dates written without one (`2026年12月11日`) are read in.
    public let timeZone: TimeZone

    public init(casePrefix: String, timeZone: TimeZone) {
        self.casePrefix = casePrefix.uppercased()
        self.timeZone = timeZone
        self.zipLimits = ZIPReader.Limits()
        self.xmlLimits = XMLLimits()
    }

    /// Reads a filled `.odt` package; `name` (the attachment's file name) is used in messages.
    public func read(_ bytes: [UInt8], name: String = "feedback.odt") throws(FeedbackODTProblem) -> FilledFeedbackSheet {
        let zip: ZIPReader
        do { zip = try ZIPReader(bytes: bytes, limits: zipLimits) } catch { throw .package(error) }
        try checkPackage(zip, name: name)
        guard zip.entry("content.xml") != nil else { throw .missingContent }
        let content: [UInt8]
        do { content = try zip.read("content.xml", limit: xmlLimits.maxBytes) } catch { throw .package(error) }
        return try read(xml: content, name: "\(name)/content.xml", root: "document-content")
    }

    /// Reads a filled flat ODT (`.fodt`, ODF 1.3 Part 3 §2.2.1), which LibreOffice also saves.
    public func read(flatODT bytes: [UInt8], name: String = "feedback.fodt") throws(FeedbackODTProblem) -> FilledFeedbackSheet {
        try read(xml: bytes, name: name, root: "document")
    }

    private func read(xml: [UInt8], name: String, root rootName: String) throws(FeedbackODTProblem) -> FilledFeedbackSheet {
        let tree: XMLTree
        do { tree = try XMLTree(parsing: xml, name: name, limits: xmlLimits) } catch { throw .content(error) }
        let root = tree.root
        guard root.localName == rootName, root.namespaceURI == ODFNamespace.office else {
            throw .notODFContent(root: root.prefix.map { "\($0):\(root.localName)" } ?? root.localName)
        }
        var fields = UserFields(under: root)
        fields.read(ODTSheetTable.table(under: root))
        return try sheet(from: fields)
    }

    /// The sheet from its fields: identity first (refusing what is not a feedback sheet), then
    /// the answer.
    func sheet(from userFields: UserFields) throws(FeedbackODTProblem) -> FilledFeedbackSheet {
        let missing = ["case_number", "form_number"].filter { userFields.values[$0] == nil }
        guard missing.isEmpty else { throw .notAFeedbackSheet(missingFields: missing) }
        var fields = FieldValues(values: userFields.values, timeZone: timeZone)
        fields.notes = userFields.notes

        var formNumber: FormNumber?
        let formText = fields.trimmed("form_number")
        if let number = FormNumber(formText) {
            guard number.kind == .feedback else { throw .anotherFormKind(number) }
            formNumber = number
        } else {
            fields.notes.append(.notAFormNumber(value: formText))
        }
        let caseText = fields.trimmed("case_number")
        let caseNumber = CaseNumber(caseText, prefix: casePrefix)
        if caseNumber == nil { fields.notes.append(.notACaseNumber(value: caseText)) }

        let answer = fields.answer()
        return FilledFeedbackSheet(caseNumber: caseNumber, formNumber: formNumber, unitName: fields.text("unit_name"),
                                   answer: answer, fields: userFields.values, notes: fields.notes)
    }
}

/// The user fields of a document: each `text:user-field-decl`'s name and value (ODF 1.3 Part 3
/// §7.7.8, §19.385 `office:string-value`).
struct UserFields {
    var values: [String: String] = [:]
    var notes: [FeedbackODTNote] = []

    init(values: [String: String], notes: [FeedbackODTNote] = []) {
        self.values = values
        self.notes = notes
    }

    /// Takes in what a person reads off the form's table (`FeedbackSheetTable.values`).
    mutating func read(_ table: FeedbackSheetTable) {
        let read = table.values(declared: values, groups: FormFieldCatalog.catalog(for: .feedback).rowGroups)
        values = read.values
        notes += read.notes
    }

    init(under root: XMLElement) {
        for decl in root.descendants(localName: "user-field-decl", namespace: ODFNamespace.text) {
            guard let name = decl.attribute("name", namespace: ODFNamespace.text) else { continue }
            guard values[name] == nil else {
                notes.append(.duplicateField(name: name))
                continue
            }
            let type = decl.attribute("value-type", namespace: ODFNamespace.office) ?? "string"
            if type == "string" {
                values[name] = decl.attribute("string-value", namespace: ODFNamespace.office) ?? ""
            } else {
                notes.append(.notAStringField(name: name, valueType: type))
                values[name] = ["value", "date-value", "time-value", "boolean-value", "string-value"].lazy
                    .compactMap { decl.attribute($0, namespace: ODFNamespace.office) }.first ?? ""
            }
        }
    }
}
