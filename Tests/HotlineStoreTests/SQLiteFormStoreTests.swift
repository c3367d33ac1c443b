import Foundation
import GRDB
import HotlineCore
import HotlineMail
import HotlineStore
import HotlineTestSupport
import XCTest

/// Issued forms and dispatch batches in the SQLite store, and the same contract in the twin.
final class SQLiteFormStoreTests: XCTestCase {
    var dir = ""

    override func setUp() { dir = NSTemporaryDirectory() + "hotline-forms-\(UUID().uuidString)" }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func stores() throws -> [(String, any CaseStore)] {
        [("sqlite", try SQLiteCaseStore(path: dir + "/h.sqlite")), ("memory", InMemoryCaseStore())]
    }

    func takeIn(_ store: any CaseStore) throws -> CaseNumber {
        let p = IntakeProcessor(store: store, vault: InMemoryVault(), settings: IntakeSettings(), clock: SystemClock(), logger: .quiet,
                                nonce: IntakeProcessor.randomNonce)
        let r = try p.process(IncomingMessage(key: SourceKey(source: "t", key: "1"), raw: TestMail().raw), role: .citizen)
        return try XCTUnwrap(r.entry.caseNumber)
    }

    func testFormNumbersCountPerKindAndYearAndFormsComeBackAsStored() throws {
        for (label, store) in try stores() {
            let n = try takeIn(store)
            let numbers = try store.transaction { tx in
                [try tx.allocateFormNumber(kind: .assignment, year: 2026), try tx.allocateFormNumber(kind: .assignment, year: 2026),
                 try tx.allocateFormNumber(kind: .feedback, year: 2026), try tx.allocateFormNumber(kind: .assignment, year: 2027)]
            }
            XCTAssertEqual(numbers.map(\.description), ["JB2026-00001", "JB2026-00002", "FK2026-00001", "JB2027-00001"], label)
            let form = IssuedForm(number: numbers[0], caseNumber: n, issuedAt: Date(timeIntervalSince1970: 1_800_000_000),
                                  actor: "李文", recipients: ["CG", "WATER"], unitCode: "CG",
                                  deadline: Date(timeIntervalSince1970: 1_800_432_000), refersTo: nil,
                                  xml: Array("<x/>".utf8), odt: [0x50, 0x4B, 3, 4])
            var feedback = form
            feedback.number = numbers[2]
            feedback.refersTo = numbers[0]
            try store.transaction { tx in
                try tx.insertForm(form)
                try tx.insertForm(feedback)
            }
            XCTAssertEqual(try store.forms(of: n), [form, feedback], label)
            XCTAssertEqual(try store.form(numbers[2]), feedback, label)
            XCTAssertNil(try store.form(numbers[1]), label)
            XCTAssertThrowsError(try store.transaction { try $0.insertForm(form) }, "a number is issued once (\(label))")
            // A rolled-back transaction gives its numbers back.
            _ = try? store.transaction { tx -> Void in
                _ = try tx.allocateFormNumber(kind: .supervision, year: 2026)
                throw CancellationError()
            }
            XCTAssertEqual(try store.transaction { try $0.allocateFormNumber(kind: .supervision, year: 2026) }.sequence, 1, label)
        }
    }

    func testIssuedFormsAreNeverChanged() throws {
        let store = try SQLiteCaseStore(path: dir + "/h.sqlite")
        let n = try takeIn(store)
        try store.transaction { tx in
            let number = try tx.allocateFormNumber(kind: .assignment, year: 2026)
            try tx.insertForm(IssuedForm(number: number, caseNumber: n, issuedAt: Date(), actor: "a", recipients: [], unitCode: nil,
                                         deadline: nil, refersTo: nil, xml: [1], odt: [2]))
        }
        let db = try DatabaseQueue(path: dir + "/h.sqlite")
        XCTAssertThrowsError(try db.write { try $0.execute(sql: "UPDATE form SET xml = x'00'") }) {
            XCTAssertTrue("\($0)".contains("never changed"), "\($0)")
        }
        XCTAssertThrowsError(try db.write { try $0.execute(sql: "DELETE FROM form") }) {
            XCTAssertTrue("\($0)".contains("never deleted"), "\($0)")
        }
    }

    func testMailHeldForABatchIsNotSentBeforeItsTimeEvenByAOneOffPass() throws {
        for (label, store) in try stores() {
            let batch = Date(timeIntervalSince1970: 1_800_000_000)
            try store.transaction { tx in
                try tx.queueOutgoing(OutgoingMail(caseNumber: nil, purpose: "form:assignment", messageID: "held@x", recipients: ["u@x"],
                                                  raw: [1], sendAfter: batch))
                try tx.queueOutgoing(OutgoingMail(caseNumber: nil, purpose: "acknowledgement", messageID: "now@x", recipients: ["c@x"],
                                                  raw: [2]))
            }
            for retry in [false, true] {
                XCTAssertEqual(try store.queuedMail(limit: 10, now: batch - 1, honourRetryTimes: retry).map(\.mail.messageID), ["now@x"], label)
                XCTAssertEqual(try store.queuedMail(limit: 10, now: batch, honourRetryTimes: retry).map(\.mail.messageID),
                               ["held@x", "now@x"], label)
            }
            XCTAssertEqual(try store.outgoing(limit: 10).first { $0.mail.messageID == "held@x" }?.mail.sendAfter, batch, label)
        }
    }

    func testMailHeldForABatchIsDatedWhenItLeaves() throws {
        for (label, store) in try stores() {
            let clock = FixedClock(Date(timeIntervalSince1970: 1_796_086_800))  // 09:00 Shanghai
            let tz = TimeZone(identifier: "Asia/Shanghai")!
            var c = MailComposer(from: MailAddress(name: "", address: "c@x.example"), to: [MailAddress(name: "", address: "u@x.example")],
                                 subject: "s", date: clock.now(), messageID: "held-\(label)@x", text: "t")
            c.timeZone = tz
            let batch = clock.now().addingTimeInterval(9_000)
            try store.transaction { try $0.queueOutgoing(OutgoingMail(caseNumber: nil, purpose: "form:assignment", messageID: "held-\(label)@x",
                                                                     recipients: ["u@x.example"], raw: c.render(), sendAfter: batch)) }
            let sender = InMemoryMailSender()
            let processor = IntakeProcessor(store: store, vault: InMemoryVault(), settings: IntakeSettings(), clock: clock, logger: .quiet,
                                            nonce: IntakeProcessor.randomNonce)
            var summary = PassSummary()
            try IntakeRun(processor: processor, sources: [], sender: sender, claimant: .test, logger: .quiet)
                .deliver(through: sender, into: &summary)
            XCTAssertEqual(sender.sent.count, 0, "\(label): not before its batch")
            clock.advance(9_000)
            try IntakeRun(processor: processor, sources: [], sender: sender, claimant: .test, logger: .quiet)
                .deliver(through: sender, into: &summary)
            XCTAssertEqual(sender.sent.count, 1, label)
            XCTAssertEqual(MailParser.parse(sender.sent[0].raw).date, batch, "\(label): dated when it left")
        }
    }
}
