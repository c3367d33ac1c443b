import HotlineXML
import XCTest

/// XSD validation with a small schema for a filing.
final class XMLSchemaTests: XCTestCase {
    static let xsd = """
    <?xml version="1.0" encoding="UTF-8"?>
    <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:example:filing"
               xmlns="urn:example:filing" elementFormDefault="qualified">
      <xs:element name="Filing">
        <xs:complexType>
          <xs:sequence>
            <xs:element name="CaseNumber">
              <xs:simpleType>
                <xs:restriction base="xs:string"><xs:pattern value="[0-9]{4}-[0-9]{3}"/></xs:restriction>
              </xs:simpleType>
            </xs:element>
            <xs:element name="Party" maxOccurs="unbounded">
              <xs:complexType>
                <xs:simpleContent>
                  <xs:extension base="xs:string">
                    <xs:attribute name="role" use="required">
                      <xs:simpleType>
                        <xs:restriction base="xs:string">
                          <xs:enumeration value="plaintiff"/><xs:enumeration value="defendant"/>
                        </xs:restriction>
                      </xs:simpleType>
                    </xs:attribute>
                  </xs:extension>
                </xs:simpleContent>
              </xs:complexType>
            </xs:element>
          </xs:sequence>
        </xs:complexType>
      </xs:element>
    </xs:schema>
    """

    func filing(number: String = "2026-001", role: String = "plaintiff", withNumber: Bool = true) throws -> XMLTree {
        let numberElement = withNumber ? "<CaseNumber>\(number)</CaseNumber>\n" : ""
        let text = "<Filing xmlns=\"urn:example:filing\">\n\(numberElement)<Party role=\"\(role)\">张三</Party>\n</Filing>"
        return try XMLTree(parsing: Array(text.utf8), name: "filing.xml")
    }

    func testValidDocumentPasses() throws {
        let schema = try XMLSchema(xsd: Array(Self.xsd.utf8), name: "filing.xsd")
        XCTAssertEqual(schema.violations(in: try filing()), [])
        XCTAssertNoThrow(try schema.validate(try filing()))
    }

    func testViolationsNameTheElementAndLine() throws {
        let schema = try XMLSchema(xsd: Array(Self.xsd.utf8), name: "filing.xsd")
        let cases: [(tree: XMLTree, line: Int, mentions: [String])] = [
            (try filing(withNumber: false), 2, ["Party", "CaseNumber"]),
            (try filing(role: "witness"), 3, ["Party", "role", "witness"]),
            (try filing(number: "26-1"), 2, ["CaseNumber", "26-1"]),
        ]
        for (tree, line, mentions) in cases {
            let found = schema.violations(in: tree)
            XCTAssertFalse(found.isEmpty)
            let first = try XCTUnwrap(found.first)
            XCTAssertEqual(first.line, line, first.description)
            for word in mentions { XCTAssertTrue(first.message.contains(word), "\(word) not in \(first.message)") }
            XCTAssertThrowsError(try schema.validate(tree)) { error in
                guard case let .notValid(document, details)? = error as? XMLProblem else { return XCTFail("\(error)") }
                XCTAssertEqual(document, "filing.xml")
                XCTAssertEqual(details, found)
            }
        }
    }

    func testEveryViolationIsListed() throws {
        let schema = try XMLSchema(xsd: Array(Self.xsd.utf8))
        let text = "<Filing xmlns=\"urn:example:filing\"><CaseNumber>bad</CaseNumber><Party role=\"x\"/><Party role=\"y\"/></Filing>"
        let found = schema.violations(in: try XMLTree(parsing: Array(text.utf8)))
        XCTAssertGreaterThanOrEqual(found.count, 3, found.map(\.description).joined(separator: "\n"))
    }

    func testSchemasMayNotReachOut() {
        let cases = [
            "<xs:include schemaLocation=\"other.xsd\"/>",
            "<xs:import namespace=\"urn:x\" schemaLocation=\"http://example.invalid/x.xsd\"/>",
            "<xs:redefine schemaLocation=\"file:///etc/passwd\"/>",
        ]
        for directive in cases {
            let xsd = "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\(directive)</xs:schema>"
            XCTAssertThrowsError(try XMLSchema(xsd: Array(xsd.utf8), name: "evil.xsd")) { error in
                guard case .schemaReachesOut(schema: "evil.xsd", _)? = error as? XMLProblem else { return XCTFail("\(error)") }
            }
        }
        let doctype = "<!DOCTYPE xs:schema [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"/>"
        XCTAssertThrowsError(try XMLSchema(xsd: Array(doctype.utf8), name: "evil.xsd")) {
            XCTAssertEqual($0 as? XMLProblem, .doctypeForbidden(document: "evil.xsd", line: 1))
        }
    }

    func testBrokenSchemaIsReported() {
        let xsd = "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n<xs:element name=\"a\" type=\"xs:nosuchtype\"/></xs:schema>"
        XCTAssertThrowsError(try XMLSchema(xsd: Array(xsd.utf8), name: "broken.xsd")) { error in
            guard case let .schemaNotCompiled("broken.xsd", details)? = error as? XMLProblem else { return XCTFail("\(error)") }
            XCTAssertEqual(details.first?.line, 2)
            XCTAssertTrue(details.first?.message.contains("nosuchtype") == true, "\(details)")
        }
    }

    func testOneSchemaValidatesConcurrently() async throws {
        let schema = try XMLSchema(xsd: Array(Self.xsd.utf8))
        let results = await withTaskGroup(of: Int.self) { group in
            for i in 0..<8 {
                group.addTask {
                    let role = i.isMultiple(of: 2) ? "plaintiff" : "nobody"
                    let text = "<Filing xmlns=\"urn:example:filing\"><CaseNumber>2026-001</CaseNumber><Party role=\"\(role)\"/></Filing>"
                    guard let tree = try? XMLTree(parsing: Array(text.utf8)) else { return -1 }
                    return (0..<50).map { _ in schema.violations(in: tree).count }.max() ?? -1
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        XCTAssertEqual(results.sorted(), [0, 0, 0, 0, 1, 1, 1, 1])
    }
}
