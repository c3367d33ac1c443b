import Foundation
import HotlineMail
import Logging

/// The clock's work in a pass (issue 11, item 5): recount clocks counted with other rules, then
/// each case whose next action has come — reminders (催办), supervision sheets (督办单, rounds 1
/// and 2), alerts to the center. Only the cases due are read (`casesWithClockActions`, indexed).
///
/// Each action is checked and recorded in one transaction with its mail (a supervision sheet: in
/// `FormDesk.supervise`'s, refused when its round exists), so it is issued at most once per case,
/// stage and round — whatever crashes or runs beside it.
public struct ClockPass: Sendable {
    public let store: ClockedStore
    /// Issues the supervision sheets; over the same store.
    public let forms: FormDesk
    public let duty: MailAddress?
    public let centerHead: MailAddress?
    let logger: Logger
    let nonce: @Sendable () -> String
    /// Cases read at a time.
    public var batch = 500

    public init(store: ClockedStore, forms: FormDesk, duty: MailAddress?, centerHead: MailAddress?, logger: Logger,
                nonce: @escaping @Sendable () -> String) {
        self.store = store
        self.forms = forms
        self.duty = duty
        self.centerHead = centerHead
        self.logger = logger
        self.nonce = nonce
    }

    var rules: ClockRules { store.rules }
    var settings: FormSettings { forms.settings }

    public struct Summary: Sendable, Equatable, CustomStringConvertible {
        public var recounted = 0
        public var casesDue = 0
        public var reminders = 0
        public var supervisions = 0
        public var alerts = 0
        public init() {}
        public var description: String {
            "clock_due=\(casesDue) reminders=\(reminders) supervisions=\(supervisions) alerts=\(alerts)"
                + (recounted == 0 ? "" : " recounted=\(recounted)")
        }
    }

    /// One pass at the clock's now. Throws a fault of ours (the store); what was done before stands.
    public func run() throws -> Summary {
        var summary = Summary()
        try recount(&summary)
        let now = store.clock.now()
        var seen = Set<CaseNumber>()
        while true {
            let numbers = try store.casesWithClockActions(dueBy: now, limit: batch).filter { !seen.contains($0) }
            if numbers.isEmpty { break }
            for n in numbers {
                seen.insert(n)
                summary.casesDue += 1
                try act(n, now: now, &summary)
            }
        }
        return summary
    }

    /// Clocks counted with other rules (a year loaded, a row changed) or never counted are
    /// recounted from their history, the changed instants recorded (`clock-recomputed`).
    func recount(_ summary: inout Summary) throws {
        var seen = Set<CaseNumber>()
        while true {
            let numbers = try store.casesToRecount(version: rules.version, limit: batch).filter { !seen.contains($0) }
            if numbers.isEmpty { return }
            for n in numbers {
                seen.insert(n)
                try store.recount(n)
                summary.recounted += 1
            }
        }
    }

    /// Does what the case's clocks call for at `now`, each in its own transaction, re-checked there.
    func act(_ number: CaseNumber, now: Date, _ summary: inout Summary) throws {
        // One at a time, re-read after each: a round-2 sheet makes its escalation alert due.
        var attempted = Set<String>()
        for _ in 0..<8 {
            guard let due = try store.clocks(of: number)?.state.dueActions(rules: rules, now: now)
                .first(where: { !attempted.contains($0.key) }) else { break }
            attempted.insert(due.key)
            switch due {
            case .supervision(let round):
                try supervise(number, round: round, now: now, &summary)
            default:
                if try notify(number, due, now: now) { due.isReminder ? (summary.reminders += 1) : (summary.alerts += 1) }
            }
        }
        // Whatever was done, the next action is set again from now (a reminder that waits for
        // working hours moves on; a case with nothing left drops out of the index).
        try store.base.transaction { tx in
            guard let c = try tx.clocks(of: number) else { return }
            try tx.saveClocks(c, nextActionAt: c.state.nextActionAt(rules: rules, now: now), for: number)
        }
    }

    func supervise(_ number: CaseNumber, round: Int, now: Date, _ summary: inout Summary) throws {
        guard let u = try store.clocks(of: number)?.state.unit else { return }
        let reason = "逾期未反馈（overdue）：办理时限\(settings.intake.chineseDateTime(u.due))已过；依据 \(u.rule(rules))"
        do {
            _ = try forms.supervise(number, reason: reason, clerk: CaseEvent.system, round: round)
            summary.supervisions += 1
        } catch let refusal as Refusal {
            // Another process issued it (the round exists), or it cannot be issued (no unit address):
            // said once, as an alert, so the clock does not ask again every pass.
            let done = try store.clocks(of: number)?.state.done.contains(ClockDue.supervision(round: round).key) ?? true
            guard !done else { return }
            logger.warning("automatic supervision not issued", metadata: ["case": "\(number)", "reason": "\(refusal)"])
            if try notify(number, .supervision(round: round), now: now, what: "自动督办未能发出：\(refusal.description)") { summary.alerts += 1 }
        }
    }

    /// Queues a reminder or an alert and records it, if its action is still due; false when it is
    /// not (done by another process, or no longer called for).
    func notify(_ number: CaseNumber, _ due: ClockDue, now: Date, what: String? = nil) throws -> Bool {
        try store.transaction { tx in
            guard let record = try tx.caseRecord(number), let stored = try tx.clocks(of: number) else { return false }
            let state = stored.state
            guard !state.done.contains(due.key), what != nil || state.dueActions(rules: rules, now: now).contains(due) else { return false }
            var mail: OutgoingMail?
            var reason: String
            switch due {
            case .reminder:
                guard let u = state.unit, let code = u.unitCode, let unit = settings.units.unit(code), unit.email.contains("@") else {
                    reason = "no unit address to remind"
                    break
                }
                let assignment = try tx.forms(of: number).last { $0.kind == .assignment }
                let cited = try tx.events(of: number).last { $0.formIssue?.form == assignment?.number }?.formIssue?.mail
                mail = ClockMail(settings: settings, rules: rules).reminder(record: record, clock: u, unit: unit, parent: settings.units.parent(of: unit),
                                                              inReplyTo: cited, nonce: nonce(), now: now)
                reason = "\(ClockAmount.text(rules.reminderShare * 100))% of the limit passed; due \(LocalTime(settings.intake.timeZone).iso(u.due))"
            default:
                let (clock, words, head) = alertText(due, state)
                reason = what ?? words
                guard let clock else { return false }
                var to = duty.map { [$0] } ?? []
                if head, let h = centerHead, !to.contains(h) { to.append(h) }
                if !to.isEmpty {
                    mail = ClockMail(settings: settings, rules: rules).alert(record: record, clock: clock, what: reason, to: to, nonce: nonce(), now: now)
                }
                if to.isEmpty { reason += " (no duty address configured: recorded here only)" }
            }
            if let mail { try tx.queueOutgoing(mail) }
            let kind: ClockAction.Kind = due.isReminder ? .reminder : .alert
            try tx.appendEvent(CaseEvent(at: now, actor: CaseEvent.system, .clockAction(.init(
                kind: kind, due: due, messageID: mail?.messageID, to: mail?.recipients ?? [], reason: reason))), to: number)
            return true
        }
    }

    /// The clock an alert is about, what it says, and whether the center head is told too.
    func alertText(_ due: ClockDue, _ state: CaseClocks) -> (StageClock?, String, Bool) {
        switch due {
        case .frontAlert: (state.front, "前台登记超时：未在时限内登记转办（front office limit passed）", false)
        case .backAlert: (state.back, "后台派发超时：未在时限内派发（back office limit passed）", false)
        case .unitAlert(let r) where r <= CaseClocks.automaticRounds:
            (state.unit, "督办升级：第\(r)次督办，已抄送单位主要负责人（escalated to supervision round \(r)）", true)
        case .unitAlert(let r):
            (state.unit, "第\(r - 1)次督办时限已过，单位仍未反馈，请中心负责人处理（round \(r - 1) limit passed）", true)
        case .supervision(let r): (state.unit, "第\(r)次自动督办", true)
        case .reminder: (state.unit, "催办", false)
        }
    }
}

extension ClockDue {
    var isReminder: Bool { if case .reminder = self { true } else { false } }
}
