import HotlineXML
import XCTest

@testable import HotlineDocuments

/// The reading rule of `FeedbackSheetTable` (issue 9 item 5) case by case: the field's value if
/// set, else the cell's text; rows added below a repeated row as new clones.
final class FeedbackSheetTableTests: XCTestCase {
    typealias Cell = FeedbackSheetTable.Cell
    static let groups = FormFieldCatalog.catalog(for: .feedback).rowGroups
    static func label(_ text: String) -> Cell { Cell(shown: text, typed: text) }
    static let citationRow = [label("政策依据"), Cell(fields: ["citation_title"], shown: "《甲》", typed: "《甲》"),
                              label("文号"), Cell(fields: ["citation_number"], shown: "一号", typed: "一号")]

    func testTheCellBesideEachLabelIsRead() {
        let cases: [(String, [[Cell]], declared: [String: String], values: [String: String], notes: [FeedbackODTNote])] = [
            ("typed beside an empty field", [[Self.label("办理结果"), Cell(fields: ["result"], shown: "已办", typed: "已办")]],
             ["result": ""], ["result": "已办"], []),
            ("set through the fields", [[Self.label("办理结果"), Cell(fields: ["result"], shown: "已办", typed: "")]],
             ["result": "已办"], ["result": "已办"], []),
            ("set, and more typed beside it", [[Cell(fields: ["result"], shown: "已办 另", typed: " 另")]],
             ["result": "已办"], ["result": "已办"], [.typedBesideField(name: "result", typed: "另")]),
            ("a field result shown (typed into a Word field) with no variable", [[Cell(fields: ["result"], shown: "已办", typed: "")]],
             [:], ["result": "已办"], []),
            ("two fields in one cell: only declarations", [[Cell(fields: ["signoff_leader", "signoff_title"], shown: "孙立", typed: "孙立")]],
             ["signoff_leader": ""], ["signoff_leader": ""], []),
            ("an added row below the citation row", [Self.citationRow, [Self.label(""), Self.label("《乙》"), Self.label(""), Self.label("二号")]],
             ["citation_title": "", "citation_number": ""],
             ["citation_title": "《甲》", "citation_number": "一号", "citation_title.1": "《乙》", "citation_number.1": "二号"], []),
            ("an added row numbered past rendered clones, a blank one skipped",
             [Self.citationRow, [Self.label(""), Self.label(""), Self.label(""), Self.label(" ")], [Self.label(""), Self.label("《丙》"), Self.label(""), Self.label("")]],
             ["citation_title": "", "citation_number": "", "citation_title.2": "", "citation_number.2": ""],
             ["citation_title": "《甲》", "citation_number": "一号", "citation_title.2": "", "citation_number.2": "", "citation_title.3": "《丙》"], []),
            ("a fieldless row below another row is not a citation", [[Cell(fields: ["result"])], [Self.label("《乙》"), Self.label("二号")]],
             [:], [:], []),
        ]
        for (name, rows, declared, values, notes) in cases {
            let read = FeedbackSheetTable(rows: rows).values(declared: declared, groups: Self.groups)
            XCTAssertEqual(read.values, values, name)
            XCTAssertEqual(read.notes, notes, name)
        }
    }

    /// Spaces, tabs, line breaks and paragraphs of an ODT cell, the field's own text kept apart.
    func testODTCellText() throws {
        let xml = """
            <table:table-cell xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" \
            xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><text:p><text:user-field-get text:name="result">旧</text:user-field-get>a<text:s text:c="2"/>b<text:tab/>c<text:s text:c="999999999"/></text:p><text:p><text:span>d</text:span><text:line-break/>e</text:p></table:table-cell>
            """
        let cell = ODTSheetTable.cell(try XMLTree(parsing: Array(xml.utf8)).root)
        XCTAssertEqual(cell.fields, ["result"])
        let spaces = String(repeating: " ", count: ODTSheetTable.maxSpaceRun)
        XCTAssertEqual(cell.typed, "a  b\tc\(spaces)\nd\ne")
        XCTAssertEqual(cell.shown, "旧a  b\tc\(spaces)\nd\ne")
    }

    /// A DOCX cell: a complex `DOCVARIABLE` field, its result, text typed after it, deleted text.
    func testDOCXCellText() throws {
        let xml = """
            <w:tc xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>\
            <w:r><w:instrText xml:space="preserve"> DOCVARIABLE result \\* MERGEFORMAT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>\
            <w:r><w:t>旧</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve">已办 </w:t></w:r>\
            <w:del><w:r><w:delText>删</w:delText></w:r></w:del><w:ins><w:r><w:t>补</w:t></w:r></w:ins></w:p>\
            <w:p><w:fldSimple w:instr=" DOCVARIABLE handler_name "><w:r><w:t>陈</w:t></w:r></w:fldSimple><w:r><w:tab/><w:t>晓</w:t></w:r></w:p></w:tc>
            """
        let cell = DOCXSheetTable.cell(try XMLTree(parsing: Array(xml.utf8)).root)
        XCTAssertEqual(cell.fields, ["result", "handler_name"])
        XCTAssertEqual(cell.typed, "已办 补\n\t晓")
        XCTAssertEqual(cell.shown, "旧已办 补\n陈\t晓")
    }

    /// Inputs that once trapped (a reviewer's crafted sheets), kept as named tests: a stray
    /// `fldChar end` inside a `fldSimple` popped an empty stack; a field numbered
    /// `citation_title.9223372036854775807` overflowed the next row number.
    func testInputsThatOnceCrashedTheReader() throws {
        let xml = """
            <w:tc xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p>            <w:fldSimple w:instr="DOCVARIABLE result"><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>甲</w:t></w:r></w:fldSimple>            <w:r><w:t>乙</w:t></w:r></w:p></w:tc>
            """
        let cell = DOCXSheetTable.cell(try XMLTree(parsing: Array(xml.utf8)).root)
        XCTAssertEqual(cell.fields, ["result"])
        XCTAssertTrue(cell.shown.hasSuffix("乙"), cell.shown)

        let huge = "citation_title.\(Int.max)"
        let rows = [Self.citationRow, [Self.label(""), Self.label("《乙》"), Self.label(""), Self.label("二号")]]
        let read = FeedbackSheetTable(rows: rows).values(declared: ["citation_title": "", "citation_number": "", huge: ""], groups: Self.groups)
        XCTAssertEqual(read.values["citation_title.1"], "《乙》", "the huge number is not a row of ours: \(read.values)")
        XCTAssertNil(FieldValues.rowIndex(huge, of: "citation_title"))
        XCTAssertEqual(FieldValues.rowIndex("citation_title.100", of: "citation_title"), 100)
    }
}
