import Foundation
import GRDB
import HotlineCore
import HotlineMail
import HotlineStore
import XCTest

/// The typed case history (issue 10, item 1) reads every event the program wrote before it.
///
/// `Tests/Fixtures/legacy-events.jsonl` holds events captured from the program as it was before
/// issue 10 (commit f11e908), while its own test suite ran on both stores: one line per shape
/// (event type and set of keys), with the data exactly as that program stored it. Two shapes no test
/// of that time produced, `extension-denied` and `feedback-unassigned`, are the last two lines,
/// written by hand after that program's code.
final class EventHistoryMigrationTests: XCTestCase {
    var dir = ""

    override func setUp() {
        dir = NSTemporaryDirectory() + "hotline-history-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
    }

    struct Legacy {
        var type: String
        var data: String
        var fields: [String: String]
    }

    static func legacyEvents() throws -> [Legacy] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/legacy-events.jsonl")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { line in
            let o = try JSONDecoder().decode([String: String].self, from: Data(line.utf8))
            let data = try XCTUnwrap(o["data"])
            return Legacy(type: try XCTUnwrap(o["type"]), data: data,
                          fields: try JSONDecoder().decode([String: String].self, from: Data(data.utf8)))
        }
    }


    func testEveryEventTheProgramWroteBeforeReadsBackAsATypedEvent() throws {
        let legacy = try Self.legacyEvents()
        XCTAssertGreaterThan(legacy.count, 40)
        let kinds = Set(legacy.map(\.type))
        for type in ["registered", "form-issued", "feedback-accepted", "feedback-returned", "feedback-take-back", "extension-granted",
                     "extension-denied", "review-returned", "holding-attached", "override", "scan-not-read", "feedback-confirmed"] {
            XCTAssertTrue(kinds.contains(type), "the fixture has no \(type)")
        }
        for e in legacy {
            let body = CaseEvent.Body.stored(type: e.type, data: e.data)
            if e.type == "note" {  // a test's own event type: no kind of ours
                XCTAssertEqual(body, .unrecognized(type: "note", data: e.data))
                continue
            }
            if case .unrecognized = body { XCTFail("\(e.type) did not read: \(e.data)"); continue }
            XCTAssertEqual(body.type, e.type)
            // Shown as it always was.
            let shown = body.fields(timeZone: .gmt).texts
            XCTAssertTrue(EventFields.sameContent(shown, e.fields), "\(e.type): \(shown) ≠ \(e.fields)")
            // And stored again (version 2), it reads back the same.
            XCTAssertTrue(body.storedData.hasPrefix("{\"v\":2"))
            XCTAssertEqual(CaseEvent.Body.stored(type: e.type, data: body.storedData), body, e.type)
        }
    }

    func testTypedValuesComeBackAsTheirTypes() throws {
        let legacy = try Self.legacyEvents()
        let issued = try XCTUnwrap(legacy.first { $0.type == "form-issued" && $0.fields["kind"] == "assignment" })
        guard case .formIssued(let f) = CaseEvent.Body.stored(type: issued.type, data: issued.data),
              case .assignment(let unit, _, let deadline, _) = f.detail else { return XCTFail("not an assignment") }
        XCTAssertEqual(f.form.description, issued.fields["form"])
        XCTAssertEqual(f.forms.map(\.description).joined(separator: ","), issued.fields["forms"])
        XCTAssertEqual(unit, issued.fields["unit"])
        XCTAssertEqual(deadline, ISODateTime.instant(issued.fields["deadline"] ?? ""))
        let takeBack = try XCTUnwrap(legacy.first { $0.type == "feedback-take-back" && $0.fields["late"] == "true" })
        guard case .takeBack(_, let late) = CaseEvent.Body.stored(type: takeBack.type, data: takeBack.data).unitReplyOutcome else {
            return XCTFail("not a take-back")
        }
        XCTAssertTrue(late)
    }

    /// A version this program does not know, data that is not an object of fields, a field that does
    /// not read as its type: kept verbatim, shown, never dropped.
    func testWhatDoesNotReadIsKeptVerbatim() {
        for (type, data) in [("registered", "{\"v\":3,\"source\":\"x\"}"), ("form-issued", "[1,2]"),
                             ("mail-defects", "{\"count\":\"many\",\"kinds\":\"x\"}"), ("audit-2030", "{\"who\":\"x\"}")] {
            let body = CaseEvent.Body.stored(type: type, data: data)
            XCTAssertEqual(body, .unrecognized(type: type, data: data))
            XCTAssertEqual(body.storedData, data)
            XCTAssertEqual(body.type, type)
        }
        XCTAssertEqual(CaseEvent.Body.stored(type: "audit-2030", data: "{\"who\":\"x\"}").fields(timeZone: .gmt).texts, ["who": "x"])
        XCTAssertEqual(CaseEvent.Body.stored(type: "form-issued", data: "[1,2]").fields(timeZone: .gmt).texts, ["raw": "[1,2]"])
    }

    /// A store as the program before issue 10 left it (schema v5, events as version 1 text) opens
    /// with migration v6: every event reads back as it read before, typed; the holding item a clerk
    /// attached is found through its own column; an event that does not read stays byte for byte.
    func testAStoreMadeBeforeTheTypedHistoryMigrates() throws {
        let path = dir + "/old.sqlite"
        let legacy = try Self.legacyEvents()
        let junk = "{\"v\":9,\"future\":[1]}"
        let badRegistration = "{\"key_matter\":\"maybe\",\"source\":\"x\"}"
        let attachedWithExtra = "{\"outcome\":\"o\",\"source\":\"unit-replies:18\",\"why\":\"a key of a later version\"}"
        do {
            let queue = try DatabaseQueue(path: path)
            let v5 = try XCTUnwrap(SQLiteCaseStore.migrator.migrations.first { $0.hasPrefix("v5") })
            try SQLiteCaseStore.migrator.migrate(queue, upTo: v5)
            try queue.write { db in
                let sha = String(repeating: "a", count: 64)
                try db.execute(sql: "INSERT INTO raw_message (sha256, size, bytes) VALUES (?, 1, x'00')", arguments: [sha])
                try db.execute(sql: """
                    INSERT INTO "case" (number, prefix, day, sequence, channel, received_at, subject, text, kind, kind_rule,
                        handling_class, class_rule, key_matter, key_rule, scope, scope_rule, state, raw_sha256)
                    VALUES ('BB20261128-0001', 'BB', '20261128', 1, 'mayor-mailbox', '2026-11-28 01:00:00.000', 's', 't', 'complaint',
                        'r', 'routine', 'r', 0, 'r', 'accepted', 'r', 'registered', ?)
                    """, arguments: [sha])
                try db.execute(sql: """
                    INSERT INTO intake (source, source_key, disposition, reason, at) VALUES ('unit-replies', '17', 'holding', 'r', '2026-11-28 01:00:00.000')
                    """)
                for e in legacy + [Legacy(type: "future-kind", data: junk, fields: [:])] {
                    try db.execute(sql: "INSERT INTO event (case_id, at, actor, type, data) VALUES (1, '2026-11-28 01:00:00.000', 'hotline', ?, ?)",
                                   arguments: [e.type, e.data])
                }
                // A known kind whose field does not read, and one with a key no payload models: both
                // stay byte for byte; the attached item still gets its column.
                for (type, data) in [("registered", badRegistration), ("holding-attached", attachedWithExtra)] {
                    try db.execute(sql: "INSERT INTO event (case_id, at, actor, type, data) VALUES (1, '2026-11-28 01:30:00.000', 'x', ?, ?)",
                                   arguments: [type, data])
                }
                try db.execute(sql: """
                    INSERT INTO event (case_id, at, actor, type, data) VALUES (1, '2026-11-28 02:00:00.000', '李明', 'holding-attached', ?)
                    """, arguments: ["{\"outcome\":\"feedback accepted\",\"source\":\"unit-replies:17\"}"])
            }
            XCTAssertEqual(try queue.read { db in try SQLiteCaseStore.migrator.appliedMigrations(db).count }, 5)
        }
        let store = try SQLiteCaseStore(path: path)
        let events = try store.events(of: CaseNumber(prefix: "BB", day: "20261128", sequence: 1))
        XCTAssertEqual(events.count, legacy.count + 4)
        for (e, before) in zip(events, legacy) {
            XCTAssertEqual(e.body, CaseEvent.Body.stored(type: before.type, data: before.data), before.type)
        }
        XCTAssertEqual(events[legacy.count].body, .unrecognized(type: "future-kind", data: junk))
        XCTAssertEqual(events.last?.holdingSource, "unit-replies:17")
        XCTAssertTrue(try store.holding(limit: 10).isEmpty, "the attached item left the holding queue")
        // Rewritten as version 2, and still append-only.
        let queue = try DatabaseQueue(path: path)
        let versions = try queue.read { db in try String.fetchAll(db, sql: "SELECT data FROM event WHERE type = 'registered' AND actor != 'x'") }
        XCTAssertFalse(versions.isEmpty)
        XCTAssertTrue(versions.allSatisfy { $0.hasPrefix("{\"v\":2") })
        // Every event the old program wrote was rewritten; only those that are not ours or do not say the same stay as they were.
        let v1 = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM event WHERE data NOT LIKE '{\"v\":2%'") }
        XCTAssertEqual(v1, 4)  // note (not ours), future-kind, and the two of actor x
        XCTAssertEqual(try queue.read { db in try String.fetchOne(db, sql: "SELECT data FROM event WHERE type = 'future-kind'") }, junk)
        XCTAssertEqual(try queue.read { db in try String.fetchAll(db, sql: "SELECT data FROM event WHERE actor = 'x' ORDER BY id") },
                       [badRegistration, attachedWithExtra])
        XCTAssertEqual(events[legacy.count + 1].body, .unrecognized(type: "registered", data: badRegistration))
        XCTAssertEqual(try queue.read { db in
            try String.fetchAll(db, sql: "SELECT holding_source FROM event WHERE holding_source IS NOT NULL ORDER BY id")
        }.suffix(2), ["unit-replies:18", "unit-replies:17"])
        XCTAssertThrowsError(try queue.write { db in try db.execute(sql: "UPDATE event SET actor = 'x'") })
    }
}

extension EventHistoryMigrationTests {
    /// A store migrated by a newer program is refused, never misread.
    func testAStoreFromANewerProgramIsRefused() throws {
        let path = dir + "/newer.sqlite"
        _ = try SQLiteCaseStore(path: path)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')") }
        XCTAssertThrowsError(try SQLiteCaseStore(path: path)) { error in
            XCTAssertTrue("\(error)".contains("newer version of hotline"), "\(error)")
        }
    }
}

extension CaseEvent.Body {
    var unitReplyOutcome: CaseEvent.UnitReply.Outcome? {
        if case .unitReply(let r) = self { return r.outcome }
        return nil
    }
}
