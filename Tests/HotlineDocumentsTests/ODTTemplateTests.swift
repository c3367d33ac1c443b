import Foundation
import HotlineCore
import HotlineXML
import XCTest

@testable import HotlineDocuments

final class ODTTemplateTests: XCTestCase {
    private let qr = PNGImage.encodeBilevel(width: 8, height: 8) { x, y in x == y }

    private func template(_ kind: FormKind) throws -> ODTTemplate {
        try ODTTemplate(fodt: ShippedTemplates.bytes(kind), kind: kind)
    }

    private func rendered(_ kind: FormKind, values: [String: String]? = nil,
                          rows: [String: [[String: String]]]? = nil) throws -> XMLElement {
        let bytes = try template(kind).render(
            values: values ?? SampleForms.values(kind), rows: rows ?? SampleForms.rows(kind), qrPNG: qr)
        return try XMLTree(parsing: bytes).root
    }

    private func decls(_ root: XMLElement) -> [String: String] {
        var result: [String: String] = [:]
        for decl in root.descendants(localName: "user-field-decl", namespace: ODFNamespace.text) {
            result[decl.attribute("name", namespace: ODFNamespace.text) ?? ""] =
                decl.attribute("string-value", namespace: ODFNamespace.office)
        }
        return result
    }

    private func gets(_ root: XMLElement, _ name: String) -> [XMLElement] {
        root.descendants(localName: "user-field-get", namespace: ODFNamespace.text)
            .filter { $0.attribute("name", namespace: ODFNamespace.text) == name }
    }

    func testSingleFieldsSetInDeclarationAndDisplay() throws {
        let root = try rendered(.assignment)
        let declared = decls(root)
        XCTAssertEqual(declared["case_number"], SampleForms.caseNumber)
        XCTAssertEqual(declared["center_head"], "李建国")
        XCTAssertEqual(gets(root, "case_number").map(\.text), [SampleForms.caseNumber])
        XCTAssertEqual(gets(root, "lead_unit").map(\.text), ["蚌埠市自来水公司"])
        XCTAssertEqual(declared["summary"], SampleForms.values(.assignment)["summary"], "newline kept in the value")
    }

    func testMultiLineValueUsesLineBreaks() throws {
        let root = try rendered(.assignment)
        let summary = try XCTUnwrap(gets(root, "summary").first)
        XCTAssertEqual(summary.childElements(localName: "line-break", namespace: ODFNamespace.text).count, 1)
        XCTAssertTrue(summary.text.hasPrefix("11月28日起"))
        XCTAssertFalse(summary.text.contains("\n"))
    }

    func testRunsOfSpacesAndTabsSurvive() throws {
        var values = SampleForms.values(.assignment)
        values["subject"] = "a   b\tc"
        let subject = try XCTUnwrap(gets(try rendered(.assignment, values: values), "subject").first)
        let s = try XCTUnwrap(subject.firstChild(localName: "s", namespace: ODFNamespace.text))
        XCTAssertEqual(s.attribute("c", namespace: ODFNamespace.text), "2")
        XCTAssertNotNil(subject.firstChild(localName: "tab", namespace: ODFNamespace.text))
        XCTAssertEqual(subject.text, "a b" + "c")
    }

    func testMissingValuesRenderEmpty() throws {
        let root = try rendered(.approval, values: ["case_number": "RX-1"], rows: [:])
        XCTAssertEqual(decls(root)["leader_instruction"], "")
        XCTAssertEqual(gets(root, "subject").map(\.text), [""])
    }

    func testUnknownNamesAreErrors() throws {
        let t = try template(.assignment)
        XCTAssertThrowsError(try t.render(values: ["case_numbr": "x"], qrPNG: qr)) {
            XCTAssertEqual($0 as? ODTRenderError, .unknownField("case_numbr"))
        }
        XCTAssertThrowsError(try t.render(values: ["result": "x"], qrPNG: qr), "feedback-only field") {
            XCTAssertEqual($0 as? ODTRenderError, .unknownField("result"))
        }
        XCTAssertThrowsError(try t.render(values: ["assist_unit": "x"], qrPNG: qr), "row fields go in rows") {
            XCTAssertEqual($0 as? ODTRenderError, .unknownField("assist_unit"))
        }
        XCTAssertThrowsError(try t.render(values: [:], rows: ["citation": []], qrPNG: qr)) {
            XCTAssertEqual($0 as? ODTRenderError, .unknownRowGroup("citation"))
        }
        XCTAssertThrowsError(try t.render(values: [:], rows: ["assist": [["unit": "x"]]], qrPNG: qr)) {
            XCTAssertEqual($0 as? ODTRenderError, .unknownRowField(group: "assist", field: "unit"))
        }
    }

    func testRepeatedRowsGetTheirOwnFieldNames() throws {
        let root = try rendered(.feedback)
        let declared = decls(root)
        XCTAssertEqual(declared["assist_unit.1"], SampleForms.assistUnits[0])
        XCTAssertEqual(declared["assist_unit.2"], SampleForms.assistUnits[1])
        XCTAssertEqual(declared["citation_number.2"], "蚌政〔2019〕12号")
        XCTAssertEqual(gets(root, "assist_unit.1").map(\.text), [SampleForms.assistUnits[0]])
        XCTAssertEqual(gets(root, "assist_unit.2").map(\.text), [SampleForms.assistUnits[1]])
        XCTAssertTrue(gets(root, "assist_unit").isEmpty, "the template row is gone")
        // The clones sit where the template row was, in order, in the same table.
        let row1 = try XCTUnwrap(ODTTemplate.enclosingTableRow(of: gets(root, "citation_title.1")[0]))
        let row2 = try XCTUnwrap(ODTTemplate.enclosingTableRow(of: gets(root, "citation_title.2")[0]))
        let table = try XCTUnwrap(row1.parent)
        let rows = table.childElements(localName: "table-row", namespace: ODFNamespace.table)
        let i1 = try XCTUnwrap(rows.firstIndex(of: row1))
        XCTAssertEqual(rows[i1 + 1], row2)
        XCTAssertEqual(gets(root, "citation_number.1").first.flatMap(ODTTemplate.enclosingTableRow), row1)
    }

    func testZeroItemsKeepOneEmptyRow() throws {
        let root = try rendered(.assignment, rows: [:])
        XCTAssertEqual(gets(root, "assist_unit").map(\.text), [""])
        XCTAssertNil(decls(root)["assist_unit.1"])
    }

    func testQRImageReplaced() throws {
        let root = try rendered(.supervision)
        let image = try ODTTemplate.qrImage(in: root)
        let base64 = try XCTUnwrap(image.firstChild(localName: "binary-data", namespace: ODFNamespace.office)).text
        XCTAssertEqual(Data(base64Encoded: base64, options: .ignoreUnknownCharacters).map { [UInt8]($0) }, qr)
    }

    func testTemplateChecksOnLoad() throws {
        var text = try ShippedTemplates.text(.assignment)
        text = text.replacingOccurrences(of: "draw:name=\"qrcode\"", with: "draw:name=\"logo\"")
        XCTAssertThrowsError(try ODTTemplate(fodt: Array(text.utf8), kind: .assignment)) {
            XCTAssertEqual($0 as? ODTRenderError, .missingQRFrame)
        }
        let outside = try ShippedTemplates.text(.assignment).replacingOccurrences(
            of: "<text:p text:style-name=\"Form_Center\">",
            with: "<text:p text:style-name=\"Form_Center\"><text:user-field-get text:name=\"assist_unit\"/>")
        XCTAssertThrowsError(try ODTTemplate(fodt: Array(outside.utf8), kind: .assignment)) {
            guard case .rowFieldOutsideTableRow(field: "assist_unit", line: _) = $0 as? ODTRenderError else {
                return XCTFail("\($0)")
            }
        }
        XCTAssertThrowsError(try ODTTemplate(fodt: Array("<x/>".utf8), kind: .assignment)) {
            XCTAssertEqual($0 as? ODTRenderError, .notFlatDocument(root: "x"))
        }
    }

    func testRenderPackage() throws {
        let kind = FormKind.feedback
        let odt = try template(kind).renderPackage(values: SampleForms.values(kind), rows: SampleForms.rows(kind), qrPNG: qr)
        let reader = try ODFPackageReader(bytes: odt)
        let content = try XMLTree(parsing: reader.read("content.xml")).root
        XCTAssertEqual(gets(content, "assist_unit.2").map(\.text), [SampleForms.assistUnits[1]])
        let picture = try XCTUnwrap(reader.entries.map(\.path).first { $0.hasPrefix("Pictures/") })
        XCTAssertEqual(try reader.read(picture), qr)
    }

    /// Renders each form repeatedly; prints forms/s (flat ODT, and packaged .odt).
    func testRenderSpeed() throws {
        let templates = try FormKind.allCases.map { try template($0) }
        let qrPNG = try QRCode.png(for: SampleForms.qrPayload(.assignment), scale: 4)
        let rounds = 50
        var start = Date()
        for _ in 0..<rounds {
            for t in templates { _ = try t.render(values: SampleForms.values(t.kind), rows: SampleForms.rows(t.kind), qrPNG: qrPNG) }
        }
        let flatRate = Double(rounds * templates.count) / Date().timeIntervalSince(start)
        start = Date()
        for _ in 0..<rounds {
            for t in templates {
                _ = try t.renderPackage(values: SampleForms.values(t.kind), rows: SampleForms.rows(t.kind), qrPNG: qrPNG)
            }
        }
        let odtRate = Double(rounds * templates.count) / Date().timeIntervalSince(start)
        print("render speed: \(Int(flatRate)) flat ODT/s, \(Int(odtRate)) packaged .odt/s")
        XCTAssertGreaterThan(flatRate, 50, "even a debug build renders well over 50 forms/s")
    }
}
