import Foundation

/// A case store whose every transaction keeps the clocks of the cases it touched (issue 11, item 4):
/// the events it appended are folded onto the stored clocks (`CaseClocks.apply`), each change is
/// appended as a `clock-…` event, and the clocks are saved with their next action — in the same
/// transaction, so no desk can forget them and none is counted twice.
///
/// A case never counted (new, or from a store before issue 11) is counted from its whole history.
/// Clocks counted with other rules (a calendar year loaded, a row changed) are recounted by the
/// clock's pass only (`recount`), never by another process's transaction: a command run with an
/// edited configuration beside a running `hotline run --watch` does not make them count back and forth.
/// A transaction whose events move no clock (a notice queued, a citizen's reply) costs nothing here.
public final class ClockedStore: CaseStore, Sendable {
    public let base: any CaseStore
    public let rules: ClockRules
    let clock: any Clock

    public init(_ base: any CaseStore, rules: ClockRules, clock: any Clock) {
        self.base = base
        self.rules = rules
        self.clock = clock
    }

    public func transaction<T>(_ body: (any CaseStoreSession) throws -> T) throws -> T {
        try base.transaction { tx in
            let session = RecordingSession(tx)
            let result = try body(session)
            for (number, appended, moves) in session.appended where moves {
                try settle(number, appended: appended, recount: false, tx: tx)
            }
            return result
        }
    }

    /// Recounts one case's clocks from its whole history (`ClockPass.recount`).
    public func recount(_ number: CaseNumber) throws {
        try base.transaction { tx in try settle(number, appended: 0, recount: true, tx: tx) }
    }

    /// Folds the last `appended` events of the case onto its clocks (all of them when the stored
    /// clocks are missing or of other rules), records the changes and saves the clocks.
    func settle(_ number: CaseNumber, appended: Int, recount: Bool, tx: any CaseStoreSession) throws {
        let stored = try tx.clocks(of: number)
        let now = clock.now()
        var changes: [(Date, ClockChange)] = []
        var state: CaseClocks
        var version = rules.version
        let events: [CaseEvent]
        let firstNew: Int
        if let stored, !recount || stored.version == rules.version {
            // Read back as stored (the last `appended`), so the fold sees what a recount would.
            events = try tx.events(of: number, last: appended)
            firstNew = 0
            state = stored.state
            // Counted with other rules: folded on, and left for the pass to recount.
            version = stored.version
        } else {
            guard let record = try tx.caseRecord(number) else { return }
            events = try tx.events(of: number)
            firstNew = max(0, events.count - appended)
            state = CaseClocks.computed(receivedAt: record.receivedAt, events: Array(events[..<firstNew]), rules: rules)
            // Never counted, with a history before this transaction: a case from before the clock
            // (touched first by the pass's recount, or by a reply taken in before it).
            if stored == nil, appended == 0 || firstNew > 0 {
                // A case from before the clock: its open clocks are said once, as counted now; what
                // fell due before then is not sent on the day of the upgrade (a flood of sheets for
                // old matters), but recorded as waived — `hotline due` lists the case for a clerk.
                for var c in state.stages where c.isOpen {
                    c.why = "counted from the history: " + c.why
                    changes.append((now, ClockChange(.started, c)))
                }
                for due in state.dueActions(rules: rules, now: now) {
                    let waived = CaseEvent(at: now, actor: CaseEvent.system, .clockAction(.init(
                        kind: .waived, due: due, messageID: nil, to: [],
                        reason: "fell due before hotline kept this case's clocks: not sent (hotline due lists the case)")))
                    try tx.appendEvent(waived, to: number)
                    _ = state.apply(waived, rules: rules)
                }
            }
            if let old = stored?.state {
                for new in state.stages {
                    guard let before = old.stages.first(where: { $0.stage == new.stage }), before.isOpen || new.isOpen,
                          before.due != new.due else { continue }
                    var c = new
                    c.why = "recounted with calendar \(new.calendarVersion) (was \(before.calendarVersion)); " + new.why
                    changes.append((now, ClockChange(.recomputed, c, previousDue: before.due)))
                }
            }
        }
        for e in events[firstNew...] {
            changes += state.apply(e, rules: rules).map { (e.at, $0) }
        }
        for (at, change) in changes {
            try tx.appendEvent(CaseEvent(at: at, actor: CaseEvent.system, .clockChanged(change)), to: number)
        }
        try tx.saveClocks(StoredClocks(state: state, version: version), nextActionAt: state.nextActionAt(rules: rules, now: now),
                          for: number)
    }

    // MARK: forwarded

    public func cases(_ filter: CaseFilter) throws -> [CaseRecord] { try base.cases(filter) }
    public func caseRecord(_ number: CaseNumber) throws -> CaseRecord? { try base.caseRecord(number) }
    public func events(of number: CaseNumber) throws -> [CaseEvent] { try base.events(of: number) }
    public func intakeEntries(limit: Int) throws -> [IntakeEntry] { try base.intakeEntries(limit: limit) }
    public func rawMessage(sha256: String) throws -> [UInt8]? { try base.rawMessage(sha256: sha256) }
    public func queuedMail(limit: Int, now: Date, honourRetryTimes: Bool) throws -> [QueuedMail] {
        try base.queuedMail(limit: limit, now: now, honourRetryTimes: honourRetryTimes)
    }
    public func outgoing(limit: Int) throws -> [QueuedMail] { try base.outgoing(limit: limit) }
    public func markSent(_ id: Int64, proof: String, at: Date) throws { try base.markSent(id, proof: proof, at: at) }
    public func markFailed(_ id: Int64, error: String, retryAt: Date?, at: Date) throws {
        try base.markFailed(id, error: error, retryAt: retryAt, at: at)
    }
    public func forms(of number: CaseNumber) throws -> [IssuedForm] { try base.forms(of: number) }
    public func form(_ number: FormNumber) throws -> IssuedForm? { try base.form(number) }
    public func holding(limit: Int) throws -> [IntakeEntry] { try base.holding(limit: limit) }
    public func claimQueuedMail(limit: Int, afterID: Int64, now: Date, honourRetryTimes: Bool, by claimant: Claimant,
                                until: Date) throws -> [QueuedMail] {
        try base.claimQueuedMail(limit: limit, afterID: afterID, now: now, honourRetryTimes: honourRetryTimes, by: claimant, until: until)
    }
    public func renewMailClaim(_ id: Int64, by claimant: Claimant, now: Date, until: Date) throws -> Bool {
        try base.renewMailClaim(id, by: claimant, now: now, until: until)
    }
    public func releaseMailClaims(by claimantID: String) throws { try base.releaseMailClaims(by: claimantID) }
    public func leaseSource(_ source: String, by claimant: Claimant, now: Date, until: Date) throws -> String? {
        try base.leaseSource(source, by: claimant, now: now, until: until)
    }
    public func releaseSource(_ source: String, by claimantID: String) throws { try base.releaseSource(source, by: claimantID) }
    public func casesWithClockActions(dueBy: Date, limit: Int) throws -> [CaseNumber] {
        try base.casesWithClockActions(dueBy: dueBy, limit: limit)
    }
    public func casesToRecount(version: String, limit: Int) throws -> [CaseNumber] { try base.casesToRecount(version: version, limit: limit) }
    public func openClocks(dueBy: Date?, unit: String?, limit: Int) throws -> [OpenClock] {
        try base.openClocks(dueBy: dueBy, unit: unit, limit: limit)
    }
    public func clocks(of number: CaseNumber) throws -> StoredClocks? { try base.clocks(of: number) }
}

/// A session that notes which cases got events, and how many (`ClockedStore`).
final class RecordingSession: CaseStoreSession {
    let tx: any CaseStoreSession
    /// In the order first touched: how many events, and whether one of them moves a clock.
    private(set) var appended: [(CaseNumber, Int, Bool)] = []

    init(_ tx: any CaseStoreSession) { self.tx = tx }

    func appendEvent(_ event: CaseEvent, to number: CaseNumber) throws {
        try tx.appendEvent(event, to: number)
        let moves = event.body.movesClocks
        if let i = appended.firstIndex(where: { $0.0 == number }) {
            appended[i].1 += 1
            appended[i].2 = appended[i].2 || moves
        } else {
            appended.append((number, 1, moves))
        }
    }

    func intakeEntry(for source: SourceKey) throws -> IntakeEntry? { try tx.intakeEntry(for: source) }
    func caseForDedupKey(_ key: String) throws -> CaseNumber? { try tx.caseForDedupKey(key) }
    func caseCited(byMessageIDs ids: [String]) throws -> CaseNumber? { try tx.caseCited(byMessageIDs: ids) }
    func caseRecord(_ number: CaseNumber) throws -> CaseRecord? { try tx.caseRecord(number) }
    func storeRawMessage(sha256: String, bytes: [UInt8]) throws { try tx.storeRawMessage(sha256: sha256, bytes: bytes) }
    func allocateCaseNumber(prefix: String, day: String) throws -> CaseNumber { try tx.allocateCaseNumber(prefix: prefix, day: day) }
    func insertCase(_ record: CaseRecord) throws { try tx.insertCase(record) }
    func updateCase(_ record: CaseRecord) throws { try tx.updateCase(record) }
    func addAttachments(_ attachments: [StoredAttachment], to number: CaseNumber) throws { try tx.addAttachments(attachments, to: number) }
    func recordIntake(_ entry: IntakeEntry) throws { try tx.recordIntake(entry) }
    func queueOutgoing(_ mail: OutgoingMail) throws { try tx.queueOutgoing(mail) }
    func allocateFormNumber(kind: FormKind, year: Int) throws -> FormNumber { try tx.allocateFormNumber(kind: kind, year: year) }
    func insertForm(_ form: IssuedForm) throws { try tx.insertForm(form) }
    func forms(of number: CaseNumber) throws -> [IssuedForm] { try tx.forms(of: number) }
    func events(of number: CaseNumber) throws -> [CaseEvent] { try tx.events(of: number) }
    func events(of number: CaseNumber, last count: Int) throws -> [CaseEvent] { try tx.events(of: number, last: count) }
    func caseOfOurMail(messageIDs: [String], purposes: [String]) throws -> CaseNumber? {
        try tx.caseOfOurMail(messageIDs: messageIDs, purposes: purposes)
    }
    func sentAt(messageID: String) throws -> Date? { try tx.sentAt(messageID: messageID) }
    func caseHoldingAttached(source: String) throws -> CaseNumber? { try tx.caseHoldingAttached(source: source) }
    func clocks(of number: CaseNumber) throws -> StoredClocks? { try tx.clocks(of: number) }
    func saveClocks(_ clocks: StoredClocks, nextActionAt: Date?, for number: CaseNumber) throws {
        try tx.saveClocks(clocks, nextActionAt: nextActionAt, for: number)
    }
}
