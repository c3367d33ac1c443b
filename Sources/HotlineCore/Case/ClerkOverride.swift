import Foundation

/// A clerk's correction of an automatic intake decision (issue 2, item 6). The change is an
/// event on the case: who, when, from what to what, and why.
public enum ClerkOverride: Sendable, Equatable {
    case kind(MatterKind)
    case handlingClass(HandlingClass)
    case keyMatter(Bool)
    case scope(ScopeDecision)

    /// The case after the change, and the event that records it. Pure.
    public func apply(to record: CaseRecord, clerk: String, reason: String?, at: Date) throws(Refusal)
        -> (CaseRecord, CaseEvent) {
        guard !clerk.trimmingCharacters(in: .whitespaces).isEmpty else { throw .clerkRequired }
        var r = record
        let rule = "clerk: \(clerk)" + (reason.map { " — \($0)" } ?? "")
        let field: CaseEvent.Override.Field
        let old: String
        let new: String
        switch self {
        case .kind(let k):
            (field, old, new) = (.kind, r.kind.value.rawValue, k.rawValue)
            r.kind = Decided(k, rule: rule)
        case .handlingClass(let c):
            (field, old, new) = (.handlingClass, r.handlingClass.value.rawValue, c.rawValue)
            r.handlingClass = Decided(c, rule: rule)
        case .keyMatter(let k):
            (field, old, new) = (.keyMatter, String(r.keyMatter.value), String(k))
            r.keyMatter = Decided(k, rule: rule)
        case .scope(let s):
            (field, old, new) = (.scope, r.scope.value.text, s.text)
            let transition: CaseState.Transition
            switch s {
            case .accepted: transition = .acceptScope
            case .outOfScope: transition = .rejectScope
            }
            if r.scope.value != s {
                r.state = try r.state.applying(transition)
            }
            r.scope = Decided(s, rule: rule)
        }
        if old == new { throw Refusal(.notAllowed, "\(field.rawValue) is already \(new)") }
        let change = CaseEvent.Override(field: field, from: old, to: new, reason: reason, state: r.state != record.state ? r.state : nil)
        return (r, CaseEvent(at: at, actor: clerk, .override(change)))
    }
}

/// What clerks do to a case by hand, each in one transaction with its event.
public struct CaseDesk: Sendable {
    public let store: any CaseStore
    public let clock: any Clock

    public init(store: any CaseStore, clock: any Clock) {
        self.store = store
        self.clock = clock
    }

    @discardableResult
    public func override(_ number: CaseNumber, _ change: ClerkOverride, clerk: String, reason: String?) throws -> CaseRecord {
        let now = clock.now()
        return try store.transaction { tx in
            guard let record = try tx.caseRecord(number) else { throw Refusal.noCase(number) }
            let (updated, event) = try change.apply(to: record, clerk: clerk, reason: reason, at: now)
            try tx.updateCase(updated)
            try tx.appendEvent(event, to: number)
            return updated
        }
    }
}
