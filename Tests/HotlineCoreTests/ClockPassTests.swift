import Foundation
import HotlineCore
import HotlineMail
import HotlineTestSupport
import Synchronization
import XCTest

/// The clock's pass against the in-memory store (issue 11, item 5): reminders, automatic
/// supervision and escalation, alerts — each once per case, stage and round, however many passes
/// run, and at the same instant. The same on SQLite, two processes at once, is in the store tests;
/// through the real Postfix in the live suite.
final class ClockPassTests: XCTestCase {
    typealias H = CaseHistory

    struct Rig {
        let store: ClockedStore
        let clock: FixedClock
        let pass: ClockPass
        let forms: FormDesk
    }

    func rig(duty: Bool = true) -> Rig {
        let clock = FixedClock(H.at("2026-12-01T10:00"))
        let principal = GovernmentUnit.Leader(name: "钱进", title: "局长", publicKeyPEM: nil, keySource: nil, email: "qian@cg.gov.example")
        let cg = GovernmentUnit(code: "CG", name: "市城管局", tier: .two, parent: nil, email: "cg@gov.example", hotlineContact: nil,
                                leaderInCharge: nil, principalLeader: principal)
        let settings = FormSettings(
            intake: IntakeSettings(casePrefix: "BB", centerName: "蚌埠市市长热线服务中心", timeZone: H.shanghai),
            centerHead: "周主任", replyMailbox: "hotline@center.example", formSecret: Array("form-secret".utf8), deadlines: .shipped,
            units: UnitsRegistry(units: [cg]))
        let store = ClockedStore(InMemoryCaseStore(), rules: ClockRules(deadlines: .shipped), clock: clock)
        let forms = FormDesk(store: store, renderer: PlainFormRenderer(writer: FormXMLWriter(timeZone: H.shanghai)), settings: settings,
                             clock: clock, nonce: IntakeProcessor.randomNonce)
        let pass = ClockPass(store: store, forms: forms, duty: duty ? MailAddress(name: "值班", address: "duty@center.example") : nil,
                             centerHead: MailAddress(name: "周主任", address: "head@center.example"), logger: .quiet,
                             nonce: IntakeProcessor.randomNonce)
        return Rig(store: store, clock: clock, pass: pass, forms: forms)
    }

    /// A routine complaint received and registered Tue 1 Dec 09:00, assigned to CG at 10:00 (the
    /// 11:30 batch): due Tue 8 Dec 17:30, reminded Mon 7 Dec 14:45 (`CaseClocksTests`).
    func assignedCase(_ rig: Rig) throws -> CaseNumber {
        let n = try registered(rig, H.record(CaseNumber(prefix: "BB", day: "20261201", sequence: 1), received: H.at("2026-12-01T09:00")),
                               at: H.at("2026-12-01T09:00"))
        _ = try rig.forms.assign(n, lead: "CG", assisting: [], clerk: "李文")
        return n
    }

    /// The case as intake registers it.
    func registered(_ rig: Rig, _ r: CaseRecord, at: Date) throws -> CaseNumber {
        try rig.store.transaction { tx in
            try tx.insertCase(r)
            try tx.appendEvent(H.registered(r, at: at), to: r.number)
        }
        return r.number
    }

    func queued(_ rig: Rig, _ purpose: String) throws -> [QueuedMail] {
        try rig.store.outgoing(limit: 100).filter { $0.mail.purpose == purpose }
    }

    func testRemindsSupervisesAndEscalatesEachOnce() throws {
        let rig = rig()
        let n = try assignedCase(rig)
        XCTAssertEqual(try rig.pass.run().reminders, 0)

        rig.clock.set(H.at("2026-12-07T14:45"))
        XCTAssertEqual(try rig.pass.run(), with { $0.casesDue = 1; $0.reminders = 1 })
        XCTAssertEqual(try rig.pass.run(), ClockPass.Summary(), "the same instant again: nothing twice")
        let reminder = try XCTUnwrap(try queued(rig, "reminder").first)
        XCTAssertEqual(reminder.mail.recipients, ["cg@gov.example"])
        let text = String(decoding: reminder.mail.raw, as: UTF8.self)
        XCTAssertTrue(text.contains("In-Reply-To:"), "the reminder answers the assignment's mail")
        XCTAssertTrue(text.contains("Reply-To: hotline+bb20261201-0001."), text)
        let reminderEvent = try XCTUnwrap(try rig.store.events(of: n).last { $0.type == "reminder-queued" })
        XCTAssertEqual(reminderEvent.body.fields(timeZone: H.shanghai).texts["action"], "unit.reminder.0")

        // The limit passes: round 1 goes at once, with the reason and the rule.
        rig.clock.set(H.at("2026-12-08T17:30"))
        XCTAssertEqual(try rig.pass.run(), with { $0.casesDue = 1; $0.supervisions = 1 })
        XCTAssertEqual(try rig.pass.run(), ClockPass.Summary())
        var sheets = try rig.store.forms(of: n).filter { $0.kind == .supervision }
        XCTAssertEqual(sheets.count, 1)
        let issue = try XCTUnwrap(try rig.store.events(of: n).last { $0.formIssue?.kind == .supervision }?.formIssue)
        guard case .supervision(_, 1, let reason, _) = issue.detail else { return XCTFail("\(issue.detail)") }
        XCTAssertTrue(reason.hasPrefix("逾期未反馈") && reason.contains("5个工作日") && reason.contains("unit.complaint"), reason)
        // Round 1 counts 5 working days afresh from 17:30 on Tue 8 Dec: Wed 9 … Tue 15 Dec at 17:30.
        let one = try XCTUnwrap(try rig.store.clocks(of: n)?.state.unit)
        XCTAssertEqual(one.round, 1)
        XCTAssertEqual(one.due, H.at("2026-12-15T17:30"))

        // Round 1's reminder, then its limit: round 2 escalates to the principal leader and the center head.
        rig.clock.set(H.at("2026-12-15T17:30"))
        let escalated = try rig.pass.run()
        XCTAssertEqual(escalated.supervisions, 1)
        XCTAssertEqual(escalated.alerts, 1)
        sheets = try rig.store.forms(of: n).filter { $0.kind == .supervision }
        XCTAssertEqual(sheets.count, 2)
        let round2 = try XCTUnwrap(try rig.store.outgoing(limit: 100).first { m in
            String(decoding: m.mail.raw, as: UTF8.self).contains("qian@cg.gov.example")
        })
        XCTAssertTrue(round2.mail.recipients.contains("qian@cg.gov.example"), "round 2 is copied to the principal leader")
        let alert = try XCTUnwrap(try queued(rig, "clock-alert").last)
        XCTAssertEqual(alert.mail.recipients, ["duty@center.example", "head@center.example"])
        XCTAssertEqual(try rig.pass.run(), ClockPass.Summary())

        // Round 2's limit passes too: the center head is told once, and no third sheet goes.
        let two = try XCTUnwrap(try rig.store.clocks(of: n)?.state.unit)
        rig.clock.set(two.due)
        XCTAssertEqual(try rig.pass.run(), with { $0.casesDue = 1; $0.alerts = 1 })
        rig.clock.set(two.due.addingTimeInterval(30 * 86_400))
        XCTAssertEqual(try rig.pass.run(), ClockPass.Summary())
        XCTAssertEqual(try rig.store.forms(of: n).filter { $0.kind == .supervision }.count, 2)
        // Round 1's and round 2's reminder moments passed with no pass running before their limits:
        // a reminder is never sent once its limit has passed (the supervision has followed).
        XCTAssertEqual(try queued(rig, "reminder").count, 1)
        XCTAssertNil(try rig.store.casesWithClockActions(dueBy: .distantFuture, limit: 10).first, "nothing left to do")
    }

    func testTwoPassesAtTheSameInstantIssueEachActionOnce() throws {
        let rig = rig()
        let n = try assignedCase(rig)
        rig.clock.set(H.at("2026-12-08T17:30"))
        let other = ClockPass(store: rig.store, forms: rig.forms, duty: nil, centerHead: nil, logger: .quiet, nonce: IntakeProcessor.randomNonce)
        let results = Mutex<[Result<ClockPass.Summary, any Error>]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            let s = Result { try (i.isMultiple(of: 2) ? rig.pass : other).run() }
            results.withLock { $0.append(s) }
        }
        let summaries = try results.withLock { $0 }.map { try $0.get() }
        XCTAssertEqual(summaries.map(\.supervisions).reduce(0, +), 1)
        XCTAssertEqual(summaries.map(\.alerts).reduce(0, +), 0, "no pass took the other's sheet for a failure")
        XCTAssertTrue(try queued(rig, "clock-alert").isEmpty)
        XCTAssertEqual(try rig.store.forms(of: n).filter { $0.kind == .supervision }.count, 1)
    }

    func testAHeldCaseIsNotPressedAndItsReleaseGivesTheTimeBack() throws {
        let rig = rig()
        let n = try assignedCase(rig)
        rig.clock.set(H.at("2026-12-02T10:00"))
        let desk = ClockDesk(store: rig.store, clock: rig.clock)
        let held = try desk.hold(n, reason: "等待司法鉴定结果", clerk: "李文")
        XCTAssertEqual(held.unit?.status, .held)
        XCTAssertThrowsError(try desk.hold(n, reason: "again", clerk: "李文")) { XCTAssertEqual(($0 as? Refusal)?.kind, .notAllowed) }
        rig.clock.set(H.at("2026-12-09T10:00"))
        XCTAssertEqual(try rig.pass.run(), ClockPass.Summary(), "past the limit, but held: nothing")
        // Released Wed 9 Dec 10:00: Wed 2 … Tue 8 (5 closes) are given back: due Tue 8 → Tue 15 Dec.
        let released = try desk.release(n, reason: "鉴定结果已出", clerk: "李文")
        XCTAssertEqual(released.unit?.due, H.at("2026-12-15T17:30"))
        XCTAssertThrowsError(try desk.release(n, reason: nil, clerk: "李文"))
        let types = try rig.store.events(of: n).map(\.type)
        XCTAssertTrue(types.contains("clock-hold") && types.contains("clock-release") && types.contains("clock-released"), "\(types)")
    }

    func testAnAlertWithoutADutyAddressIsRecordedOnce() throws {
        let rig = rig(duty: false)
        let n = try registered(rig, H.record(CaseNumber(prefix: "BB", day: "20261201", sequence: 2), received: H.at("2026-12-01T09:00"),
                                             handlingClass: .majorEmergency), at: H.at("2026-12-01T09:02"))
        // Registered in time (10 minutes); the back office's 5 minutes pass at 09:07 with no dispatch.
        rig.clock.set(H.at("2026-12-01T09:07"))
        XCTAssertEqual(try rig.pass.run(), with { $0.casesDue = 1; $0.alerts = 1 })
        XCTAssertEqual(try rig.pass.run(), ClockPass.Summary())
        let alert = try XCTUnwrap(try rig.store.events(of: n).last { $0.type == "alert-queued" })
        XCTAssertTrue(alert.body.fields(timeZone: H.shanghai).texts["reason"]!.contains("no duty address"), "\(alert)")
        XCTAssertTrue(try queued(rig, "clock-alert").isEmpty)
    }

    func testASheetThatCannotBeIssuedIsSaidOnceAndTheCaseDropsOutOfTheIndex() throws {
        let rig = rig()
        // A case whose history says it was assigned, with no assignment sheet in the store (as a
        // store repaired by hand might have): the automatic sheet is refused.
        let n = CaseNumber(prefix: "BB", day: "20261201", sequence: 3)
        let r = H.record(n, received: H.at("2026-12-01T09:00"))
        try rig.store.transaction { tx in
            var assigned = r
            assigned.state = .assigned
            try tx.insertCase(assigned)
            try tx.appendEvent(H.registered(r, at: H.at("2026-12-01T09:00")), to: n)
            try tx.appendEvent(H.assigned("CG", at: H.at("2026-12-01T10:00")), to: n)
        }
        rig.clock.set(H.at("2026-12-08T17:30"))
        XCTAssertEqual(try rig.pass.run(), with { $0.casesDue = 1; $0.alerts = 1 })
        let alert = try XCTUnwrap(try queued(rig, "clock-alert").first)
        XCTAssertTrue(String(decoding: alert.mail.raw, as: UTF8.self).contains("X-Hotline-Case: BB20261201-0003"))
        let said = try XCTUnwrap(try rig.store.events(of: n).last { $0.type == "alert-queued" })
        XCTAssertTrue(said.body.fields(timeZone: H.shanghai).texts["reason"]!.hasPrefix("自动督办未能发出"), "\(said)")
        XCTAssertEqual(try rig.pass.run(), ClockPass.Summary())
        XCTAssertTrue(try rig.store.casesWithClockActions(dueBy: rig.clock.now(), limit: 10).isEmpty, "nothing left due now")
    }

    func testAFailingActionWaitsAndTheOtherCasesGoOn() throws {
        /// Renders everything but supervision sheets, as a broken template would.
        struct NoSupervision: FormRendering {
            struct Broken: Error {}
            let plain = PlainFormRenderer(writer: FormXMLWriter(timeZone: H.shanghai))
            func render(_ form: Form, qrText: String) throws -> RenderedForm {
                if form.kind == .supervision { throw Broken() }
                return try plain.render(form, qrText: qrText)
            }
        }
        let rig = rig()
        let n = try assignedCase(rig)
        let broken = FormDesk(store: rig.store, renderer: NoSupervision(), settings: rig.forms.settings, clock: rig.clock,
                              nonce: IntakeProcessor.randomNonce)
        var pass = ClockPass(store: rig.store, forms: broken, duty: MailAddress(address: "duty@center.example"), centerHead: nil,
                             logger: .quiet, nonce: IntakeProcessor.randomNonce)
        pass.retrySeconds = 600
        // A second case, a major emergency registered at 17:20 and never dispatched: its 5 minutes pass at 17:25.
        _ = try registered(rig, H.record(CaseNumber(prefix: "BB", day: "20261208", sequence: 1), received: H.at("2026-12-08T17:19"),
                                         handlingClass: .majorEmergency), at: H.at("2026-12-08T17:20"))
        rig.clock.set(H.at("2026-12-08T17:30"))
        let first = try pass.run()
        XCTAssertEqual(first.failures, 1)
        XCTAssertTrue(first.firstFailure?.hasPrefix("\(n):") == true, "\(first)")
        XCTAssertEqual(first.alerts, 1, "the other case's back-office alert still went")
        XCTAssertEqual(try rig.store.casesWithClockActions(dueBy: .distantFuture, limit: 10).first, n)
        XCTAssertEqual(try pass.run(), ClockPass.Summary(), "the failed case waits its ten minutes")
        rig.clock.set(H.at("2026-12-08T17:40"))
        XCTAssertEqual(try rig.pass.run().supervisions, 1, "and is tried again then (here with a renderer that works)")
    }

    /// `hotline run --watch 60` does the clock's work each pass: a 5-minute emergency limit is
    /// caught by the first pass after it (within a minute), before the spool goes out.
    func testEachIntakePassDoesTheClocksWork() throws {
        let rig = rig()
        let n = try registered(rig, H.record(CaseNumber(prefix: "BB", day: "20261201", sequence: 4), received: H.at("2026-12-01T09:59"),
                                             handlingClass: .majorEmergency), at: H.at("2026-12-01T10:00"))
        let sender = InMemoryMailSender()
        let processor = IntakeProcessor(store: rig.store, vault: InMemoryVault(), settings: rig.forms.settings.intake, clock: rig.clock,
                                        logger: .quiet, nonce: IntakeProcessor.randomNonce)
        var run = IntakeRun(processor: processor, sources: [], sender: sender, claimant: Claimant(id: "test") { _ in false }, logger: .quiet)
        run.clockPass = rig.pass
        rig.clock.set(H.at("2026-12-01T10:04:30"))
        XCTAssertEqual(run.pass().clock?.alerts, 0)
        rig.clock.set(H.at("2026-12-01T10:05:30"))
        let pass = run.pass()
        XCTAssertEqual(pass.clock?.alerts, 1, "the back office's 5 minutes passed at 10:05: \(pass)")
        XCTAssertTrue(pass.description.contains("clock_due=1"), pass.description)
        XCTAssertEqual(sender.sent.filter { $0.purpose == "clock-alert" }.count, 1, "and the alert went out in the same pass")
        XCTAssertEqual(try rig.store.events(of: n).filter { $0.type == "alert-queued" }.count, 1)
    }

    func with(_ change: (inout ClockPass.Summary) -> Void) -> ClockPass.Summary {
        var s = ClockPass.Summary()
        change(&s)
        return s
    }
}
