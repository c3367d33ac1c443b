import Foundation
import HotlineCore
import HotlineMail
import HotlineTestSupport
import XCTest

/// What could not be read stays on record, with only its real reasons (issue 9, item 6), on both stores.
extension ReturnPathTests {
    func testAScanRefusedOrStoppedIsNamedOnTheIntakeLogAndTheCase() throws {
        for var rig in try rigs() {
            let (n, _) = try Self.assignedCase(&rig)
            rig.unread = ["fax.tif": .timedOut, "bomb.tif": .pictureTooLarge]
            // A unit's reply whose scan timed out: not filed as if it had no sheet, silently.
            let entry = try rig.receive(Self.reply(rig, n, attachment: "fax.tif"))
            XCTAssertEqual(entry.disposition, .reply, "\(rig.label): \(entry.reason)")
            XCTAssertTrue(entry.reason.contains("scan not read: fax.tif: timed-out"), entry.reason)
            let logged = try XCTUnwrap(rig.store.intakeEntries(limit: 10).first { $0.source == entry.source }, rig.label)
            XCTAssertEqual(logged.reason, entry.reason, rig.label)
            let event = try XCTUnwrap(rig.store.events(of: n).last { $0.type == "scan-not-read" }, rig.label)
            XCTAssertEqual(event.shown["reason"], "timed-out")
            XCTAssertEqual(event.shown["original_name"], "fax.tif")
            // A fax that becomes a paper-letter case carries the refusal on the new case.
            var bomb = TestMail()
            bomb.from = "<fax-gateway@center.example>"
            bomb.messageID = "<bomb@center.example>"
            bomb.attachments = [("bomb.tif", "filename=\"bomb.tif\"", [0x49, 0x49, 0x2A, 0x00])]
            let fax = try rig.receive(bomb, role: .fax)
            XCTAssertEqual(fax.disposition, .newCase, "\(rig.label): \(fax.reason)")
            XCTAssertTrue(fax.reason.contains("picture-too-large"), fax.reason)
            let letter = try XCTUnwrap(fax.caseNumber)
            XCTAssertEqual(try rig.store.events(of: letter).filter { $0.type == "scan-not-read" }.map { $0.shown["reason"] }, ["picture-too-large"])
        }
    }

    /// A scanning tool that could not run is a fault of ours (issue 9, item 3): the fax is not
    /// filed as a letter without a sheet; the pass stops and the message stays for the next one.
    func testAScanToolThatCouldNotRunLeavesTheFaxAtItsSource() throws {
        for var rig in try rigs() {
            rig.unread = ["page.tif": .toolFailed]
            var fax = TestMail()
            fax.from = "<fax-gateway@center.example>"
            fax.messageID = "<toolfail@center.example>"
            fax.attachments = [("page.tif", "filename=\"page.tif\"", [0x49, 0x49, 0x2A, 0x00])]
            let source = InMemoryMailSource(name: "fax", role: .fax)
            source.deliver(fax.raw)
            let run = IntakeRun(processor: rig.processor(), sources: [source], sender: nil, claimant: .test, logger: .quiet)
            let first = run.pass()
            XCTAssertTrue(first.fault?.description.contains("scanning page.tif") ?? false, "\(rig.label): \(String(describing: first.fault))")
            XCTAssertEqual(first.newCases + first.quarantined, 0, rig.label)
            XCTAssertEqual(source.waiting.count, 1, "the fax stays where it is (\(rig.label))")
            XCTAssertEqual(try rig.store.intakeEntries(limit: 10).filter { $0.source.source == "fax" }.count, 0, rig.label)

            rig.unread = [:]  // the tool is installed again
            let second = IntakeRun(processor: rig.processor(), sources: [source], sender: nil, claimant: .test, logger: .quiet).pass()
            XCTAssertNil(second.fault, rig.label)
            XCTAssertEqual(second.newCases, 1, rig.label)
            XCTAssertEqual(source.waiting.count, 0, rig.label)
        }
    }

    func testAnUnreadableSheetIsReturnedForThatAloneNotForAMissingSignature() throws {
        for var rig in try rigs() {
            let (n, _) = try Self.assignedCase(&rig)
            // What the real reader gives for an XML sheet the schema refuses (a second ds:Signature).
            rig.script["FK2026-00001-反馈单.xml"] = ReceivedFeedback(
                medium: .xml, attachment: "", sha256: "", answer: nil, caseNumber: nil, formNumber: nil, signature: .none,
                problems: ["the form is not valid against forms.xsd: Element 'ds:Signature': This element is not expected."])
            let entry = try rig.receive(Self.reply(rig, n))
            XCTAssertTrue(entry.reason.contains("退单"), "\(rig.label): \(entry.reason)")
            let event = try XCTUnwrap(rig.store.events(of: n).last)
            XCTAssertEqual(event.type, "feedback-returned")
            XCTAssertEqual(event.shown["checks"], "readable", rig.label)
            let notice = try XCTUnwrap(rig.store.outgoing(limit: 10).first { $0.mail.purpose == "return-notice" })
            let text = MailParser.parse(notice.mail.raw).bodyText
            XCTAssertTrue(text.contains("could not be read"), text)
            XCTAssertFalse(text.contains("carries no signature"), text)
        }
    }
}
