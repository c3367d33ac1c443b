import Foundation
import GRDB
import HotlineCore
import HotlineStore
import HotlineTestSupport
import XCTest

final class SQLiteCaseStoreTests: XCTestCase {
    var dir = ""

    override func setUp() {
        dir = NSTemporaryDirectory() + "hotline-store-\(UUID().uuidString)"
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func openAndTakeIn() throws -> (SQLiteCaseStore, CaseNumber) {
        let store = try SQLiteCaseStore(path: dir + "/h.sqlite")
        let p = IntakeProcessor(store: store, vault: InMemoryVault(), settings: IntakeSettings(), clock: SystemClock(), logger: .quiet,
                                nonce: IntakeProcessor.randomNonce)
        let r = try p.process(IncomingMessage(key: SourceKey(source: "t", key: "1"), raw: TestMail().raw), role: .citizen)
        return (store, try XCTUnwrap(r.entry.caseNumber))
    }

    /// Cases received at the same moment list in the order they were made on both stores: the
    /// 10,000th of a day after the 9,999th, not before it as the number's text would sort.
    func testCasesOfOneMomentListInTheOrderTheyWereMade() throws {
        for store in [try SQLiteCaseStore(path: dir + "/order.sqlite"), InMemoryCaseStore()] as [any CaseStore] {
            let at = Date(timeIntervalSince1970: 1_795_835_000)
            try store.transaction { tx in
                for sequence in [9_999, 10_000] {
                    var m = TestMail()
                    m.messageID = "<order-\(sequence)@example.com>"
                    let record = CaseRecord(number: CaseNumber(prefix: "BB", day: "20261128", sequence: sequence), channel: .mayorMailbox,
                                            receivedAt: at, petitioner: Petitioner(name: "张三"), subject: "第\(sequence)件", text: "",
                                            attachments: [], kind: Decided(.complaint, rule: "t"), handlingClass: Decided(.routine, rule: "t"),
                                            keyMatter: Decided(false, rule: "t"), scope: Decided(.accepted, rule: "t"), state: .registered,
                                            rawSHA256: sha256Hex(m.raw), messageID: nil)
                    try tx.storeRawMessage(sha256: record.rawSHA256, bytes: m.raw)
                    try tx.insertCase(record)
                }
            }
            XCTAssertEqual(try store.cases(CaseFilter()).map(\.number.sequence), [9_999, 10_000], "\(type(of: store))")
        }
    }

    func testEventsAreAppendOnly() throws {
        _ = try openAndTakeIn()
        let db = try DatabaseQueue(path: dir + "/h.sqlite")
        XCTAssertThrowsError(try db.write { try $0.execute(sql: "UPDATE event SET actor = 'x'") }) { error in
            XCTAssertTrue("\(error)".contains("append-only"), "\(error)")
        }
        XCTAssertThrowsError(try db.write { try $0.execute(sql: "DELETE FROM event") })
    }

    func testReopeningKeepsEverythingAndMigratesOnce() throws {
        let (_, n) = try openAndTakeIn()
        let again = try SQLiteCaseStore(path: dir + "/h.sqlite")
        XCTAssertEqual(try again.caseRecord(n)?.number, n)
        XCTAssertEqual(try again.events(of: n).count, 2)
        let db = try DatabaseQueue(path: dir + "/h.sqlite")
        XCTAssertEqual(try db.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }, "wal")
        XCTAssertEqual(try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM grdb_migrations") }, SQLiteCaseStore.migrator.migrations.count)
        XCTAssertEqual(SQLiteCaseStore.migrator.migrations.count, 7)
    }

    func testSchemaRefusesInconsistentRows() throws {
        _ = try openAndTakeIn()
        let db = try DatabaseQueue(path: dir + "/h.sqlite")
        // A case disposition without a case, a bad kind, a path in a stored name: all refused.
        XCTAssertThrowsError(try db.write {
            try $0.execute(sql: "INSERT INTO intake (source, source_key, disposition, reason, at) VALUES ('t', '2', 'case', '', 0)")
        })
        XCTAssertThrowsError(try db.write { try $0.execute(sql: "UPDATE \"case\" SET kind = 'gossip'") })
        XCTAssertThrowsError(try db.write {
            try $0.execute(sql: "INSERT INTO attachment (case_id, stored_name, content_type, size, sha256, part_path) VALUES (1, '../x', 't', 1, 'x', '1')")
        })
    }

    func testEventDataRoundTripsAnyText() throws {
        let (store, n) = try openAndTakeIn()
        let tricky = ["a\"b", "a\\b/c", "1\r\n2\t3", "\u{1}\u{1F}", "投诉 ✓ 😀"]
        let mail = CaseEvent.ReceivedMail(matchedBy: tricky[0], from: tricky[1], subject: tricky[2], rawSHA256: tricky[3], text: tricky[4],
                                          messageID: tricky.joined(), attachments: tricky)
        let event = CaseEvent(at: Date(timeIntervalSince1970: 1_800_000_000), actor: "李明", .replyReceived(mail))
        // An event of a kind this version does not know is stored and read back as it came.
        let unknown = CaseEvent(at: event.at, actor: "李明", .unrecognized(type: "note", data: "{\"v\":3,\"中文\":[\"投诉 ✓ 😀\"]}"))
        try store.transaction { try $0.appendEvent(event, to: n); try $0.appendEvent(unknown, to: n) }
        XCTAssertEqual(try store.events(of: n).suffix(2), [event, unknown])
    }

    func testAFailedTransactionLeavesNothing() throws {
        let store = try SQLiteCaseStore(path: dir + "/h.sqlite")
        struct Boom: Error {}
        XCTAssertThrowsError(try store.transaction { tx in
            try tx.storeRawMessage(sha256: String(repeating: "a", count: 64), bytes: [1])
            _ = try tx.allocateCaseNumber(prefix: "BB", day: "20261128")
            throw Boom()
        })
        XCTAssertNil(try store.rawMessage(sha256: String(repeating: "a", count: 64)))
        XCTAssertEqual(try store.transaction { try $0.allocateCaseNumber(prefix: "BB", day: "20261128") }.sequence, 1)
    }
}
