import Foundation
import HotlineCore
import Synchronization

/// The case store in memory: the deterministic twin of the SQLite store for fast tests.
/// Same contract, including all-or-nothing transactions (a copy is taken and swapped back).
public final class InMemoryCaseStore: CaseStore, Sendable {
    struct State: Sendable {
        var cases: [CaseNumber: CaseRecord] = [:]
        var order: [CaseNumber] = []
        var events: [CaseNumber: [CaseEvent]] = [:]
        var raw: [String: [UInt8]] = [:]
        var intake: [IntakeEntry] = []
        var intakeBySource: [SourceKey: Int] = [:]
        var counters: [String: Int] = [:]
        var outgoing: [QueuedMail] = []
        var forms: [IssuedForm] = []
        var formCounters: [String: Int] = [:]
        /// Outgoing mail id → (claimant, until); mailbox → (claimant, until).
        var mailClaims: [Int64: (holder: String, until: Date)] = [:]
        var leases: [String: (holder: String, until: Date)] = [:]
        /// Each case's clocks and the instant of their next action.
        var clocks: [CaseNumber: (clocks: StoredClocks, next: Date?)] = [:]
    }

    let state = Mutex(State())

    public init() {}

    public func transaction<T>(_ body: (any CaseStoreSession) throws -> T) throws -> T {
        // The result goes out through a local, not as `withLock`'s result, which would have to be `sending`.
        var result: T?
        try state.withLock { state in
            let session = Session(state: state)
            result = try body(session)
            state = session.state
        }
        return result!
    }

    final class Session: CaseStoreSession {
        var state: State
        init(state: State) { self.state = state }

        func intakeEntry(for source: SourceKey) throws -> IntakeEntry? {
            state.intakeBySource[source].map { state.intake[$0] }
        }
        func caseForDedupKey(_ key: String) throws -> CaseNumber? {
            state.intake.first { $0.dedupKey == key && ($0.disposition == .newCase || $0.disposition == .reply) }?.caseNumber
        }
        func caseCited(byMessageIDs ids: [String]) throws -> CaseNumber? {
            for id in ids {
                if let m = state.outgoing.first(where: { $0.mail.messageID == id }), let n = m.mail.caseNumber { return n }
                if let e = state.intake.first(where: { $0.messageID == id && $0.caseNumber != nil
                    && ($0.disposition == .newCase || $0.disposition == .reply) }) { return e.caseNumber }
            }
            return nil
        }
        func caseRecord(_ number: CaseNumber) throws -> CaseRecord? { state.cases[number] }
        func storeRawMessage(sha256: String, bytes: [UInt8]) throws { state.raw[sha256] = bytes }
        func allocateCaseNumber(prefix: String, day: String) throws -> CaseNumber {
            let n = (state.counters[prefix + day] ?? 0) + 1
            state.counters[prefix + day] = n
            return CaseNumber(prefix: prefix, day: day, sequence: n)
        }
        func insertCase(_ record: CaseRecord) throws {
            guard state.cases[record.number] == nil else { throw StoreConflict(description: "case \(record.number) exists") }
            state.cases[record.number] = record
            state.order.append(record.number)
        }
        func updateCase(_ record: CaseRecord) throws {
            guard state.cases[record.number] != nil else { throw StoreConflict(description: "no case \(record.number)") }
            state.cases[record.number] = record
        }
        func addAttachments(_ attachments: [StoredAttachment], to number: CaseNumber) throws {
            guard var r = state.cases[number] else { throw StoreConflict(description: "no case \(number)") }
            for a in attachments where !r.attachments.contains(a) { r.attachments.append(a) }
            state.cases[number] = r
        }
        func appendEvent(_ event: CaseEvent, to number: CaseNumber) throws {
            guard state.cases[number] != nil else { throw StoreConflict(description: "no case \(number)") }
            // Through the stored form, as the SQLite store keeps it: what reads back is what was stored.
            let stored = CaseEvent(at: event.at, actor: event.actor, .stored(type: event.type, data: event.body.storedData))
            state.events[number, default: []].append(stored)
        }
        func recordIntake(_ entry: IntakeEntry) throws {
            guard state.intakeBySource[entry.source] == nil else { throw StoreConflict(description: "\(entry.source) recorded") }
            state.intakeBySource[entry.source] = state.intake.count
            state.intake.append(entry)
        }
        func queueOutgoing(_ mail: OutgoingMail) throws {
            state.outgoing.append(QueuedMail(id: Int64(state.outgoing.count + 1), mail: mail, status: .queued, attempts: 0))
        }
        func allocateFormNumber(kind: FormKind, year: Int) throws -> FormNumber {
            let key = "\(kind.rawValue):\(year)"
            let n = (state.formCounters[key] ?? 0) + 1
            state.formCounters[key] = n
            return FormNumber(kind: kind, year: year, sequence: n)
        }
        func insertForm(_ form: IssuedForm) throws {
            guard state.cases[form.caseNumber] != nil else { throw StoreConflict(description: "no case \(form.caseNumber)") }
            guard !state.forms.contains(where: { $0.number == form.number }) else {
                throw StoreConflict(description: "form \(form.number) exists")
            }
            state.forms.append(form)
        }
        func forms(of number: CaseNumber) throws -> [IssuedForm] {
            state.forms.filter { $0.caseNumber == number }
        }
        func events(of number: CaseNumber) throws -> [CaseEvent] { state.events[number] ?? [] }
        func events(of number: CaseNumber, last count: Int) throws -> [CaseEvent] { Array((state.events[number] ?? []).suffix(count)) }
        func caseOfOurMail(messageIDs: [String], purposes: [String]) throws -> CaseNumber? {
            for id in messageIDs {
                if let m = state.outgoing.first(where: { $0.mail.messageID == id && purposes.contains($0.mail.purpose) }) {
                    return m.mail.caseNumber
                }
            }
            return nil
        }
        func sentAt(messageID: String) throws -> Date? {
            state.outgoing.first { $0.mail.messageID == messageID && $0.status == .sent }?.sentAt
        }
        func caseHoldingAttached(source: String) throws -> CaseNumber? {
            state.events.first { $0.value.contains { $0.holdingSource == source } }?.key
        }
        func clocks(of number: CaseNumber) throws -> StoredClocks? { state.clocks[number]?.clocks }
        func saveClocks(_ clocks: StoredClocks, nextActionAt: Date?, for number: CaseNumber) throws {
            guard state.cases[number] != nil else { throw StoreConflict(description: "no case \(number)") }
            state.clocks[number] = (clocks, nextActionAt)
        }
    }

    public func casesWithClockActions(dueBy: Date, limit: Int) throws -> [CaseNumber] {
        state.withLock { state in
            Array(state.clocks.compactMap { n, c in c.next.flatMap { $0 <= dueBy ? (n, $0) : nil } }
                .sorted { ($0.1, $0.0.description) < ($1.1, $1.0.description) }.map(\.0).prefix(limit))
        }
    }
    public func casesToRecount(version: String, limit: Int) throws -> [CaseNumber] {
        state.withLock { state in
            let other = state.order.filter { n in
                state.clocks[n].map { $0.clocks.version != version && $0.clocks.state.stages.contains(where: \.isOpen) } ?? false
            }
            let never = state.order.filter { n in
                state.clocks[n] == nil && ![.guided, .closed, .reviewed].contains(state.cases[n]?.state)
            }
            return Array((other + never).prefix(limit))
        }
    }
    public func openClocks(dueBy: Date?, unit: String?, limit: Int) throws -> [OpenClock] {
        state.withLock { state in
            let all = state.clocks.flatMap { n, c in
                c.clocks.state.stages.filter { s in
                    s.status == .running && (dueBy.map { s.due <= $0 } ?? true) && (unit.map { s.stage == .unit && s.unitCode == $0 } ?? true)
                }.map { OpenClock(caseNumber: n, clock: $0) }
            }
            return Array(all.sorted { ($0.clock.due, $0.caseNumber.description) < ($1.clock.due, $1.caseNumber.description) }.prefix(limit))
        }
    }
    public func clocks(of number: CaseNumber) throws -> StoredClocks? { state.withLock { state in state.clocks[number]?.clocks } }

    public func cases(_ filter: CaseFilter) throws -> [CaseRecord] {
        state.withLock { state in
            // As the SQLite store: by received time, then in the order the cases were made.
            let all = state.order.enumerated().compactMap { i, n in state.cases[n].map { (i, $0) } }
                .sorted { ($0.1.receivedAt, $0.0) < ($1.1.receivedAt, $1.0) }.map(\.1).filter { r in
                (filter.state == nil || r.state == filter.state) && (filter.kind == nil || r.kind.value == filter.kind)
                    && (filter.handlingClass == nil || r.handlingClass.value == filter.handlingClass)
                    && (filter.since == nil || r.receivedAt >= filter.since!) && (filter.until == nil || r.receivedAt < filter.until!)
            }
            return filter.limit.map { Array(all.prefix($0)) } ?? all
        }
    }
    public func caseRecord(_ number: CaseNumber) throws -> CaseRecord? { state.withLock { state in state.cases[number] } }
    public func events(of number: CaseNumber) throws -> [CaseEvent] { state.withLock { state in state.events[number] ?? [] } }
    public func intakeEntries(limit: Int) throws -> [IntakeEntry] { state.withLock { state in Array(state.intake.suffix(limit)) } }
    public func rawMessage(sha256: String) throws -> [UInt8]? { state.withLock { state in state.raw[sha256] } }
    public func queuedMail(limit: Int, now: Date, honourRetryTimes: Bool) throws -> [QueuedMail] {
        state.withLock { state in
            Array(state.outgoing.filter { m in
                m.status == .queued && (m.mail.sendAfter.map { $0 <= now } ?? true)
                    && (!honourRetryTimes || (m.nextAttemptAt.map { $0 <= now } ?? true))
            }.prefix(limit))
        }
    }
    public func forms(of number: CaseNumber) throws -> [IssuedForm] {
        state.withLock { state in state.forms.filter { $0.caseNumber == number } }
    }
    public func holding(limit: Int) throws -> [IntakeEntry] {
        state.withLock { state in
            let attached = Set(state.events.values.joined().compactMap(\.holdingSource))
            return Array(state.intake.filter { $0.disposition == .holding && !attached.contains($0.source.description) }.prefix(limit))
        }
    }
    public func form(_ number: FormNumber) throws -> IssuedForm? {
        state.withLock { state in state.forms.first { $0.number == number } }
    }
    public func outgoing(limit: Int) throws -> [QueuedMail] { state.withLock { state in Array(state.outgoing.reversed().prefix(limit)) } }
    public func claimQueuedMail(limit: Int, afterID: Int64, now: Date, honourRetryTimes: Bool, by claimant: Claimant,
                                until: Date) throws -> [QueuedMail] {
        state.withLock { state in
            let free = state.outgoing.filter { m in
                m.id > afterID && m.status == .queued && (m.mail.sendAfter.map { $0 <= now } ?? true)
                    && (!honourRetryTimes || (m.nextAttemptAt.map { $0 <= now } ?? true))
                    && claimant.mayTake(heldBy: state.mailClaims[m.id]?.holder, until: state.mailClaims[m.id]?.until, now: now)
            }.prefix(limit)
            for m in free { state.mailClaims[m.id] = (claimant.id, until) }
            return Array(free)
        }
    }
    public func renewMailClaim(_ id: Int64, by claimant: Claimant, now: Date, until: Date) throws -> Bool {
        state.withLock { state in
            guard state.mailClaims[id]?.holder == claimant.id, state.outgoing.contains(where: { $0.id == id && $0.status == .queued })
            else { return false }
            state.mailClaims[id] = (claimant.id, until)
            return true
        }
    }
    public func releaseMailClaims(by claimantID: String) throws {
        state.withLock { state in state.mailClaims = state.mailClaims.filter { $0.value.holder != claimantID } }
    }
    public func leaseSource(_ source: String, by claimant: Claimant, now: Date, until: Date) throws -> String? {
        state.withLock { state in
            let held = state.leases[source]
            guard claimant.mayTake(heldBy: held?.holder, until: held?.until, now: now) else { return held?.holder }
            state.leases[source] = (claimant.id, until)
            return nil
        }
    }
    public func releaseSource(_ source: String, by claimantID: String) throws {
        state.withLock { state in if state.leases[source]?.holder == claimantID { state.leases[source] = nil } }
    }
    public func markSent(_ id: Int64, proof: String, at: Date) throws {
        state.withLock { state in
            state.mailClaims[id] = nil
            guard let i = state.outgoing.firstIndex(where: { $0.id == id }) else { return }
            state.outgoing[i].status = .sent
            state.outgoing[i].proof = proof
            state.outgoing[i].sentAt = at
            state.outgoing[i].attempts += 1
        }
    }
    public func markFailed(_ id: Int64, error: String, retryAt: Date?, at: Date) throws {
        state.withLock { state in
            state.mailClaims[id] = nil
            guard let i = state.outgoing.firstIndex(where: { $0.id == id }) else { return }
            state.outgoing[i].attempts += 1
            state.outgoing[i].lastError = error
            state.outgoing[i].nextAttemptAt = retryAt
            if retryAt == nil { state.outgoing[i].status = .failed }
        }
    }
}
