import _CryptoExtras
import Foundation
import HotlineCore
import HotlineDocuments
import HotlineXML
import XCTest

/// The real feedback reader on signed XML sheets (issue 5, items 2–3): keys pinned from the units
/// registry, sheets signed by xmlsec1 — a registered key is accepted and named; an unregistered
/// key, tampering after signing, wrapping, and a certificate carried in the document are refused,
/// each with its reason. A sheet replayed onto another case is refused by `SignOffRules` (same-case).
final class FeedbackDocumentReaderTests: XCTestCase {
    static let principal = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    static let inCharge = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    static let stranger = try! _RSA.Signing.PrivateKey(keySize: .bits2048)

    func reader() throws -> FeedbackDocumentReader {
        let cg = GovernmentUnit(
            code: "CG", name: "蚌埠市城市管理局", tier: .two, parent: nil, email: "cg@gov.example", hotlineContact: nil,
            leaderInCharge: .init(name: "孙立", title: "副局长", publicKeyPEM: Self.inCharge.publicKey.pemRepresentation, keySource: "t"),
            principalLeader: .init(name: "钱进", title: "局长", publicKeyPEM: Self.principal.publicKey.pemRepresentation, keySource: "t"))
        return FeedbackDocumentReader(schema: try FormSchemaTests.schema(), casePrefix: "BB", timeZone: FormFixtures.shanghai,
                                      units: UnitsRegistry(units: [cg]))
    }

    static func attachment(_ bytes: [UInt8], name: String = "FK2026-00018-反馈单.xml") -> (stored: StoredAttachment, bytes: [UInt8]) {
        (StoredAttachment(originalName: name, storedName: "\(sha256Hex(bytes)).xml", contentType: "application/xml", size: bytes.count,
                          sha256: sha256Hex(bytes), partPath: "2"), bytes)
    }

    /// The answered feedback sheet of the fixtures, signed by xmlsec1 with `key`.
    func signedByXmlsec1(_ key: _RSA.Signing.PrivateKey, keyArgument: String? = nil, keyInfo: Bool = false,
                         edit: (String) -> String = { $0 }) throws -> [UInt8] {
        let xmlsec1 = try ExternalTool.require("xmlsec1")
        let dir = try ExternalTool.temporaryDirectory(self)
        try Data(key.pemRepresentation.utf8).write(to: dir.appendingPathComponent("key.pem"))
        let unsigned = edit(FormXMLWriter(timeZone: FormFixtures.shanghai).xml(FormFixtures.all()[4]))
        var template = FormFixtures.xmlsec1Template(unsigned, root: "FeedbackSheet")
        if keyInfo {
            template = template.replacingOccurrences(of: "<ds:SignatureValue/>", with: "<ds:SignatureValue/><ds:KeyInfo><ds:X509Data/></ds:KeyInfo>")
        }
        try Data(template.utf8).write(to: dir.appendingPathComponent("t.xml"))
        let out = dir.appendingPathComponent("signed.xml").path
        let r = try ExternalTool.run(xmlsec1, ["--sign", "--privkey-pem", keyArgument ?? dir.appendingPathComponent("key.pem").path, "--output", out,
                                               dir.appendingPathComponent("t.xml").path])
        XCTAssertEqual(r.status, 0, String(decoding: r.stderr, as: UTF8.self))
        return try [UInt8](Data(contentsOf: URL(fileURLWithPath: out)))
    }

    func read(_ bytes: [UInt8]) throws -> ReceivedFeedback {
        let found = try reader().feedback(in: [Self.attachment(bytes)], role: .unitReplies)
        XCTAssertEqual(found.count, 1)
        return try XCTUnwrap(found.first)
    }

    func testASheetSignedByARegisteredLeaderIsReadAndAttributed() throws {
        let f = try read(try signedByXmlsec1(Self.principal))
        XCTAssertEqual(f.signature, .signed(by: "CG", as: .principalLeader))
        XCTAssertEqual(f.caseNumber, CaseNumber(prefix: "BB", day: "20261130", sequence: 7))
        XCTAssertEqual(f.formNumber?.description, "FK2026-00018")
        XCTAssertEqual(f.answer?.handlerPhone, "0552-3012345")
        XCTAssertEqual(f.answer?.citations.count, 2)
        XCTAssertEqual(try read(try signedByXmlsec1(Self.inCharge)).signature, .signed(by: "CG", as: .leaderInCharge))
    }

    func testForgedTamperedAndWrappedSheetsAreRefusedWithTheirReasons() throws {
        func reasons(_ f: ReceivedFeedback) -> String {
            if case .invalid(let r) = f.signature { return r.joined(separator: "; ") }
            return "not refused: \(f.signature)"
        }
        // An unregistered key.
        let forged = reasons(try read(try signedByXmlsec1(Self.stranger)))
        XCTAssertTrue(forged.contains("pinned"), forged)
        // Tampered after signing: the result changed.
        let signed = String(decoding: try signedByXmlsec1(Self.principal), as: UTF8.self)
        let tampered = signed.replacingOccurrences(of: "处以罚款", with: "不予处理")
        XCTAssertNotEqual(tampered, signed)
        let altered = reasons(try read(Array(tampered.utf8)))
        XCTAssertTrue(altered.lowercased().contains("digest"), altered)
        // Wrapped: a forged answer put beside the signed one; the schema refuses the document before
        // any signature is trusted (the verifier's own wrapping defences are tested in HotlineXMLTests).
        let wrapped = try read(Array(signed.replacingOccurrences(of: "<Result>", with: "<Result>已办结。</Result><Result>").utf8))
        XCTAssertNil(wrapped.answer)
        XCTAssertTrue(wrapped.problems.joined().contains("not valid"), "\(wrapped.problems)")
        // A real certificate for the attacker's key carried in KeyInfo/X509Data is never trusted.
        let openssl = try ExternalTool.require("openssl")
        let dir = try ExternalTool.temporaryDirectory(self)
        let keyPath = dir.appendingPathComponent("stranger.pem").path, certPath = dir.appendingPathComponent("stranger.crt").path
        try Data(Self.stranger.pemRepresentation.utf8).write(to: URL(fileURLWithPath: keyPath))
        XCTAssertEqual(try ExternalTool.run(openssl, ["req", "-new", "-x509", "-key", keyPath, "-subj", "/CN=钱进", "-days", "2",
                                                      "-out", certPath]).status, 0)
        let withCert = try signedByXmlsec1(Self.stranger, keyArgument: "\(keyPath),\(certPath)", keyInfo: true)
        XCTAssertTrue(String(decoding: withCert, as: UTF8.self).contains("X509Certificate"), "xmlsec1 put the certificate in")
        let carried = reasons(try read(withCert))
        XCTAssertTrue(carried.contains("pinned"), carried)
        // Unsigned.
        let unsigned = Array(FormXMLWriter(timeZone: FormFixtures.shanghai).xml(FormFixtures.all()[4]).utf8)
        XCTAssertEqual(try read(unsigned).signature, .none)
    }

    /// A sheet the schema refuses for a second ds:Signature is unreadable, and only that: its
    /// signature was never checked, so "carries no signature" is no reason (issue 9, item 6).
    func testASheetWithASecondSignatureFailsOnlyAsUnreadable() throws {
        let signed = String(decoding: try signedByXmlsec1(Self.principal), as: UTF8.self)
        let start = try XCTUnwrap(signed.range(of: "<ds:Signature")), end = try XCTUnwrap(signed.range(of: "</ds:Signature>"))
        let twice = signed.replacingCharacters(in: end.upperBound..<end.upperBound, with: String(signed[start.lowerBound..<end.upperBound]))
        let f = try read(Array(twice.utf8))
        XCTAssertNil(f.answer)
        XCTAssertFalse(f.problems.isEmpty)
        let record = CaseRecord(number: CaseNumber(prefix: "BB", day: "20261130", sequence: 7), channel: .mayorMailbox, receivedAt: Date(),
                                petitioner: Petitioner(name: "张三"), subject: "噪音", text: "噪音", attachments: [],
                                kind: Decided(.complaint, rule: "t"), handlingClass: Decided(.routine, rule: "t"),
                                keyMatter: Decided(false, rule: "t"), scope: Decided(.accepted, rule: "t"), state: .assigned,
                                rawSHA256: String(repeating: "0", count: 64), messageID: nil)
        let unit = GovernmentUnit(code: "CG", name: "蚌埠市城市管理局", tier: .two, parent: nil, email: "cg@gov.example",
                                  hotlineContact: nil, leaderInCharge: nil, principalLeader: nil)
        let failures = SignOffRules.failures(f, .init(record: record, unit: unit, parent: nil, heavyItem: true, issuedFeedbackForms: []))
        XCTAssertEqual(failures.map(\.check), [.readable], "\(failures)")
    }

    func testTheSameSignedSheetReEncodedIsTheSameSheet() throws {
        let signed = String(decoding: try signedByXmlsec1(Self.principal), as: UTF8.self)
        let crlf = signed.replacingOccurrences(of: "\n", with: "\r\n")
        XCTAssertNotEqual(sha256Hex(Array(crlf.utf8)), sha256Hex(Array(signed.utf8)))
        let a = try read(Array(signed.utf8)), b = try read(Array(crlf.utf8))
        XCTAssertEqual(b.signature, .signed(by: "CG", as: .principalLeader), "CRLF line ends still verify")
        XCTAssertEqual(a.sha256, b.sha256, "recorded once: the identity is the signature, not the bytes")
    }

    func testTheSameContentSignedAgainIsTheSameSheet() throws {
        let a = try read(try signedByXmlsec1(Self.principal)), b = try read(try signedByXmlsec1(Self.inCharge))
        XCTAssertNotEqual(a.signature, b.signature)
        XCTAssertEqual(a.sha256, b.sha256, "the identity is the digest of what was signed")
    }

    func testEvidencePhotosDoNotPushTheSheetOut() throws {
        for tool in FaxQRScanner.tools { _ = try ExternalTool.require(tool) }
        let reader = FeedbackDocumentReader(
            schema: try FormSchemaTests.schema(), casePrefix: "BB", timeZone: FormFixtures.shanghai,
            units: UnitsRegistry(units: []),
            scanner: FaxQRScanner(), tagger: FormTag(secret: Array("no code of ours here".utf8)))
        let photo = try [UInt8](Data(contentsOf: FormFixtures.repo.appendingPathComponent("Tests/Fixtures/fax/feedback-photo.jpg")))
        var attachments = (0..<6).map { i in
            (StoredAttachment(originalName: "photo\(i).jpg", storedName: "p\(i).jpg", contentType: "image/jpeg", size: photo.count,
                              sha256: "p\(i)", partPath: "\(i + 2)"), photo)
        }
        attachments.append(Self.attachment(try signedByXmlsec1(Self.principal)))
        let found = reader.feedback(in: attachments, role: .unitReplies)
        XCTAssertEqual(found.map(\.medium), [.xml], "the sheet is read first; the photos carry no code of ours")
    }

    func testUnreadableSheetsAreReportedAndOtherAttachmentsIgnored() throws {
        let bad = Array("<FeedbackSheet xmlns=\"urn:hotline:forms:1\" version=\"1\"><Form/></FeedbackSheet>".utf8)
        let f = try read(bad)
        XCTAssertNil(f.answer)
        XCTAssertFalse(f.problems.isEmpty)
        XCTAssertTrue(f.problems[0].contains("not valid") || f.problems[0].contains("schema") || f.problems[0].contains("Form"), f.problems[0])
        let doctype = Array("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"urn:hotline:forms:1\">]><x>&a;</x>".utf8)
        XCTAssertFalse(try read(doctype).problems.isEmpty)
        let photo = (StoredAttachment(originalName: "photo.jpg", storedName: "x.jpg", contentType: "image/jpeg", size: 3, sha256: "x",
                                      partPath: "2"), [UInt8]([0xFF, 0xD8, 0xFF]))
        XCTAssertEqual(try reader().feedback(in: [photo], role: .unitReplies), [])
        // Our assignment sheet sent back is not an answer.
        let assignment = Array(FormXMLWriter(timeZone: FormFixtures.shanghai).xml(FormFixtures.all()[1]).utf8)
        XCTAssertEqual(try reader().feedback(in: [Self.attachment(assignment)], role: .unitReplies), [])
    }
}

/// The QR code inside an ODT sheet (its picture), tag checked, is what lets the sheet's own numbers
/// place it on a case (issue 5, item 1: "the QR code on an attached form").
final class FeedbackODTCodeTests: XCTestCase {
    func testTheCodeInsideAnODTSheetIsReadAndChecked() throws {
        for tool in FaxQRScanner.tools { _ = try ExternalTool.require(tool) }
        let documents = try FormDocuments.load(templates: .shipped, signingKey: FormSignatureTests.key,
                                               timeZone: FormFixtures.shanghai)
        let form = FormFixtures.all()[4]
        let p = form.particulars
        let ours = FormTag(secret: Array("odt code secret 2026".utf8))
        func odt(taggedBy tagger: FormTag, edit: ((String) -> String)? = nil) throws -> [UInt8] {
            let qr = FormQRPayload(kind: .feedback, caseNumber: p.caseNumber, formNumber: p.formNumber).text(tagger: tagger)
            let rendered = try documents.render(form, qrText: qr).odt
            guard let edit else { return rendered }
            // Change a field the way a forger would: in content.xml, then package again.
            let zip = try ODFPackageReader(bytes: rendered)
            let content = edit(String(decoding: try zip.read("content.xml"), as: UTF8.self))
            return try FeedbackODTFixture.repackage(rendered, content: Array(content.utf8))
        }
        let reader = FeedbackDocumentReader(schema: try FormSchemaTests.schema(), casePrefix: "BB", timeZone: FormFixtures.shanghai,
                                            units: UnitsRegistry(units: []), scanner: FaxQRScanner(), tagger: ours)
        func read(_ bytes: [UInt8], role: MailboxRole = .unitReplies) -> ReceivedFeedback? {
            reader.feedback(in: [(StoredAttachment(originalName: "FK.odt", storedName: "x.odt", contentType: "application/vnd.oasis.opendocument.text",
                                                   size: bytes.count, sha256: sha256Hex(bytes), partPath: "2"), bytes)], role: role).first
        }
        let good = try XCTUnwrap(read(try odt(taggedBy: ours)))
        XCTAssertTrue(good.tagged)
        XCTAssertEqual(good.problems, [])
        XCTAssertEqual(good.formNumber, p.formNumber)
        XCTAssertFalse(try XCTUnwrap(read(try odt(taggedBy: FormTag(secret: Array("another center".utf8))))).tagged, "another center's code")
        XCTAssertFalse(try XCTUnwrap(read(try odt(taggedBy: ours), role: .citizen)).tagged, "not read in the citizen mailbox")
        let forged = try XCTUnwrap(read(try odt(taggedBy: ours, edit: {
            $0.replacingOccurrences(of: "office:string-value=\"BB20261130-0007\"", with: "office:string-value=\"BB20261130-0009\"")
        })))
        XCTAssertEqual(forged.caseNumber?.description, "BB20261130-0009", "the edit took")
        XCTAssertFalse(forged.tagged)
        XCTAssertTrue(forged.problems.joined().contains("QR code names"), "\(forged.problems)")
    }
}
