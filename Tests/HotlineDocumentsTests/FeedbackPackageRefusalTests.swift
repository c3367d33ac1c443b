import Foundation
import HotlineCore
import HotlineXML
import XCTest

@testable import HotlineDocuments

/// Packages refused with their own reason rather than taken as "no sheet" (issue 9 item 6), and
/// a `.docx` held to the ODT's limits (item 5): hand-made archives, each one thing wrong.
final class FeedbackPackageRefusalTests: XCTestCase {
    let reader = FeedbackODTReader(casePrefix: "BB", timeZone: FormFixtures.shanghai)
    static let content = FeedbackODTHostileTests.content

    /// `bytes` through the attachment reader as `name`: the reply gets a problem, not silence.
    func received(_ bytes: [UInt8], name: String = "FK.odt") throws -> ReceivedFeedback {
        let reader = FeedbackDocumentReader(schema: try FormSchemaTests.schema(), casePrefix: "BB", timeZone: FormFixtures.shanghai,
                                            units: UnitsRegistry(units: []))
        let stored = StoredAttachment(originalName: name, storedName: "x-\(name)", contentType: "application/octet-stream",
                                      size: bytes.count, sha256: sha256Hex(bytes), partPath: "2")
        return try XCTUnwrap(reader.feedback(in: [(stored, bytes)], role: .unitReplies).first, "\(name) is reported, not ignored")
    }

    func assertRefused(_ bytes: [UInt8], _ expected: FeedbackODTProblem, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertThrowsError(try reader.read(bytes, name: "x.odt"), file: file, line: line) {
            XCTAssertEqual($0 as? FeedbackODTProblem, expected, file: file, line: line)
        }
        XCTAssertEqual(try received(bytes).problems, [expected.description], file: file, line: line)
    }

    static func manifest(_ body: String, doctype: String = "") -> HandmadeZIP.Entry {
        HandmadeZIP.Entry("META-INF/manifest.xml", Array("""
            <?xml version="1.0" encoding="UTF-8"?>\(doctype)
            <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
             <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
             <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">\(body)</manifest:file-entry>
            </manifest:manifest>
            """.utf8))
    }

    /// As LibreOffice encrypts: `content.xml` is ciphertext (here bytes that are not UTF-8), the
    /// manifest says how. Named password-protected, not "content.xml: not UTF-8".
    func testEncryptionDeclaredInTheManifestIsPasswordProtected() throws {
        let encryption = """
            <manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" \
            manifest:checksum="AAAA"><manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" \
            manifest:initialisation-vector="AAAA"/></manifest:encryption-data>
            """
        let cipher = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) | 0x80 }
        let entries = FeedbackODTFixture.entries(content: cipher) + [Self.manifest(encryption)]
        try assertRefused(HandmadeZIP(entries).bytes, .passwordProtected)
        // The same package without the declaration is what the error was before: not UTF-8.
        XCTAssertThrowsError(try reader.read(HandmadeZIP(FeedbackODTFixture.entries(content: cipher) + [Self.manifest("")]).bytes)) {
            guard case .content(.notUTF8) = $0 as? FeedbackODTProblem else { return XCTFail("\($0)") }
        }
    }

    /// `mimetype` second, or first but deflated (ODF 1.3 Part 2 §3.3).
    func testMimetypeNotTheFirstStoredEntryIsRefused() throws {
        let mimetype = FeedbackODTHostileTests.mimetype, content = HandmadeZIP.Entry("content.xml", Self.content)
        try assertRefused(HandmadeZIP([content, mimetype]).bytes, .mimetypeNotFirst(firstEntry: "content.xml", stored: false))
        let deflated = HandmadeZIP.Entry("mimetype", Array(ODFNamespace.textMediaType.utf8))
        try assertRefused(HandmadeZIP([deflated, content]).bytes, .mimetypeNotFirst(firstEntry: "mimetype", stored: false))
        XCTAssertNoThrow(try reader.read(HandmadeZIP([mimetype, content]).bytes), "the same entries in order are read")
    }

    /// Two archives in one: `cat a.zip b.zip` (the second's offsets unadjusted), and the second
    /// with its offsets adjusted past the first (`zip -A`), which a reader that trusts the end
    /// record would read while another reads the first.
    func testTwoConcatenatedArchivesAreRefused() throws {
        let first = HandmadeZIP(FeedbackODTFixture.entries(content: Self.content)).bytes
        let letter = FeedbackODTFixture.content(decls: FeedbackODTFixture.decls(["case_number": "BB20261130-0009"]))
        let second = HandmadeZIP(FeedbackODTFixture.entries(content: letter))
        // The end record (22 bytes, no comment) says the directory ends where it starts, within
        // the second archive: the first archive's bytes lie between.
        let secondEnd = second.bytes.count - 22
        try assertRefused(first + second.bytes, .package(.strayBytes(offset: secondEnd, count: first.count)))
        var adjusted = second
        adjusted.prefix = first
        try assertRefused(adjusted.bytes, .package(.strayBytes(offset: 0, count: first.count)))
        var appended = first
        appended += Array("trailing".utf8)
        try assertRefused(appended, .package(.strayBytes(offset: first.count, count: 8)))
    }

    /// Entity declarations in the manifest: refused by the safe parser before any entity exists.
    func testEntityDeclarationsInTheManifestAreRefused() throws {
        let laughs = #"<!DOCTYPE manifest:manifest [<!ENTITY a "哈哈哈哈"><!ENTITY b "&a;&a;&a;&a;">]>"#
        let bytes = HandmadeZIP(FeedbackODTFixture.entries(content: Self.content) + [Self.manifest("&b;", doctype: laughs)]).bytes
        XCTAssertThrowsError(try reader.read(bytes, name: "laughs.odt")) {
            guard case .manifest(.doctypeForbidden(let document, _)) = $0 as? FeedbackODTProblem else { return XCTFail("\($0)") }
            XCTAssertEqual(document, "laughs.odt/META-INF/manifest.xml")
        }
        XCTAssertTrue(try received(bytes).problems.joined().contains("META-INF/manifest.xml"))
    }

    /// A `.docx` encrypted with a password is an OLE compound file holding `EncryptionInfo`; a
    /// Word 97–2003 `.doc` renamed is one without it.
    func testPasswordProtectedDOCXIsNamed() throws {
        let docx = FeedbackDOCXReader(reader)
        let header = FeedbackDOCXReader.compoundFileSignature + [UInt8](repeating: 0, count: 504)
        let encrypted = header + Array("EncryptionInfo".utf16).flatMap { [UInt8($0), 0] } + [UInt8](repeating: 0, count: 64)
        XCTAssertThrowsError(try docx.read(encrypted)) { XCTAssertEqual($0 as? FeedbackODTProblem, .passwordProtected) }
        XCTAssertEqual(try received(encrypted, name: "FK.docx").problems, [FeedbackODTProblem.passwordProtected.description])
        XCTAssertThrowsError(try docx.read(header + [UInt8](repeating: 0, count: 64))) {
            guard case .notWordDocument = $0 as? FeedbackODTProblem else { return XCTFail("\($0)") }
        }
    }

    static let contentTypes = HandmadeZIP.Entry("[Content_Types].xml", Array("""
        <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Override PartName="/word/document.xml" \
        ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
        """.utf8))

    /// A DOCX is held to the ODT's limits: a ratio bomb, a DOCTYPE in its main part, and one with
    /// no main part (another OOXML document, no sheet).
    func testDOCXIsReadUnderTheSameLimits() throws {
        let docx = FeedbackDOCXReader(reader)
        let bomb = Deflate.zeros(mebibytes: 6)
        let document = HandmadeZIP.Entry(name: "word/document.xml", deflated: bomb.stream, size: 6 << 20, crc: bomb.crc32)
        XCTAssertThrowsError(try docx.read(HandmadeZIP([Self.contentTypes, document]).bytes)) {
            XCTAssertEqual($0 as? FeedbackODTProblem, .package(.compressionRatioTooHigh(entry: "word/document.xml", compressed: bomb.stream.count,
                                                                                       uncompressed: 6 << 20, limit: 100)))
        }
        let laughs = #"<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "哈">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&a;</w:document>"#
        XCTAssertThrowsError(try docx.read(HandmadeZIP([Self.contentTypes, .init("word/document.xml", Array(laughs.utf8))]).bytes, name: "l.docx")) {
            guard case .content(.doctypeForbidden(let name, _)) = $0 as? FeedbackODTProblem else { return XCTFail("\($0)") }
            XCTAssertEqual(name, "l.docx/word/document.xml")
        }
        let sheet = HandmadeZIP([.init("[Content_Types].xml", Array(#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#.utf8))]).bytes
        XCTAssertThrowsError(try docx.read(sheet)) {
            guard case .notWordDocument = $0 as? FeedbackODTProblem else { return XCTFail("\($0)") }
        }
    }
}
