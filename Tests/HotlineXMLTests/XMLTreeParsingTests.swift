import HotlineXML
import XCTest

/// Parsing: navigation of good documents, and each hostile input refused with its reason.
final class XMLTreeParsingTests: XCTestCase {
    let filing = """
    <?xml version="1.0" encoding="UTF-8"?>
    <f:Filing xmlns:f="urn:example:filing" xmlns="urn:example:default" Id="filing-1">
      <f:Case number="2026-001">
        <Party role="plaintiff">张三</Party>
        <Party role="defendant">ACME &amp; Sons</Party>
        <!-- a comment -->
        <Note xmlns="">plain <![CDATA[<raw>]]></Note>
      </f:Case>
    </f:Filing>
    """

    func testParsesAndNavigates() throws {
        let tree = try XMLTree(parsing: Array(filing.utf8), name: "filing.xml")
        XCTAssertEqual(tree.name, "filing.xml")
        let root = tree.root
        XCTAssertEqual(root.localName, "Filing")
        XCTAssertEqual(root.prefix, "f")
        XCTAssertEqual(root.namespaceURI, "urn:example:filing")
        XCTAssertEqual(root.attribute("Id"), "filing-1")
        XCTAssertNil(root.attribute("Id", namespace: "urn:example:filing"))
        XCTAssertNil(root.parent)
        XCTAssertEqual(root.line, 2)

        let theCase = try XCTUnwrap(root.firstChild(localName: "Case", namespace: "urn:example:filing"))
        XCTAssertEqual(theCase.parent, root)
        XCTAssertEqual(theCase.line, 3)
        XCTAssertEqual(theCase.children.map(\.localName), ["Party", "Party", "Note"])
        let parties = theCase.childElements(localName: "Party", namespace: "urn:example:default")
        XCTAssertEqual(parties.map(\.text), ["张三", "ACME & Sons"])
        XCTAssertEqual(parties.map { $0.attribute("role") }, ["plaintiff", "defendant"])
        XCTAssertNil(parties[0].prefix)
        XCTAssertEqual(parties[1].line, 5)
        XCTAssertTrue(theCase.childElements(localName: "Party", namespace: "urn:example:filing").isEmpty)

        let note = try XCTUnwrap(theCase.firstChild(localName: "Note"))
        XCTAssertNil(note.namespaceURI, "xmlns=\"\" undeclares the default namespace")
        XCTAssertEqual(note.text, "plain <raw>")
        XCTAssertEqual(root.descendants(localName: "Party").count, 2)
        XCTAssertEqual(root.descendants(localName: "Note", namespace: "urn:example:default").count, 0)
    }

    func testDescendantsAreInDocumentOrder() throws {
        let tree = try XMLTree(parsing: Array("<a><x n='1'><x n='2'/></x><b><x n='3'><c><x n='4'/></c></x></b><x n='5'/></a>".utf8))
        XCTAssertEqual(tree.root.descendants(localName: "x").compactMap { $0.attribute("n") }, ["1", "2", "3", "4", "5"])
    }

    func testUTF8WithBOMAndDeclaredUTF8AreRead() throws {
        let tree = try XMLTree(parsing: [0xEF, 0xBB, 0xBF] + Array("<?xml version='1.0' encoding='utf-8'?><a>市长</a>".utf8))
        XCTAssertEqual(tree.root.text, "市长")
    }

    // MARK: hostile input

    /// Parses `text`, expecting a refusal, and returns it.
    func refusal(_ text: String, limits: XMLLimits = .init(), file: StaticString = #filePath, line: UInt = #line) -> XMLProblem? {
        refusal(Array(text.utf8), limits: limits, file: file, line: line)
    }

    func refusal(_ bytes: [UInt8], limits: XMLLimits = .init(), file: StaticString = #filePath, line: UInt = #line) -> XMLProblem? {
        do {
            _ = try XMLTree(parsing: bytes, name: "hostile.xml", limits: limits)
            XCTFail("parsed", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    func testBillionLaughsIsRefusedAsDoctype() {
        var lol = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
        lol += (1...9).map { i in " <!ENTITY lol\(i) \"" + String(repeating: "&lol\(i - 1 == 0 ? "" : String(i - 1));", count: 10) + "\">" }.joined(separator: "\n")
        lol += "\n]>\n<lolz>&lol9;</lolz>"
        XCTAssertEqual(refusal(lol), .doctypeForbidden(document: "hostile.xml", line: 2))
    }

    func testExternalEntityIsRefused() {
        let xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>"
        XCTAssertEqual(refusal(xxe), .doctypeForbidden(document: "hostile.xml", line: 1))
    }

    func testExternalDTDIsRefused() {
        let external = "<?xml version=\"1.0\"?>\n\n<!DOCTYPE r SYSTEM \"http://example.invalid/r.dtd\"><r/>"
        XCTAssertEqual(refusal(external), .doctypeForbidden(document: "hostile.xml", line: 3))
    }

    func testUndeclaredEntityIsNotWellFormed() {
        guard case let .notWellFormed(_, detail)? = refusal("<r>\n&x;</r>") else { return XCTFail("wrong reason") }
        XCTAssertEqual(detail.line, 2)
        XCTAssertTrue(detail.message.contains("Entity 'x' not defined"), detail.message)
    }

    func testTooDeepIsRefused() {
        let deep = String(repeating: "<d>", count: 10_000) + String(repeating: "</d>", count: 10_000)
        XCTAssertEqual(refusal(deep), .tooDeep(document: "hostile.xml", line: 1, limit: 256))
        let nine = String(repeating: "<d>\n", count: 9) + String(repeating: "</d>", count: 9)
        XCTAssertEqual(refusal(nine, limits: .init(maxDepth: 8)), .tooDeep(document: "hostile.xml", line: 9, limit: 8))
        XCTAssertNoThrow(try XMLTree(parsing: Array(nine.utf8), limits: .init(maxDepth: 9)))
    }

    func testDepthAboveLibXML2sOwnCapIsAllowedWhenConfigured() throws {
        let deep = String(repeating: "<d>", count: 600) + String(repeating: "</d>", count: 600)
        let tree = try XMLTree(parsing: Array(deep.utf8), limits: .init(maxDepth: 600))
        XCTAssertEqual(tree.root.descendants(localName: "d").count, 599)
        XCTAssertEqual(refusal(deep, limits: .init(maxDepth: 599)), .tooDeep(document: "hostile.xml", line: 1, limit: 599))
    }

    func testTooManyElementsIsRefused() {
        let many = "<r>\n" + String(repeating: "<e/>", count: 200_000) + "</r>"
        XCTAssertEqual(refusal(many), .tooManyElements(document: "hostile.xml", line: 2, limit: 200_000))
        let few = "<r><e/><e/><e/></r>"
        XCTAssertEqual(refusal(few, limits: .init(maxElements: 3)), .tooManyElements(document: "hostile.xml", line: 1, limit: 3))
        XCTAssertNoThrow(try XMLTree(parsing: Array(few.utf8), limits: .init(maxElements: 4)))
    }

    func testTooLargeIsRefusedBeforeParsing() {
        let big = [UInt8](repeating: 0x20, count: 8 * 1024 * 1024 + 1)
        XCTAssertEqual(refusal(big), .tooLarge(document: "hostile.xml", bytes: 8 * 1024 * 1024 + 1, limit: 8 * 1024 * 1024))
        XCTAssertEqual(refusal("<r>0123456789</r>", limits: .init(maxBytes: 10)), .tooLarge(document: "hostile.xml", bytes: 17, limit: 10))
    }

    func testNotWellFormedCarriesTheLine() {
        guard let problem = refusal("<r>\n  <a>\n  </b>\n</r>"), case let .notWellFormed(document, detail) = problem else {
            return XCTFail("wrong reason")
        }
        XCTAssertEqual(document, "hostile.xml")
        XCTAssertEqual(detail.line, 3)
        XCTAssertTrue(problem.description.contains("line 3"), problem.description)
        XCTAssertTrue(detail.message.contains("mismatch"), detail.message)
        guard case .notWellFormed? = refusal("") else { return XCTFail("empty input parsed") }
        guard case .notWellFormed? = refusal("<a></a><b/>") else { return XCTFail("two roots parsed") }
        guard case .notWellFormed? = refusal("<a xmlns:p='urn:p'><q:b/></a>") else { return XCTFail("unbound prefix parsed") }
    }

    func testNonUTF8IsRefusedWithItsOffset() {
        XCTAssertEqual(refusal([0x3C, 0x61, 0x3E, 0xC3, 0x28, 0x3C, 0x2F, 0x61, 0x3E]), .notUTF8(document: "hostile.xml", offset: 3))
        XCTAssertEqual(refusal([0xFF, 0xFE, 0x3C, 0x00, 0x61, 0x00]), .notUTF8(document: "hostile.xml", offset: 0), "UTF-16 with a BOM")
        XCTAssertEqual(refusal([0x3C, 0x00, 0x61, 0x00, 0x2F, 0x00, 0x3E, 0x00]), .notUTF8(document: "hostile.xml", offset: 1), "UTF-16 without a BOM")
        XCTAssertEqual(refusal([0x3C, 0x61, 0x3E, 0xED, 0xA0, 0x80, 0x3C, 0x2F, 0x61, 0x3E]), .notUTF8(document: "hostile.xml", offset: 3), "a surrogate")
        XCTAssertEqual(refusal([0x3C, 0x61, 0x3E, 0xC0, 0xBC, 0x3C, 0x2F, 0x61, 0x3E]), .notUTF8(document: "hostile.xml", offset: 3), "an overlong")
        var random = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let garbage = (0..<64).map { _ in UInt8.random(in: 0...255, using: &random) }
            XCTAssertThrowsError(try XMLTree(parsing: garbage))
        }
    }

    func testOtherDeclaredEncodingsAreRefused() {
        XCTAssertEqual(refusal("<?xml version=\"1.0\" encoding=\"GB2312\"?><a/>"), .unsupportedEncoding(document: "hostile.xml", declared: "GB2312"))
        XCTAssertEqual(refusal("<?xml version='1.0' encoding = 'UTF-7'?><a/>"), .unsupportedEncoding(document: "hostile.xml", declared: "UTF-7"))
    }
}
