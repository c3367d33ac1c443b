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
    public let settings: FormSettings
    /// Issues the supervision sheets, over the same store; made when the first sheet is due (its
    /// signing key and templates are not needed by a pass that issues none).
    let forms: @Sendable () throws -> FormDesk
    public let duty: MailAddress?
    public let centerHead: MailAddress?
    let logger: Logger
    let nonce: @Sendable () -> String
    /// Cases read at a time.
    public var batch = 500

    public init(store: ClockedStore, forms: FormDesk, duty: MailAddress?, centerHead: MailAddress?, logger: Logger,
                nonce: @escaping @Sendable () -> String) {
        self.init(store: store, settings: forms.settings, forms: { forms }, duty: duty, centerHead: centerHead, logger: logger, nonce: nonce)
    }

    public init(store: ClockedStore, settings: FormSettings, forms: @escaping @Sendable () throws -> FormDesk, duty: MailAddress?,
                centerHead: MailAddress?, logger: Logger, nonce: @escaping @Sendable () -> String) {
        self.store = store
        self.settings = settings
        self.forms = forms
        self.duty = duty
        self.centerHead = centerHead
        self.logger = logger
        self.nonce = nonce
    }

    var rules: ClockRules { store.rules }

    public struct Summary: Sendable, Equatable, CustomStringConvertible {
        public var recounted = 0
        public var casesDue = 0
        public var reminders = 0
        public var supervisions = 0
        public var alerts = 0
        /// Cases whose action failed this pass (each tried again after `retrySeconds`); the first error.
        public var failures = 0
        public var firstFailure: String?
        public init() {}
        public var description: String {
            "clock_due=\(casesDue) reminders=\(reminders) supervisions=\(supervisions) alerts=\(alerts)"
                + (recounted == 0 ? "" : " recounted=\(recounted)") + (failures == 0 ? "" : " clock_failures=\(failures)")
        }
    }

    /// Clocks recounted at most per pass (a calendar loaded recounts every open case: in steps).
    public var recountLimit = 5_000
    /// A case whose action failed waits this long before it is tried again; the others go on.
    public var retrySeconds: TimeInterval = 600

    /// One pass at the clock's now. Throws a fault of ours (the store); what was done before stands.
    public func run() throws -> Summary {
        var summary = Summary()
        try recount(&summary)
        let now = store.clock.now()
        var seen = Set<CaseNumber>()
        while true {
            // Past the cases already seen this pass (one still due after its turn cannot block the rest).
            let numbers = try store.casesWithClockActions(dueBy: now, limit: seen.count + batch).filter { !seen.contains($0) }
            if numbers.isEmpty { break }
            for n in numbers {
                seen.insert(n)
                summary.casesDue += 1
                do { try act(n, now: now, &summary) } catch {
                    // One case's fault (a form that could not be rendered, the store) does not stop the
                    // others; the case waits `retrySeconds`, so it cannot hold the head of the index.
                    summary.failures += 1
                    if summary.firstFailure == nil { summary.firstFailure = "\(n): \(error)" }
                    logger.error("the clock's action on a case failed; tried again later", metadata: ["case": "\(n)", "error": "\(error)"])
                    try? store.base.transaction { tx in
                        guard let c = try tx.clocks(of: n) else { return }
                        try tx.saveClocks(c, nextActionAt: now.addingTimeInterval(retrySeconds), for: n)
                    }
                }
            }
        }
        return summary
    }

    /// Clocks counted with other rules (a year loaded, a row changed) or never counted are
    /// recounted from their history, the changed instants recorded (`clock-recomputed`).
    func recount(_ summary: inout Summary) throws {
        var seen = Set<CaseNumber>()
        while summary.recounted < recountLimit {
            let numbers = try store.casesToRecount(version: rules.version, limit: seen.count + min(batch, recountLimit - summary.recounted))
                .filter { !seen.contains($0) }
            if numbers.isEmpty { return }
            if seen.isEmpty { logger.notice("recounting clocks counted with other rules or never counted", metadata: ["rules": "\(rules.version)"]) }
            for n in numbers {
                seen.insert(n)
                do {
                    try store.recount(n)
                    summary.recounted += 1
                } catch {
                    summary.failures += 1
                    if summary.firstFailure == nil { summary.firstFailure = "\(n): \(error)" }
                    logger.error("a case's clocks could not be recounted", metadata: ["case": "\(n)", "error": "\(error)"])
                }
            }
        }
    }

    /// Does what the case's clocks call for at `now`, each in its own transaction, re-checked there.
    func act(_ number: CaseNumber, now: Date, _ summary: inout Summary) throws {
        // Clocks that do not read are counted again from the history first.
        if try store.clocks(of: number) == nil { try store.recount(number) }
        // One at a time, re-read after each: a round-2 sheet makes its escalation alert due.
        var attempted = Set<String>()
        // An action recorded sets the next one in its own transaction; one that did nothing does not.
        var recorded = false
        for _ in 0..<8 {
            guard let due = try store.clocks(of: number)?.state.dueActions(rules: rules, now: now)
                .first(where: { !attempted.contains($0.key) }) else { break }
            attempted.insert(due.key)
            switch due {
            case .supervision(let round):
                let before = summary.supervisions + summary.alerts
                try supervise(number, round: round, now: now, &summary)
                recorded = summary.supervisions + summary.alerts > before
            default:
                recorded = try notify(number, due, now: now)
                if recorded { due.isReminder ? (summary.reminders += 1) : (summary.alerts += 1) }
            }
        }
        if recorded { return }
        // Nothing recorded last: the next action is set again from now (a reminder that waits for
        // working hours moves on; a case with nothing left drops out of the index).
        try store.base.transaction { tx in
            guard let c = try tx.clocks(of: number) else { return }
            try tx.saveClocks(c, nextActionAt: c.state.nextActionAt(rules: rules, now: now), for: number)
        }
    }

    func supervise(_ number: CaseNumber, round: Int, now: Date, _ summary: inout Summary) throws {
        guard let u = try store.clocks(of: number)?.state.unit else { return }
        let reason = "逾期未反馈：反馈时限\(settings.intake.chineseDateTime(u.due))已过（\(ClockMail.citation(u))）"
        do {
            _ = try forms().supervise(number, reason: reason, clerk: CaseEvent.system, round: round) { tx in
                try tx.clocks(of: number)?.state.dueActions(rules: rules, now: now).contains(.supervision(round: round)) ?? false
            }
            summary.supervisions += 1
        } catch let refusal as Refusal {
            // Another process issued it (the round exists), it is no longer due (a reply came), or it
            // cannot be issued (no unit address): in the last case — still due — said once, as an
            // alert, so the clock does not ask again every pass (`notify` checks it is still due).
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
            guard !state.done.contains(due.key), state.dueActions(rules: rules, now: now).contains(due) else { return false }
            var mail: OutgoingMail?
            var reason: String
            switch due {
            case .reminder:
                guard let u = state.unit, let code = u.unitCode, let unit = settings.units.unit(code), unit.email.contains("@") else {
                    reason = "no unit address to remind"
                    break
                }
                // The reminder answers the last sheet the unit got: the assignment, or a supervision since.
                let cited = try tx.events(of: number).last { e in
                    e.formIssue.map { $0.kind == .assignment || $0.kind == .supervision } ?? false
                }?.formIssue?.mail
                mail = ClockMail(settings: settings, rules: rules).reminder(record: record, clock: u, unit: unit, parent: settings.units.parent(of: unit),
                                                              inReplyTo: cited, nonce: nonce(), now: now)
                reason = "\(ClockAmount.text(rules.reminderShare * 100))% of the limit passed; due \(LocalTime(settings.intake.timeZone).iso(u.due))"
            default:
                let (clock, subject, words, head) = alertText(due, state)
                reason = what ?? words
                guard let clock else { return false }
                var to = duty.map { [$0] } ?? []
                if head, let h = centerHead, !to.contains(h) { to.append(h) }
                if !to.isEmpty {
                    mail = ClockMail(settings: settings, rules: rules).alert(record: record, clock: clock, subject: subject, what: reason, to: to,
                                                                             nonce: nonce(), now: now)
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

    /// The clock an alert is about, its subject tag, what it says, and whether the center head is told too.
    func alertText(_ due: ClockDue, _ state: CaseClocks) -> (StageClock?, String, String, Bool) {
        switch due {
        case .frontAlert: return (state.front, "超时告警", "前台登记转办超时：登记晚于规定时限", false)
        case .backAlert: return (state.back, "超时告警", "后台派发超时：未在规定时限内派发", false)
        case .escalated(let r):
            let leader = state.unit?.unitCode.flatMap(settings.units.unit)?.principalLeader
            let copied = leader?.email?.contains("@") == true ? "，已抄送单位主要负责人\(leader!.name)" : "（单位主要负责人未登记邮箱，未能抄送）"
            return (state.unit, "督办升级", "第\(r)次督办已发出\(copied)", true)
        case .roundLapsed(let r):
            return (state.unit, "超时告警", "第\(r)次督办时限已过，承办单位仍未反馈，请中心负责人研究处理", true)
        case .supervision(let r): return (state.unit, "超时告警", "第\(r)次自动督办", true)
        case .reminder: return (state.unit, "催办", "催办", false)
        }
    }
}

extension ClockDue {
    var isReminder: Bool { if case .reminder = self { true } else { false } }
}
