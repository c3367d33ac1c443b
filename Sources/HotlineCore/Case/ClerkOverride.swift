import Foundation

/// A clerk's correction of an automatic intake decision (issue 2, item 6). The change is an
/// event on the case: who, when, from what to what, and why.
public enum ClerkOverride: Sendable, Equatable {
    case kind(MatterKind)
    case handlingClass(HandlingClass)
    case keyMatter(Bool)
    case scope(ScopeDecision)

    public struct Rejected: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    /// The case after the change, and the event that records it. Pure.
    public func apply(to record: CaseRecord, clerk: String, reason: String?, at: Date) throws(Rejected)
        -> (CaseRecord, CaseEvent) {
        guard !clerk.trimmingCharacters(in: .whitespaces).isEmpty else { throw Rejected(description: "a clerk's name is required") }
        var r = record
        let rule = "clerk: \(clerk)" + (reason.map { " — \($0)" } ?? "")
        let field: String
        let old: String
        let new: String
        switch self {
        case .kind(let k):
            (field, old, new) = ("kind", r.kind.value.rawValue, k.rawValue)
            r.kind = Decided(k, rule: rule)
        case .handlingClass(let c):
            (field, old, new) = ("class", r.handlingClass.value.rawValue, c.rawValue)
            r.handlingClass = Decided(c, rule: rule)
        case .keyMatter(let k):
            (field, old, new) = ("key_matter", String(r.keyMatter.value), String(k))
            r.keyMatter = Decided(k, rule: rule)
        case .scope(let s):
            (field, old, new) = ("scope", r.scope.value.text, s.text)
            let transition: CaseState.Transition
            switch s {
            case .accepted: transition = .acceptScope
            case .outOfScope: transition = .rejectScope
            }
            if r.scope.value != s {
                do { r.state = try r.state.apply(transition) } catch { throw Rejected(description: error.description) }
            }
            r.scope = Decided(s, rule: rule)
        }
        if old == new { throw Rejected(description: "\(field) is already \(new)") }
        var data = ["field": field, "from": old, "to": new]
        if let reason { data["reason"] = reason }
        if r.state != record.state { data["state"] = r.state.rawValue }
        return (r, CaseEvent(at: at, actor: clerk, type: "override", data: data))
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

    public struct NotFound: Error, CustomStringConvertible {
        public var number: String
        public var description: String { "no case \(number)" }
    }

    @discardableResult
    public func override(_ number: CaseNumber, _ change: ClerkOverride, clerk: String, reason: String?) throws -> CaseRecord {
        let now = clock.now()
        return try store.transaction { tx in
            guard let record = try tx.caseRecord(number) else { throw NotFound(number: number.description) }
            let (updated, event) = try change.apply(to: record, clerk: clerk, reason: reason, at: now)
            try tx.updateCase(updated)
            try tx.appendEvent(event, to: number)
            return updated
        }
    }
}
