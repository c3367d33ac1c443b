import Foundation
import HotlineCore
import HotlineDocuments
import HotlineTestSupport
import HotlineXML
import XCTest

/// Fax scans through intake (issue 5, item 6), with the real reader and scanner on the committed
/// fax fixtures: a faxed feedback sheet lands on its case as a paper reply to confirm; a page with
/// no code of ours — a letter, or another center's sheet — becomes a new case with the scan attached.
final class FaxReturnPathTests: XCTestCase {
    static let fixtures = FormFixtures.repo.appendingPathComponent("Tests/Fixtures/fax")

    struct Rig {
        let processor: IntakeProcessor
        var seq = 0
    }

    /// The sample inbox taken in and BB20261128-0002 assigned on 2026-12-01, as the fixtures were made.
    func rig() throws -> Rig {
        for tool in FaxQRScanner.tools { _ = try ExternalTool.require(tool) }
        let clock = FixedClock(ISO8601DateFormatter().date(from: "2026-12-01T01:00:00Z")!)
        let settings = FormSettings(
            intake: IntakeSettings(), centerHead: "周明", replyMailbox: "hotline@center.example",
            formSecret: Array("fax-fixture-secret-2026".utf8), deadlines: .shipped,
            units: UnitsRegistry(units: [GovernmentUnit(code: "CG", name: "蚌埠市城市管理局", tier: .two, parent: nil, email: "cg@gov.example",
                                                        hotlineContact: nil, leaderInCharge: nil, principalLeader: nil)]))
        let reader = FeedbackDocumentReader(schema: try FormSchemaTests.schema(), casePrefix: "BB", timeZone: settings.intake.timeZone,
                                            units: settings.units, scanner: FaxQRScanner(), tagger: settings.tagger)
        let rig = Rig(processor: IntakeProcessor(store: InMemoryCaseStore(), vault: InMemoryVault(), settings: settings.intake, clock: clock,
                                                 logger: .quiet,
                                                 nonce: IntakeProcessor.randomNonce, returnPath: ReturnPath(settings: settings, reader: reader)))
        let inbox = FormFixtures.repo.appendingPathComponent("Tests/Fixtures/sample-inbox")
        for (i, name) in try FileManager.default.contentsOfDirectory(atPath: inbox.path).filter({ $0.hasSuffix(".eml") }).sorted().enumerated() {
            _ = try rig.processor.process(IncomingMessage(key: SourceKey(source: "inbox", key: "\(i)"),
                                                          raw: [UInt8](Data(contentsOf: inbox.appendingPathComponent(name)))), role: .citizen)
        }
        let n = CaseNumber(prefix: "BB", day: "20261128", sequence: 2)
        XCTAssertTrue(try rig.processor.store.caseRecord(n)?.subject.contains("停水") ?? false)
        let desk = FormDesk(store: rig.processor.store, renderer: PlainFormRenderer(writer: FormXMLWriter(timeZone: settings.intake.timeZone)),
                            settings: settings, clock: clock, nonce: IntakeProcessor.randomNonce)
        XCTAssertEqual(try desk.assign(n, lead: "CG", assisting: [], clerk: "李文").forms.last?.number.description, "FK2026-00001")
        return rig
    }

    /// A fax-gateway mail carrying one scan.
    func fax(_ rig: inout Rig, _ file: String, type: String) throws -> IntakeEntry {
        rig.seq += 1
        let bytes = try Data(contentsOf: Self.fixtures.appendingPathComponent(file))
        let raw = "From: <fax-gateway@center.example>\r\nTo: <fax@center.example>\r\nSubject: Fax from 05523012345\r\n"
            + "Message-ID: <fax\(rig.seq)@center.example>\r\nDate: Tue, 1 Dec 2026 10:00:00 +0800\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nReceived fax, \(file)\r\n"
            + "--b\r\nContent-Type: \(type)\r\nContent-Disposition: attachment; filename=\"\(file)\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + bytes.base64EncodedString(options: .lineLength76Characters) + "\r\n--b--\r\n"
        return try rig.processor.process(IncomingMessage(key: SourceKey(source: "fax", key: "\(rig.seq)"), raw: Array(raw.utf8)), role: .fax).entry
    }

    func testAFaxedFeedbackSheetIsAPaperReplyToConfirm() throws {
        var rig = try rig()
        let n = CaseNumber(prefix: "BB", day: "20261128", sequence: 2)
        let entry = try fax(&rig, "reply-multipage-g4.tif", type: "image/tiff")
        XCTAssertEqual(entry.disposition, .reply, entry.reason)
        XCTAssertEqual(entry.caseNumber, n)
        XCTAssertEqual(try rig.processor.store.caseRecord(n)?.state, .awaitingConfirmation)
        let event = try XCTUnwrap(rig.processor.store.events(of: n).last)
        XCTAssertEqual(event.type, "feedback-to-confirm")
        XCTAssertEqual(event.shown["note"], "paper reply — handwritten sign-off to be confirmed")
        XCTAssertEqual(event.shown["page"], "2", "the QR code is on the second page of the fax")
        XCTAssertEqual(event.shown["form"], "FK2026-00001")
        // The same fax again is recorded once.
        XCTAssertEqual(try fax(&rig, "reply-multipage-g4.tif", type: "image/tiff").disposition, .duplicate)
    }

    func testPagesWithoutACodeOfOursBecomeNewCasesWithTheScan() throws {
        var rig = try rig()
        for (file, type) in [("paper-letter-g4.tif", "image/tiff"), ("foreign-center-g4.tif", "image/tiff")] {
            let entry = try fax(&rig, file, type: type)
            XCTAssertEqual(entry.disposition, .newCase, "\(file): \(entry.reason)")
            let record = try XCTUnwrap(rig.processor.store.caseRecord(XCTUnwrap(entry.caseNumber)))
            XCTAssertEqual(record.channel, .fax)
            XCTAssertEqual(record.attachments.map(\.originalName), [file])
        }
        XCTAssertEqual(try rig.processor.store.caseRecord(CaseNumber(prefix: "BB", day: "20261128", sequence: 2))?.state, .assigned)
    }

    func testAPDFFaxAndANoisyPageAreReadToo() throws {
        var rig = try rig()
        XCTAssertEqual(try fax(&rig, "feedback-heavy-noise-g4.tif", type: "image/tiff").disposition, .reply)
        XCTAssertEqual(try fax(&rig, "reply-fax.pdf", type: "application/pdf").disposition, .reply, "another sheet, same form: recorded")
    }
}
