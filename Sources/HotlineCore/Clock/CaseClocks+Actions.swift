import Foundation

/// What a case's clocks call for (issue 11, item 5): each at most once per case, stage and round.
public enum ClockDue: Sendable, Equatable, CustomStringConvertible {
    /// Remind (催办) the unit: `share` of its limit has passed.
    case reminder(round: Int)
    /// The limit passed: a supervision sheet (督办单) of this round (1, then 2 escalating).
    case supervision(round: Int)
    /// Tell the center head and the duty address: the case was escalated to this round (2 on).
    case escalated(round: Int)
    /// This round's limit (2 on) passed too, and no further sheet goes automatically.
    case roundLapsed(round: Int)
    /// The back office's limit passed (this start of its clock).
    case backAlert(round: Int)
    /// The front office registered the case after its limit.
    case frontAlert

    /// The key the history records it under (`CaseClocks.done`).
    public var key: String {
        switch self {
        case .reminder(let r): "unit.reminder.\(r)"
        case .supervision(let r): "unit.supervision.\(r)"
        case .escalated(let r): "unit.escalated.\(r)"
        case .roundLapsed(let r): "unit.lapsed.\(r)"
        case .backAlert(let r): "back.alert.\(r)"
        case .frontAlert: "front.alert.0"
        }
    }

    public var description: String { key }
}

extension CaseClocks {
    /// The most supervision rounds issued automatically; after the last one's limit, the center head is told.
    public static let automaticRounds = 2

    /// Each action the clocks call for, with the instant it falls due (never one already done).
    /// A reminder goes in working hours only: one whose moment passed outside them waits for the
    /// next working time, if that is still before the limit; otherwise it is not sent (the limit's
    /// own supervision follows).
    public func actions(rules: ClockRules, now: Date) -> [(due: ClockDue, at: Date)] {
        var out: [(ClockDue, Date)] = []
        func pending(_ d: ClockDue) -> Bool { !done.contains(d.key) }
        if let u = unit, u.status == .running {
            let r = u.round
            if pending(.reminder(round: r)), let at = rules.reminderAt(u) {
                if now < at { out.append((.reminder(round: r), at)) }
                else if now < u.due {
                    if rules.clock.isWorkingTime(now) { out.append((.reminder(round: r), now)) }
                    else if let next = rules.clock.nextWorkingTime(atOrAfter: now), next < u.due { out.append((.reminder(round: r), next)) }
                }
            }
            if r < Self.automaticRounds, pending(.supervision(round: r + 1)) { out.append((.supervision(round: r + 1), u.due)) }
            if r >= Self.automaticRounds {
                if pending(.escalated(round: r)) { out.append((.escalated(round: r), u.start)) }
                if pending(.roundLapsed(round: r)) { out.append((.roundLapsed(round: r), u.due)) }
            }
        }
        if let b = back, b.status == .running, pending(.backAlert(round: b.round)) { out.append((.backAlert(round: b.round), b.due)) }
        if let f = front, f.late, pending(.frontAlert) { out.append((.frontAlert, f.since ?? f.due)) }
        return out.sorted { $0.1 < $1.1 }
    }

    /// The actions due at `now`, most pressing first.
    public func dueActions(rules: ClockRules, now: Date) -> [ClockDue] {
        actions(rules: rules, now: now).filter { $0.at <= now }.map(\.due)
    }

    /// When the next action falls due: the store indexes it, so a pass reads only the cases due.
    public func nextActionAt(rules: ClockRules, now: Date) -> Date? {
        actions(rules: rules, now: now).first?.at
    }
}
