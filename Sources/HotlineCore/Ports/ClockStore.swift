import Foundation

/// A case's clocks as the store keeps them: the fold's state and the rules' version it was counted with.
public struct StoredClocks: Sendable, Equatable {
    public var state: CaseClocks
    /// `ClockRules.version`: a state of another version is recomputed from the history.
    public var version: String

    public init(state: CaseClocks, version: String) {
        self.state = state
        self.version = version
    }
}

/// A stage's clock as `hotline due` lists it.
public struct OpenClock: Sendable, Equatable {
    public var caseNumber: CaseNumber
    public var clock: StageClock

    public init(caseNumber: CaseNumber, clock: StageClock) {
        self.caseNumber = caseNumber
        self.clock = clock
    }
}

/// The store's part in clocks, inside a transaction (issue 11, item 4).
public protocol ClockStoreSession {
    func clocks(of number: CaseNumber) throws -> StoredClocks?
    /// Keeps the clocks with the instant of their next action (indexed: a pass reads only the cases due).
    func saveClocks(_ clocks: StoredClocks, nextActionAt: Date?, for number: CaseNumber) throws
}

/// The store's part in clocks, outside transactions.
public protocol ClockStore {
    /// Cases whose next clock action falls at or before `by`, soonest first.
    func casesWithClockActions(dueBy: Date, limit: Int) throws -> [CaseNumber]
    /// Cases whose clocks were counted with other rules than `version`, or never counted though open.
    func casesToRecount(version: String, limit: Int) throws -> [CaseNumber]
    /// Running stage clocks due at or before `dueBy` (all running ones when nil), soonest first;
    /// `unit` keeps the unit stage of that unit only.
    func openClocks(dueBy: Date?, unit: String?, limit: Int) throws -> [OpenClock]
    func clocks(of number: CaseNumber) throws -> StoredClocks?
}
