import Foundation

/// `reminder-queued`, `alert-queued`: what the clock sent, to whom, for which stage and round
/// (issue 11, item 5). Its `key` is what makes it once only.
public struct ClockAction: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// 催办: to the unit.
        case reminder
        /// To the duty address and, on escalation, the center head.
        case alert
        /// Not sent: it fell due before the case's clocks were kept (a store from before issue 11).
        case waived
    }
    public var kind: Kind
    public var due: ClockDue
    /// The mail's Message-ID; nil when there was no one to send it to (no duty address configured).
    public var messageID: String?
    public var to: [String]
    public var reason: String

    public init(kind: Kind, due: ClockDue, messageID: String?, to: [String], reason: String) {
        self.kind = kind
        self.due = due
        self.messageID = messageID
        self.to = to
        self.reason = reason
    }

    public var key: String { due.key }
}

extension ClockDue {
    /// Reads a key back (`unit.reminder.0`).
    public init?(key: String) {
        let p = key.split(separator: ".")
        guard p.count == 3, let r = Int(p[2]), r >= 0 else { return nil }
        switch (p[0], p[1]) {
        case ("unit", "reminder"): self = .reminder(round: r)
        case ("unit", "supervision"): self = .supervision(round: r)
        case ("unit", "escalated"): self = .escalated(round: r)
        case ("unit", "lapsed"): self = .roundLapsed(round: r)
        case ("back", "alert"): self = .backAlert(round: r)
        case ("front", "alert") where r == 0: self = .frontAlert
        default: return nil
        }
    }
}

extension ClockAction {
    func write(to f: inout EventFields) {
        f.set("action", due.key)
        f.set("message_id", messageID)
        f.set("to", list: to)
        f.set("reason", reason)
    }

    init(_ f: EventFields, kind: Kind) throws(EventFields.Unreadable) {
        let key = try f.text("action")
        guard let due = ClockDue(key: key) else { throw .init(key: "action", value: key) }
        self.init(kind: kind, due: due, messageID: f.nonEmpty("message_id"), to: f.list("to"), reason: try f.text("reason"))
    }
}

extension ClockChange {
    func write(to f: inout EventFields) {
        let c = clock
        f.set("stage", c.stage)
        f.set("rule", c.row)
        f.set("start", c.start)
        f.set("amount", ClockAmount.text(c.amount))
        f.set("unit", c.unit)
        f.set("calendar", c.calendarVersion)
        f.set("due", c.due)
        f.set("previous_due", previousDue)
        if !c.assumedYears.isEmpty { f.set("provisional", list: c.assumedYears.map(String.init)) }
        if c.round > 0 { f.set("round", c.round) }
        f.set("status", c.status)
        f.set("since", c.since)
        if c.late { f.set("late", true) }
        f.set("unit_code", c.unitCode)
        f.set("why", c.why)
        if c.givenBack > 0 { f.set("given_back", ClockAmount.text((c.givenBack * 100).rounded() / 100)) }
    }

    init(_ f: EventFields, kind: Kind) throws(EventFields.Unreadable) {
        var years: [Int] = []
        for y in f.list("provisional") {
            guard let n = Int(y) else { throw .init(key: "provisional", value: y) }
            years.append(n)
        }
        func number(_ key: String) throws(EventFields.Unreadable) -> Double? {
            guard let s = f.nonEmpty(key) else { return nil }
            guard let d = Double(s), d.isFinite else { throw .init(key: key, value: s) }
            return d
        }
        var c = StageClock(stage: try f.need("stage"), row: try f.text("rule"),
                           start: try f.required("start", f.date), amount: try f.required("amount", number),
                           unit: try f.need("unit"), calendarVersion: try f.text("calendar"), due: try f.required("due", f.date),
                           assumedYears: years, why: try f.text("why"))
        c.round = try f.count("round") ?? 0
        c.status = try f.need("status")
        c.since = try f.date("since")
        c.late = try f.flag("late") ?? false
        c.unitCode = f.nonEmpty("unit_code")
        c.givenBack = try number("given_back") ?? 0
        self.init(kind, c, previousDue: try f.date("previous_due"))
    }
}
