import Foundation
import HotlineCore
import HotlineMail
import HotlineTestSupport
import Synchronization
import XCTest

/// `FeedbackVerdict.judge` is pure (issue 10, item 3): the same sheets and case file give the same
/// verdict, with no store in reach. The case file is made once through the desks; then each row
/// judges a variation of it.
final class FeedbackVerdictTests: XCTestCase {
    typealias T = ReturnPathTests

    func caseFile() throws -> (CaseFile, ReturnPathTests.Rig) {
        var rig = T.rig(label: "memory", store: InMemoryCaseStore())
        let (n, _) = try T.assignedCase(&rig)
        let store = rig.store
        let file = CaseFile(record: try XCTUnwrap(try store.caseRecord(n)), forms: try store.forms(of: n), events: try store.events(of: n),
                            takeBackDue: rig.clock.now().addingTimeInterval(86_400))
        return (file, rig)
    }

    func testEachVerdictFromSheetsAndTheCaseFileAlone() throws {
        let (file, rig) = try caseFile()
        let n = file.record.number
        let units = rig.settings.units
        let now = rig.clock.now()
        func judge(_ sheets: [ReceivedFeedback], trusted: Bool = true, at: Date = now, _ f: CaseFile? = nil) -> FeedbackVerdict.Decision {
            FeedbackVerdict.judge(sheets, trusted: trusted, receivedAt: at, file: f ?? file, matched: n, units: units).decision
        }
        var takeBack = T.answer()
        takeBack.notOurDutyReason = "属区政府职责"
        var late = file
        late.takeBackDue = now.addingTimeInterval(-3_600)
        var unsigned = T.answer()
        unsigned.signOff = nil
        var accepted = file
        accepted.events.append(CaseEvent(at: now, actor: CaseEvent.system, .unitReply(.init(
            mail: nil, received: now, sheet: .init(sha256: "", attachment: "", medium: .xml, form: T.fk, page: nil),
            outcome: .accepted(result: "x")))))
        var reviewed = file
        reviewed.record.state = .awaitingReview

        XCTAssertEqual(judge([]), .noSheet)
        XCTAssertEqual(judge([T.sheet(n)]), .accepted(result: T.answer().result ?? ""))
        XCTAssertEqual(judge([T.sheet(n)], accepted), .duplicate)
        XCTAssertEqual(judge([T.sheet(n, signature: .none)], trusted: false), .unverified)
        XCTAssertEqual(judge([T.sheet(n)], reviewed), .outOfTurn(.awaitingReview))
        XCTAssertEqual(judge([T.sheet(n, takeBack)]), .takeBack(reason: "属区政府职责", late: false))
        XCTAssertEqual(judge([T.sheet(n, takeBack)], late), .takeBack(reason: "属区政府职责", late: true))
        XCTAssertEqual(judge([T.sheet(n, medium: .paper)]),
                       .toConfirm(.init(kind: .unknown), note: "paper reply — handwritten sign-off to be confirmed"))
        guard case .returned(let failures) = judge([T.sheet(n, unsigned)]) else { return XCTFail("an unsigned answer is returned") }
        XCTAssertFalse(failures.isEmpty)
        var unassigned = file
        unassigned.forms = []
        XCTAssertEqual(judge([T.sheet(n)], unassigned), .unassigned)
        XCTAssertEqual(FeedbackVerdict.judge([T.sheet(n)], trusted: true, receivedAt: now, file: nil, matched: n, units: units).decision,
                       .holding(reason: "matched case \(n) does not exist"))
        // Pure: judged again, the same.
        XCTAssertEqual(judge([T.sheet(n, takeBack)], late), judge([T.sheet(n, takeBack)], late))
    }

    /// Only mail that may be a unit's reply reaches the sheet reader: a citizen's attachments never do.
    func testCitizensMailIsNotReadForSheetsAndAUnitsReplyIs() throws {
        let (file, rig) = try caseFile()
        let n = file.record.number
        let reader = CountingReader()
        let returnPath = ReturnPath(settings: rig.settings, reader: reader)
        let processor = IntakeProcessor(store: rig.store, vault: InMemoryVault(), settings: rig.settings.intake, clock: rig.clock,
                                        logger: .quiet, nonce: IntakeProcessor.randomNonce, returnPath: returnPath)
        var citizen = TestMail()
        citizen.messageID = "<citizen-2@example.com>"
        citizen.attachments = [("photo.png", "filename=\"photo.png\"", Array("not a sheet".utf8))]
        _ = try processor.process(IncomingMessage(key: SourceKey(source: "inbox", key: "c"), raw: citizen.raw), role: .citizen)
        XCTAssertEqual(reader.calls, 0, "a citizen's attachment went to the sheet reader")

        // A unit answering into the citizens' mailbox, citing our supervision mail: read.
        let supervision = try rig.desk.supervise(n, reason: "逾期", clerk: "李文")
        var unit = T.reply(rig, n)
        unit.to = "hotline@center.example"
        unit.from = "someone <person@elsewhere.example>"
        unit.headers = ["In-Reply-To: <\(supervision.mail.messageID)>"]
        _ = try processor.process(IncomingMessage(key: SourceKey(source: "inbox", key: "u"), raw: unit.raw), role: .citizen)
        XCTAssertEqual(reader.calls, 1)
    }
}

/// A reader that finds nothing and counts how often it was asked.
final class CountingReader: FeedbackReading {
    private let count = Mutex(0)
    var calls: Int { count.withLock { $0 } }

    func readout(in attachments: [(stored: StoredAttachment, bytes: [UInt8])], role: MailboxRole) -> FeedbackReadout {
        count.withLock { $0 += 1 }
        return FeedbackReadout(sheets: [], unreadScans: [])
    }
}
