import Foundation

/// What a clerk does to a case's clocks (issue 11, item 5): hold them, with a reason (a matter
/// waiting on something outside the unit's hands), and release them; each an event, in one
/// transaction. The store must keep clocks (`ClockedStore`): the hold is folded there.
public struct ClockDesk: Sendable {
    public let store: ClockedStore
    public let clock: any Clock

    public init(store: ClockedStore, clock: any Clock) {
        self.store = store
        self.clock = clock
    }

    /// `hotline clock hold CASE --reason R`: stops every running clock of the case.
    public func hold(_ number: CaseNumber, reason: String, clerk: String) throws -> CaseClocks {
        guard FormText.line(clerk) != nil else { throw Refusal.clerkRequired }
        guard FormText.line(reason) != nil else { throw Refusal(.usage, "a hold needs its reason (--reason)") }
        return try change(number) { tx, clocks in
            if clocks.holdSince != nil {
                throw Refusal(.notAllowed, "\(number)'s clock is held already (\(clocks.holdReason ?? "")); release it first")
            }
            guard clocks.stages.contains(where: { $0.status == .running }) else {
                throw Refusal(.notAllowed, "\(number) has no running clock to hold")
            }
            try tx.appendEvent(CaseEvent(at: clock.now(), actor: clerk, .clockHeld(reason: reason)), to: number)
        }
    }

    /// `hotline clock release CASE`: the held clocks run again, the held time given back.
    public func release(_ number: CaseNumber, reason: String?, clerk: String) throws -> CaseClocks {
        guard FormText.line(clerk) != nil else { throw Refusal.clerkRequired }
        return try change(number) { tx, clocks in
            guard clocks.holdSince != nil else { throw Refusal(.notAllowed, "\(number)'s clock is not held") }
            try tx.appendEvent(CaseEvent(at: clock.now(), actor: clerk, .clockReleased(reason: reason.flatMap { FormText.line($0) })),
                               to: number)
        }
    }

    private func change(_ number: CaseNumber, _ body: (any CaseStoreSession, CaseClocks) throws -> Void) throws -> CaseClocks {
        try store.transaction { tx in
            guard let record = try tx.caseRecord(number) else { throw Refusal.noCase(number) }
            let clocks = try tx.clocks(of: number)?.state
                ?? CaseClocks.computed(receivedAt: record.receivedAt, events: try tx.events(of: number), rules: store.rules)
            try body(tx, clocks)
        }
        return try store.clocks(of: number)?.state ?? CaseClocks(receivedAt: Date())
    }
}
