import Foundation
import HotlineCore
import HotlineXML
import XCTest

/// Every form the model writes is valid against the schema shipped in `templates/forms.xsd`
/// (issue 4, item 2), and the schema is strict enough to catch what a broken writer would do.
final class FormSchemaTests: XCTestCase {
    static func schema() throws -> XMLSchema {
        let bytes = try [UInt8](Data(contentsOf: FormFixtures.templates.appendingPathComponent("forms.xsd")))
        return try XMLSchema(xsd: bytes, name: "forms.xsd")
    }

    func testEveryKindOfFormIsValid() throws {
        let schema = try Self.schema()
        let writer = FormXMLWriter(timeZone: FormFixtures.shanghai)
        for form in FormFixtures.all() {
            let xml = writer.xml(form)
            let tree = try XMLTree(parsing: Array(xml.utf8), name: form.particulars.formNumber.description)
            XCTAssertEqual(schema.violations(in: tree), [], xml)
            XCTAssertEqual(tree.root.localName, FormXMLWriter.rootName(form.kind))
            XCTAssertEqual(tree.root.namespaceURI, FormXMLWriter.namespace)
        }
    }

    func testTheSchemaRefusesWhatABrokenWriterWouldWrite() throws {
        let schema = try Self.schema()
        let good = FormXMLWriter(timeZone: FormFixtures.shanghai).xml(FormFixtures.all()[1])
        let table: [(String, String, String)] = [
            ("<CenterHead>周主任</CenterHead>", "", "CenterHead"),
            ("number=\"BB20261130-0007\"", "number=\"20261130-7\"", "number"),
            ("<Kind code=\"complaint\">投诉</Kind>", "<Kind>投诉</Kind>", "code"),
            ("channel=\"mayor-mailbox\"", "channel=\"carrier-pigeon\"", "channel"),
            ("<HeavyItem>true</HeavyItem>", "<HeavyItem>maybe</HeavyItem>", "HeavyItem"),
            ("number=\"JB2026-00017\"", "number=\"XX2026-00017\"", "number"),
            ("+08:00\" issuer", "\" issuer", "issued"),
            ("<Subject>小区夜间施工噪音扰民</Subject>", "<Subject>a\nb</Subject>", "Subject"),
            ("version=\"1\"", "version=\"2\"", "version"),
            ("</AssignmentSheet>", "<Extra/></AssignmentSheet>", "Extra"),
        ]
        for (find, replace, mention) in table {
            XCTAssertTrue(good.contains(find), find)
            let bad = good.replacingOccurrences(of: find, with: replace)
            let tree = try XMLTree(parsing: Array(bad.utf8), name: "bad")
            let found = schema.violations(in: tree)
            XCTAssertFalse(found.isEmpty, "accepted: \(replace)")
            XCTAssertTrue(found.contains { $0.message.contains(mention) }, "\(found) should mention \(mention)")
        }
    }
}
