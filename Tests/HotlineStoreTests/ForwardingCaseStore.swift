import Foundation
import HotlineCore
import HotlineTestSupport

/// The in-memory store behind a class whose methods a test overrides to make one operation fail
/// (a full disk at `markSent`, a refused case): everything else is the twin's.
class ForwardingCaseStore: CaseStore, @unchecked Sendable {
    let inner = InMemoryCaseStore()

    func transaction<T>(_ body: (any CaseStoreSession) throws -> T) throws -> T { try inner.transaction(body) }
    func cases(_ f: CaseFilter) throws -> [CaseRecord] { try inner.cases(f) }
    func caseRecord(_ n: CaseNumber) throws -> CaseRecord? { try inner.caseRecord(n) }
    func events(of n: CaseNumber) throws -> [CaseEvent] { try inner.events(of: n) }
    func intakeEntries(limit: Int) throws -> [IntakeEntry] { try inner.intakeEntries(limit: limit) }
    func rawMessage(sha256: String) throws -> [UInt8]? { try inner.rawMessage(sha256: sha256) }
    func queuedMail(limit: Int, now: Date, honourRetryTimes: Bool) throws -> [QueuedMail] {
        try inner.queuedMail(limit: limit, now: now, honourRetryTimes: honourRetryTimes)
    }
    func forms(of number: CaseNumber) throws -> [IssuedForm] { try inner.forms(of: number) }
    func form(_ number: FormNumber) throws -> IssuedForm? { try inner.form(number) }
    func holding(limit: Int) throws -> [IntakeEntry] { try inner.holding(limit: limit) }
    func casesWithClockActions(dueBy: Date, limit: Int) throws -> [CaseNumber] { try inner.casesWithClockActions(dueBy: dueBy, limit: limit) }
    func casesToRecount(version: String, limit: Int) throws -> [CaseNumber] { try inner.casesToRecount(version: version, limit: limit) }
    func openClocks(dueBy: Date?, unit: String?, limit: Int) throws -> [OpenClock] {
        try inner.openClocks(dueBy: dueBy, unit: unit, limit: limit)
    }
    func clocks(of number: CaseNumber) throws -> StoredClocks? { try inner.clocks(of: number) }
    func outgoing(limit: Int) throws -> [QueuedMail] { try inner.outgoing(limit: limit) }
    func markSent(_ id: Int64, proof: String, at: Date) throws { try inner.markSent(id, proof: proof, at: at) }
    func markFailed(_ id: Int64, error: String, retryAt: Date?, at: Date) throws {
        try inner.markFailed(id, error: error, retryAt: retryAt, at: at)
    }
    func claimQueuedMail(limit: Int, afterID: Int64, now: Date, honourRetryTimes: Bool, by claimant: Claimant,
                         until: Date) throws -> [QueuedMail] {
        try inner.claimQueuedMail(limit: limit, afterID: afterID, now: now, honourRetryTimes: honourRetryTimes, by: claimant, until: until)
    }
    func renewMailClaim(_ id: Int64, by claimant: Claimant, now: Date, until: Date) throws -> Bool {
        try inner.renewMailClaim(id, by: claimant, now: now, until: until)
    }
    func releaseMailClaims(by claimantID: String) throws { try inner.releaseMailClaims(by: claimantID) }
    func leaseSource(_ source: String, by claimant: Claimant, now: Date, until: Date) throws -> String? {
        try inner.leaseSource(source, by: claimant, now: now, until: until)
    }
    func releaseSource(_ source: String, by claimantID: String) throws { try inner.releaseSource(source, by: claimantID) }
}
