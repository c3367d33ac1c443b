import Foundation
import GRDB
import HotlineCore
import HotlineMail
import HotlineStore
import HotlineTestSupport
import XCTest

/// The clocks as the stores keep them (issue 11, items 2, 4, 5): what each transaction folds on is
/// what a full recomputation from the history gives, on SQLite and on the twin; a calendar loaded
/// later recounts a provisional instant and records both; two processes on one SQLite file issue
/// each action once; a store from before the clock gets its clocks counted.
final class CaseClockStoreTests: XCTestCase {
    typealias H = CaseHistory
    var dir: String!

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "hotline-clocks-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    let rules = ClockRules(deadlines: .shipped)

    /// A case as intake inserts it, with the raw message it refers to.
    static func insert(_ r: CaseRecord, _ tx: any CaseStoreSession) throws {
        try tx.storeRawMessage(sha256: r.rawSHA256, bytes: Array("From: x\r\n\r\nx".utf8))
        try tx.insertCase(r)
    }

    /// A random history of what the desks write: registration, assignment, supervision rounds, replies
    /// of every kind, reviews, extensions, holds, class and scope changes — at random steps of time,
    /// in random order (some make no sense, as a clerk's mistakes would not; the fold must still agree).
    func randomHistory(_ rng: inout SplitMix64, record: CaseRecord) -> [CaseEvent] {
        var t = record.receivedAt.addingTimeInterval(Double(rng.next() % 7_200))
        var events = [H.registered(record, at: t)]
        var round = 0
        for _ in 0..<Int(rng.next() % 14) {
            t = t.addingTimeInterval([60, 1_800, 3_600, 4 * 3_600, 86_400, 3 * 86_400][Int(rng.next() % 6)] * Double(1 + rng.next() % 3))
            let e: CaseEvent
            switch rng.next() % 13 {
            case 12:
                let due: ClockDue = [.reminder(round: round), .backAlert(round: 1), .frontAlert][Int(rng.next() % 3)]
                e = CaseEvent(at: t, actor: CaseEvent.system, .clockAction(.init(kind: .alert, due: due, messageID: nil, to: [], reason: "r")))
            case 0, 1: e = H.assigned("CG", at: t, leaves: rng.next() % 2 == 0 ? nil : t.addingTimeInterval(5_400))
            case 2: round += 1; e = H.supervised("CG", round: round, at: t)
            case 3: e = H.reply(.accepted(result: "已办结"), at: t)
            case 4: e = H.reply(.toConfirm(.init(kind: .unknown)), at: t, received: t.addingTimeInterval(-600))
            case 5: e = H.reply(.takeBack(reason: "非本单位职责", late: false), at: t)
            case 6: e = H.reply(.extensionRequested(until: nil, reason: "需勘查"), at: t)
            case 7: e = H.reviewed(accepted: rng.next() % 2 == 0, at: t)
            case 8: e = H.extensionGranted(until: t.addingTimeInterval(Double(1 + rng.next() % 9) * 86_400), at: t)
            case 9: e = rng.next() % 2 == 0 ? H.held("等待鉴定", at: t) : H.released(at: t)
            case 10: e = H.classChanged(to: HandlingClass.allCases[Int(rng.next() % 4)], at: t)
            default:
                let guided = rng.next() % 2 == 0
                e = CaseEvent(at: t, actor: "李文", .override(.init(field: .scope, from: "x", to: guided ? "out-of-scope:litigation" : "accepted",
                                                                   reason: nil, state: guided ? .guided : .registered)))
            }
            events.append(e)
        }
        return events
    }

    /// Appends the history in transactions of one to three events, as the desks would.
    func append(_ events: [CaseEvent], record: CaseRecord, to store: ClockedStore, _ rng: inout SplitMix64) throws {
        var i = 0
        while i < events.count {
            let k = min(events.count - i, 1 + Int(rng.next() % 3))
            let slice = events[i..<(i + k)]
            try store.transaction { tx in
                if i == 0 { try Self.insert(record, tx) }
                for e in slice { try tx.appendEvent(e, to: record.number) }
            }
            i += k
        }
    }

    func testStoredClocksEqualARecomputationFromTheHistory() throws {
        let sqlite = ClockedStore(try SQLiteCaseStore(path: dir + "/h.sqlite"), rules: rules, clock: FixedClock(H.at("2026-12-01T09:00")))
        let twin = ClockedStore(InMemoryCaseStore(), rules: rules, clock: FixedClock(H.at("2026-12-01T09:00")))
        var rng = SplitMix64(seed: 11)
        var checked = 0
        for i in 1...120 {
            let received = H.at("2026-11-02T08:00").addingTimeInterval(Double(rng.next() % (50 * 86_400)))
            let record = H.record(CaseNumber(prefix: "BB", day: "20261201", sequence: i), received: received,
                                  kind: MatterKind.allCases[Int(rng.next() % 7)], handlingClass: HandlingClass.allCases[Int(rng.next() % 4)],
                                  channel: rng.next() % 5 == 0 ? .provincialTransfer : .mayorMailbox)
            let history = randomHistory(&rng, record: record)
            for store in [sqlite, twin] {
                var split = rng
                try append(history, record: record, to: store, &split)
                let stored = try XCTUnwrap(try store.clocks(of: record.number))
                let events = try store.events(of: record.number)
                XCTAssertEqual(stored.state, CaseClocks.computed(receivedAt: record.receivedAt, events: events, rules: rules),
                               "case \(i): the incremental clocks differ from the recomputation")
                XCTAssertEqual(stored.version, rules.version)
                // Every change was recorded, in order: the last clock event of each stage says where it stands.
                for c in stored.state.stages {
                    let last = events.last { if case .clockChanged(let ch) = $0.body { ch.clock.stage == c.stage } else { false } }
                    if case .clockChanged(let ch)? = last?.body {
                        XCTAssertEqual(ch.clock.due, c.due, "case \(i) \(c.stage): the history's last clock event")
                        XCTAssertEqual(ch.clock.status, c.status, "case \(i) \(c.stage)")
                    } else {
                        XCTFail("case \(i): no clock event for \(c.stage)")
                    }
                }
                checked += 1
            }
            rng = SplitMix64(seed: rng.next())
        }
        XCTAssertEqual(checked, 240)
        // The rules change (units' days counted as calendar days): the pass's recount of each case
        // is the recomputation with the new rules, and records the moved instants.
        let days = ClockRules(deadlines: try UnitDeadlines(rules: try DeadlineRules(rows: rules.table.rows, unitDay: .days), clock: rules.clock))
        let recounting = ClockedStore(try SQLiteCaseStore(path: dir + "/h.sqlite"), rules: days, clock: FixedClock(H.at("2026-12-01T09:00")))
        var recounted = 0
        for n in try recounting.casesToRecount(version: days.version, limit: 1_000) {
            try recounting.recount(n)
            let record = try XCTUnwrap(try recounting.caseRecord(n))
            XCTAssertEqual(try recounting.clocks(of: n)?.state,
                           CaseClocks.computed(receivedAt: record.receivedAt, events: try recounting.events(of: n), rules: days), "\(n)")
            recounted += 1
        }
        XCTAssertGreaterThan(recounted, 10)
        XCTAssertEqual(try recounting.casesToRecount(version: days.version, limit: 1_000), [])
        // The index holds exactly the open cases with something to do, by their next action.
        let rows = try DatabaseQueue(path: dir + "/h.sqlite").read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM case_clock WHERE next_action_at IS NOT NULL")!
        }
        XCTAssertEqual(rows, try sqlite.casesWithClockActions(dueBy: .distantFuture, limit: 1_000).count)
        XCTAssertEqual(Set(try sqlite.casesWithClockActions(dueBy: .distantFuture, limit: 1_000)),
                       Set(try twin.casesWithClockActions(dueBy: .distantFuture, limit: 1_000)))
    }

    func testAYearLoadedLaterRecountsTheProvisionalInstantAndRecordsBoth() throws {
        let base = try SQLiteCaseStore(path: dir + "/h.sqlite")
        let clock = FixedClock(H.at("2026-12-24T10:00"))
        let store = ClockedStore(base, rules: rules, clock: clock)
        let n = CaseNumber(prefix: "BB", day: "20261224", sequence: 1)
        let r = H.record(n, received: H.at("2026-12-24T09:00"), handlingClass: .complex)
        try store.transaction { tx in
            try Self.insert(r, tx)
            try tx.appendEvent(H.registered(r, at: H.at("2026-12-24T09:01")), to: n)
            try tx.appendEvent(H.assigned("CG", at: H.at("2026-12-24T10:00")), to: n)
        }
        let before = try XCTUnwrap(try store.clocks(of: n)?.state.unit)
        XCTAssertEqual(before.assumedYears, [2027])
        XCTAssertEqual(before.due, H.at("2027-01-07T17:30"))
        let open = try XCTUnwrap(try store.openClocks(dueBy: nil, unit: "CG", limit: 10).first)
        XCTAssertEqual(open.clock.assumedYears, [2027], "hotline due marks it")

        // A clerk loads 2027 (a New Year holiday of 1–3 January, for this test): the pass recounts.
        let y2027 = try ClockFiles.calendar("""
            [[year]]
            year = 2027
            source = "test notice"
              [[year.holiday]]
              name = "元旦"
              from = 2027-01-01
              to = 2027-01-03
            """, name: "test")
        let loaded = try ClockSettings.shipped.calendar.merging(y2027)
        let newRules = ClockRules(deadlines: try UnitDeadlines(rules: rules.table, clock: DeadlineClock(calendar: loaded)))
        XCTAssertNotEqual(newRules.version, rules.version)
        let later = ClockedStore(base, rules: newRules, clock: clock)
        XCTAssertEqual(try later.casesToRecount(version: newRules.version, limit: 10), [n])
        let forms = FormDesk(store: later, renderer: PlainFormRenderer(writer: FormXMLWriter(timeZone: H.shanghai)),
                             settings: FormSettings(intake: IntakeSettings(casePrefix: "BB", centerName: "中心", timeZone: H.shanghai),
                                                    centerHead: "周", replyMailbox: "h@c.example", formSecret: Array("0123456789abcdef".utf8),
                                                    deadlines: newRules.deadlines, units: UnitsRegistry(units: [])),
                             clock: clock, nonce: { "n" })
        let summary = try ClockPass(store: later, forms: forms, duty: nil, centerHead: nil, logger: .quiet, nonce: { "n" }).run()
        XCTAssertEqual(summary.recounted, 1)
        let after = try XCTUnwrap(try later.clocks(of: n)?.state.unit)
        XCTAssertEqual(after.assumedYears, [])
        XCTAssertEqual(after.due, H.at("2027-01-08T17:30"), "1 January is now a holiday: one working day later")
        let event = try XCTUnwrap(try later.events(of: n).last { $0.type == "clock-recomputed" && $0.body.fields(timeZone: .gmt).texts["stage"] == "unit" })
        let f = event.body.fields(timeZone: H.shanghai).texts
        XCTAssertEqual(f["previous_due"], "2027-01-07T17:30:00+08:00")
        XCTAssertEqual(f["due"], "2027-01-08T17:30:00+08:00")
        XCTAssertEqual(f["calendar"], loaded.version)
        XCTAssertEqual(try later.casesToRecount(version: newRules.version, limit: 10), [], "once")
    }

    func testTwoProcessesOnOneStoreSendEachSupervisionOnce() throws {
        let path = dir + "/h.sqlite"
        let clock = FixedClock(H.at("2026-12-01T10:00"))
        let cg = GovernmentUnit(code: "CG", name: "市城管局", tier: .two, parent: nil, email: "cg@gov.example", hotlineContact: nil,
                                leaderInCharge: nil, principalLeader: nil)
        let settings = FormSettings(intake: IntakeSettings(casePrefix: "BB", centerName: "中心", timeZone: H.shanghai), centerHead: "周",
                                    replyMailbox: "h@c.example", formSecret: Array("0123456789abcdef".utf8), deadlines: .shipped,
                                    units: UnitsRegistry(units: [cg]))
        func process() throws -> (ClockPass, FormDesk) {
            let store = ClockedStore(try SQLiteCaseStore(path: path), rules: rules, clock: clock)
            let forms = FormDesk(store: store, renderer: PlainFormRenderer(writer: FormXMLWriter(timeZone: H.shanghai)),
                                 settings: settings, clock: clock, nonce: IntakeProcessor.randomNonce)
            return (ClockPass(store: store, forms: forms, duty: MailAddress(address: "duty@c.example"), centerHead: nil, logger: .quiet,
                              nonce: IntakeProcessor.randomNonce), forms)
        }
        let (a, desk) = try process(), (b, _) = try process()
        for i in 1...30 {
            let n = CaseNumber(prefix: "BB", day: "20261201", sequence: i)
            let r = H.record(n, received: H.at("2026-12-01T09:00"))
            try a.store.transaction { tx in
                try Self.insert(r, tx)
                try tx.appendEvent(H.registered(r, at: H.at("2026-12-01T09:00")), to: n)
            }
            _ = try desk.assign(n, lead: "CG", assisting: [], clerk: "李文")
        }
        clock.set(H.at("2026-12-08T17:30"))
        let results = DispatchQueue.global()
        let group = DispatchGroup()
        let errors = ErrorBox()
        for p in [a, b, a, b] {
            group.enter()
            results.async {
                do { _ = try p.run() } catch { errors.add(error) }
                group.leave()
            }
        }
        group.wait()
        XCTAssertEqual(errors.all, [])
        let sheets = try DatabaseQueue(path: path).read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM form WHERE number LIKE 'DB%'")!
        }
        XCTAssertEqual(sheets, 30, "one round-1 sheet per case, whichever process issued it")
        let mails = try a.store.outgoing(limit: 1_000).filter { $0.mail.purpose == "form:supervision" }
        XCTAssertEqual(mails.count, 30)
    }

    func testAStoreFromBeforeTheClockGetsItsOpenCasesCountedAndWaivesWhatFellDueBefore() throws {
        // A store as issue 10 left it (schema v6): one case assigned on 1 December, whose limit (8 Dec)
        // has passed by the time the new program first runs (10 Dec), one reviewed.
        let path = dir + "/h.sqlite"
        do {
            let queue = try DatabaseQueue(path: path)
            let v6 = try XCTUnwrap(SQLiteCaseStore.migrator.migrations.first { $0.hasPrefix("v6") })
            try SQLiteCaseStore.migrator.migrate(queue, upTo: v6)
            try queue.write { db in
                let sha = String(repeating: "0", count: 64)
                try db.execute(sql: "INSERT INTO raw_message (sha256, size, bytes) VALUES (?, 1, x'00')", arguments: [sha])
                for (seq, state) in [(1, "assigned"), (2, "reviewed"), (3, "assigned")] {
                    try db.execute(sql: """
                        INSERT INTO "case" (number, prefix, day, sequence, channel, received_at, subject, text, kind, kind_rule,
                            handling_class, class_rule, key_matter, key_rule, scope, scope_rule, state, raw_sha256)
                        VALUES (?, 'BB', '20261201', ?, 'mayor-mailbox', ?, 's', 't', 'complaint', 'r', 'routine', 'r', 0, 'r',
                            'accepted', 'r', ?, ?)
                        """, arguments: ["BB20261201-000\(seq)", seq, H.at("2026-12-01T09:00"), state, sha])
                    let r = H.record(CaseNumber(prefix: "BB", day: "20261201", sequence: seq), received: H.at("2026-12-01T09:00"))
                    for e in [H.registered(r, at: H.at("2026-12-01T09:00")), H.assigned("CG", at: H.at("2026-12-01T10:00"), leaves: H.at("2026-12-01T11:30"))] {
                        try db.execute(sql: "INSERT INTO event (case_id, at, actor, type, data) VALUES (?, ?, ?, ?, ?)",
                                       arguments: [seq, e.at, e.actor, e.type, e.body.storedData])
                    }
                }
            }
        }
        let store = ClockedStore(try SQLiteCaseStore(path: path), rules: rules, clock: FixedClock(H.at("2026-12-10T09:00")))
        let n = CaseNumber(prefix: "BB", day: "20261201", sequence: 1)
        let three = CaseNumber(prefix: "BB", day: "20261201", sequence: 3)
        XCTAssertEqual(Set(try store.casesToRecount(version: rules.version, limit: 10)), [n, three], "the open cases only, by the index")
        // Case 3 is touched first by a unit's reply taken in (before the pass's recount): its
        // overdue round 1 is waived all the same, not sent on the day of the upgrade.
        try store.transaction { tx in
            try tx.appendEvent(H.reply(.extensionRequested(until: nil, reason: "需勘查"), at: H.at("2026-12-10T08:59")), to: three)
        }
        XCTAssertEqual(try store.events(of: three).filter { $0.type == "action-waived" }.count, 1)
        XCTAssertNil(try store.casesWithClockActions(dueBy: H.at("2026-12-10T09:00"), limit: 10).first { $0 == three })
        XCTAssertNil(try store.clocks(of: n))
        try store.recount(n)
        XCTAssertEqual(try store.clocks(of: n)?.state.unit?.due, H.at("2026-12-08T17:30"))
        let events = try store.events(of: n)
        let said = events.filter { $0.type == "clock-started" }
        XCTAssertEqual(said.map { $0.body.fields(timeZone: .gmt).texts["stage"] }, ["unit", "case"], "the open clocks are said once")
        XCTAssertTrue(said[0].body.fields(timeZone: .gmt).texts["why"]!.hasPrefix("counted from the history"))
        // Round 1 fell due on 8 December, before this program kept the case's clocks: waived, not sent.
        let waived = events.filter { $0.type == "action-waived" }.compactMap { $0.body.fields(timeZone: .gmt).texts["action"] }
        XCTAssertEqual(waived, ["unit.supervision.1"])
        XCTAssertNil(try store.casesWithClockActions(dueBy: H.at("2026-12-10T09:00"), limit: 10).first, "no sheet floods out")
        XCTAssertTrue(try store.openClocks(dueBy: H.at("2026-12-10T09:00"), unit: "CG", limit: 10).map(\.caseNumber).contains(n),
                      "hotline due lists it for a clerk")
        XCTAssertEqual(try store.casesToRecount(version: rules.version, limit: 10), [])
    }

    func testACommandWithOtherRulesFoldsOnAndLeavesTheRecountToThePass() throws {
        let base = try SQLiteCaseStore(path: dir + "/h.sqlite")
        let clock = FixedClock(H.at("2026-12-01T10:00"))
        let store = ClockedStore(base, rules: rules, clock: clock)
        let n = CaseNumber(prefix: "BB", day: "20261201", sequence: 1)
        let r = H.record(n, received: H.at("2026-12-01T09:00"))
        try store.transaction { tx in
            try Self.insert(r, tx)
            try tx.appendEvent(H.registered(r, at: H.at("2026-12-01T09:00")), to: n)
        }
        // Another process, configured with calendar days for units, holds the case: it folds the
        // hold on and keeps the version; only a pass with its rules would recount.
        let days = ClockRules(deadlines: try UnitDeadlines(rules: try DeadlineRules(rows: rules.table.rows, unitDay: .days), clock: rules.clock))
        let other = ClockedStore(base, rules: days, clock: clock)
        try other.transaction { tx in try tx.appendEvent(H.held("等待", at: H.at("2026-12-01T10:00")), to: n) }
        XCTAssertEqual(try store.clocks(of: n)?.version, rules.version)
        XCTAssertEqual(try store.casesToRecount(version: rules.version, limit: 10), [])
        XCTAssertEqual(try other.casesToRecount(version: days.version, limit: 10), [n])
        // A transaction of events that move no clock does not touch the clocks at all.
        let before = try store.events(of: n).count
        try store.transaction { tx in
            try tx.appendEvent(CaseEvent(at: H.at("2026-12-01T10:05"), actor: CaseEvent.system, .noAcknowledgement(reason: "no address")), to: n)
        }
        XCTAssertEqual(try store.events(of: n).count, before + 1)
    }
}

/// Errors from several threads, compared by their words.
final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [String] = []
    func add(_ e: any Error) { lock.lock(); errors.append("\(e)"); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return errors }
}
