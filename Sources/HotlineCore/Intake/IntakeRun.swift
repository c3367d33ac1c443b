import Foundation
import HotlineMail
import Logging

/// What one pass over the sources did; printed on one log line per pass.
public struct PassSummary: Sendable, Equatable, CustomStringConvertible {
    public var fetched = 0
    public var newCases = 0
    public var replies = 0
    public var duplicates = 0
    public var automatic = 0
    public var holding = 0
    public var quarantined = 0
    public var alreadyDone = 0
    public var sent = 0
    public var sendFailures = 0
    /// Sources that could not be read this pass, with the reason (the others were still read).
    public var sourceErrors: [String] = []
    /// Sources another live process was reading: skipped this pass (their lease names it).
    public var busySources: [String] = []
    /// Messages a fault of ours (the store, the disk, a tool) kept from being taken in: each stays
    /// where it is, unfinished, for the next pass.
    public var leftInPlace = 0
    /// Our own fault that stopped the pass — never bad input: set, the pass ended early and the
    /// messages it had not committed wait at their source for the next pass.
    public var fault: IntakeFault?

    public init() {}

    mutating func count(_ d: IntakeDisposition) {
        switch d {
        case .newCase: newCases += 1
        case .reply: replies += 1
        case .duplicate: duplicates += 1
        case .automatic: automatic += 1
        case .quarantined: quarantined += 1
        case .holding: holding += 1
        }
    }

    public var description: String {
        "fetched=\(fetched) new_cases=\(newCases) replies=\(replies) duplicates=\(duplicates) automatic=\(automatic) "
            + "holding=\(holding) quarantined=\(quarantined) already_done=\(alreadyDone) sent=\(sent) send_failures=\(sendFailures)"
            + (sourceErrors.isEmpty ? "" : " source_errors=\(sourceErrors.count)")
            + (busySources.isEmpty ? "" : " busy=\(busySources.count)")
            + (leftInPlace == 0 ? "" : " left_in_place=\(leftInPlace)")
            + (fault == nil ? "" : " stopped=fault")
    }
}

/// A failure of ours — the store could not commit (a full disk, a locked database, an I/O error),
/// the attachment vault could not write, a tool could not run — as opposed to bad input, which is
/// quarantined with its reason. A fault never quarantines: the message stays at its source
/// (a folder's file not moved; an IMAP message not moved), the pass stops, and the next pass takes
/// the message in exactly once.
public struct IntakeFault: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message that could not be committed, when the fault struck one.
    public var source: SourceKey?
    /// What we were doing: `taking in`, `sending`, `recording`.
    public var step: String
    public var underlying: String

    public init(source: SourceKey?, step: String, underlying: any Error) {
        self.source = source
        self.step = step
        self.underlying = "\(underlying)"
    }

    public var description: String {
        let what = source.map { "\(step) \($0)" } ?? step
        return "\(what) failed: \(underlying) — a fault of ours, not of the mail: "
            + "it stays where it is and the next pass takes it in"
    }
}

/// Results handed from the processing worker back to the thread that talks to the source.
final class DoneQueue: @unchecked Sendable {
    struct Outcome {
        var incomingKey: SourceKey
        var result: Result<IntakeProcessor.Result, any Error>
    }
    private let lock = NSLock()
    private var items: [(SourceKey, Outcome)] = []

    func push(_ key: SourceKey, incomingKey: SourceKey, _ result: Result<IntakeProcessor.Result, any Error>) {
        lock.withLock { items.append((key, Outcome(incomingKey: incomingKey, result: result))) }
    }

    func takeAll() -> [(SourceKey, Outcome)] {
        lock.withLock {
            defer { items.removeAll() }
            return items
        }
    }
}

/// The batch the preparer is gathering; touched only on the preparer's queue.
final class BatchBuffer: @unchecked Sendable {
    private(set) var items: [(key: SourceKey, message: IntakeProcessor.PreparedMessage)] = []
    private(set) var bytes = 0
    var count: Int { items.count }

    func append(_ key: SourceKey, _ message: IntakeProcessor.PreparedMessage, bytes n: Int) {
        items.append((key, message))
        bytes += n
    }

    func take() -> ([(key: SourceKey, message: IntakeProcessor.PreparedMessage)], Int) {
        defer { items = []; bytes = 0 }
        return (items, bytes)
    }
}

/// Bytes loaded but not yet committed: a loader waits while the budget is spent (one message
/// larger than the whole budget still goes, alone).
final class ByteBudget: @unchecked Sendable {
    private let condition = NSCondition()
    private var used = 0
    let limit: Int

    init(limit: Int) { self.limit = limit }

    func acquire(_ n: Int, beforeWaiting: () -> Void) {
        condition.lock()
        defer { condition.unlock() }
        var nudged = false
        while used > 0, used + n > limit {
            if !nudged {
                condition.unlock()
                beforeWaiting()
                condition.lock()
                nudged = true
                continue
            }
            condition.wait()
        }
        used += n
    }

    func release(_ n: Int) {
        condition.lock()
        used -= n
        condition.broadcast()
        condition.unlock()
    }
}

/// One pass: every source's waiting messages into the store, then the spool out through the sender.
/// Small named steps (fdm), each message committed before its source is told it is done.
public struct IntakeRun {
    public let processor: IntakeProcessor
    public let sources: [any MailSource]
    public let sender: (any MailSender)?
    let logger: Logger
    /// Asked between messages; a SIGTERM sets it so the message in hand finishes and the pass stops.
    public var shouldStop: @Sendable () -> Bool = { false }
    /// Told after each message: (source, done so far, waiting in all) — for progress on a terminal.
    public var progress: ((String, Int, Int) -> Void)?
    /// A retry waits for its time (`--watch`); a one-off run retries everything queued now.
    public var honourRetryTimes = false
    /// Who this pass claims mail and mailboxes as; other processes on the same store skip what it
    /// holds. The command line gives its own process (`LocalProcessClaimant`).
    public var claimant = Claimant(id: "intake-run", hasStopped: { _ in false })
    /// How long a claim or a mailbox lease holds without renewal: a holder killed on another
    /// machine blocks its mail this long at most (one on this machine, not at all).
    public var claimSeconds: TimeInterval = 300
    /// Queued mails claimed at a time.
    public var claimBatch = 20

    public init(processor: IntakeProcessor, sources: [any MailSource], sender: (any MailSender)?, logger: Logger) {
        self.processor = processor
        self.sources = sources
        self.sender = sender
        self.logger = logger
    }

    /// One pass. A fault of ours ends it early, recorded in the summary's `fault` (what was
    /// committed before stays committed and its sources are told).
    public func pass() -> PassSummary {
        var summary = PassSummary()
        for source in sources {
            if shouldStop() { break }
            do {
                try drain(source, into: &summary)
                try source.flush()
            } catch let fault as IntakeFault {
                // Whatever was committed before the fault is still moved: finish() was called for it.
                try? source.flush()
                summary.fault = fault
                logger.error("pass stopped by a fault of ours", metadata: ["error": "\(fault)"])
                return summary
            } catch {
                // This source is unreachable or refused us; what it had is still there for the next pass.
                summary.sourceErrors.append("\(source.name): \(error)")
                logger.error("mailbox could not be read", metadata: ["imap.mailbox": "\(source.name)", "error": "\(error)"])
            }
        }
        if let sender, !shouldStop() {
            do { try deliver(through: sender, into: &summary) } catch {
                summary.fault = IntakeFault(source: nil, step: "recording what the mail server took", underlying: error)
                logger.error("delivery stopped by a fault of ours", metadata: ["error": "\(summary.fault?.description ?? "")"])
            }
        }
        return summary
    }

    /// Messages committed together (group commit), bounded in count and in bytes.
    public var batchMessages = 32
    public var batchBytes = 8 << 20

    /// Takes in every waiting message of one source in three overlapping stages: this thread talks
    /// to the source (load, and `finish` once a message is committed), a second parses and
    /// classifies, a third commits in batches. So the server's latency, our parsing and the
    /// store's writes run side by side; the source's connection stays on this thread; nothing is
    /// finished before it is committed; loaded-but-uncommitted bytes stay under a budget.
    func drain(_ source: any MailSource, into summary: inout PassSummary) throws {
        let store = self.processor.store, clock = self.processor.clock
        let claimant = self.claimant
        func lease() throws -> String? {
            let now = clock.now()
            do { return try store.leaseSource(source.name, by: claimant, now: now, until: now.addingTimeInterval(claimSeconds)) } catch {
                throw IntakeFault(source: nil, step: "leasing mailbox \(source.name)", underlying: error)
            }
        }
        if let holder = try lease() {
            summary.busySources.append("mailbox \(source.name) is being read by another hotline process (\(holder)); skipped this pass")
            logger.notice("mailbox busy: skipped", metadata: ["imap.mailbox": "\(source.name)", "holder": "\(holder)"])
            return
        }
        defer { try? store.releaseSource(source.name, by: claimant.id) }
        var renewed = clock.now()
        /// Renews the lease a third of the way through it; false when another process took it over.
        func keepLease() throws -> Bool {
            guard clock.now().timeIntervalSince(renewed) > claimSeconds / 3 else { return true }
            renewed = clock.now()
            return try lease() == nil
        }
        let keys = try source.pending()
        let role = source.role
        let preparer = DispatchQueue(label: "hotline.intake.prepare")
        let committer = DispatchQueue(label: "hotline.intake.commit")
        let budget = ByteBudget(limit: 3 * batchBytes)
        let commitSlots = DispatchSemaphore(value: 2)
        let done = DoneQueue()
        let pending = BatchBuffer()
        let (maxMessages, maxBytes) = (batchMessages, batchBytes)
        let processor = self.processor
        var finished = 0

        /// Tells the source about every committed message; one that a fault of ours kept out is
        /// left where it is, and the first such fault stops the drain once the others are told.
        func finishCompleted() throws {
            var fault: IntakeFault?
            for (key, outcome) in done.takeAll() {
                guard let entry = record(outcome, key: key, into: &summary) else {
                    if case .failure(let error) = outcome.result, fault == nil {
                        fault = error as? IntakeFault ?? IntakeFault(source: outcome.incomingKey, step: "taking in", underlying: error)
                    }
                    continue
                }
                try source.finish(key, disposition: entry.disposition, reason: entry.reason)
                finished += 1
                progress?(source.name, finished, keys.count)
            }
            if let fault { throw fault }
        }
        /// Runs on the preparer: hands the gathered batch to the committer.
        @Sendable func sendBatch() {
            let (work, bytes) = pending.take()
            guard !work.isEmpty else { return }
            commitSlots.wait()
            committer.async {
                let results = processor.commit(work.map(\.message), role: role)
                for (item, result) in zip(work, results) { done.push(item.key, incomingKey: item.message.incoming.key, result) }
                budget.release(bytes)
                commitSlots.signal()
            }
        }
        func settle() throws {
            preparer.sync { sendBatch() }
            committer.sync {}
            try finishCompleted()
        }

        defer {
            preparer.sync { sendBatch() }
            committer.sync {}
        }
        for key in keys {
            if shouldStop() { break }
            guard try keepLease() else {
                logger.warning("mailbox lease lost to another process: stopping this mailbox", metadata: ["imap.mailbox": "\(source.name)"])
                break
            }
            summary.fetched += 1
            let incoming: IncomingMessage
            do {
                incoming = try source.load(key)
            } catch let error as SourceReadError {
                try settle()
                let entry = try recordUnreadable(key, reason: error.reason)
                summary.count(.quarantined)
                try source.finish(key, disposition: entry.disposition, reason: entry.reason)
                continue
            }  // any other load error: the source is unreachable; what was loaded is still committed (defer)
            // Waiting for room: first push out a half-gathered batch, or nothing would free it.
            budget.acquire(incoming.raw.count) { preparer.async { sendBatch() } }
            preparer.async {
                pending.append(key, processor.prepared(incoming, role: role), bytes: incoming.raw.count)
                if pending.count >= maxMessages || pending.bytes >= maxBytes { sendBatch() }
            }
            try finishCompleted()
        }
        try settle()
    }

    /// Counts a committed message and returns its entry; nil for one a fault of ours kept out
    /// (processing throws only for our faults — bad mail is data — so it is never quarantined).
    func record(_ outcome: DoneQueue.Outcome, key: SourceKey, into summary: inout PassSummary) -> IntakeEntry? {
        switch outcome.result {
        case .success(let result):
            if result.alreadyRecorded { summary.alreadyDone += 1 } else { summary.count(result.entry.disposition) }
            return result.entry
        case .failure(let error):
            logger.error("message left in place: a fault of ours", metadata: ["source": "\(key)", "error": "\(error)"])
            summary.leftInPlace += 1
            return nil
        }
    }

    func recordUnreadable(_ key: SourceKey, reason: String) throws -> IntakeEntry {
        let now = processor.clock.now()
        do {
            return try processor.store.transaction { tx in
                if let done = try tx.intakeEntry(for: key) { return done }
                let e = IntakeEntry(source: key, rawSHA256: nil, messageID: nil, dedupKey: nil, disposition: .quarantined,
                                    caseNumber: nil, reason: reason, at: now)
                try tx.recordIntake(e)
                return e
            }
        } catch {
            throw IntakeFault(source: key, step: "recording", underlying: error)
        }
    }

    /// Hands the spooled mail to the sender. A failure stays in the spool with the time of its next
    /// attempt (backing off 1, 2, 4… minutes, at most an hour); a permanent refusal is marked failed
    /// for staff to see (`hotline outbox`); an unreachable server ends delivery for this pass.
    ///
    /// Each mail is claimed in the store before it is handed over, a few at a time, so that two
    /// processes on one store never send the same mail; a claim not used (the pass stopped) is
    /// given back. One SIGKILLed between the server's "queued as" and `markSent` is the one mail
    /// that can go twice: the server has it, the store does not know.
    public func deliver(through sender: any MailSender, into summary: inout PassSummary) throws {
        let store = processor.store
        defer { try? store.releaseMailClaims(by: claimant.id) }
        var lastID: Int64 = 0
        while !shouldStop() {
            let now = processor.clock.now()
            let batch = try store.claimQueuedMail(limit: claimBatch, afterID: lastID, now: now, honourRetryTimes: honourRetryTimes,
                                                  by: claimant, until: now.addingTimeInterval(claimSeconds))
            guard let last = batch.last else { return }
            lastID = last.id
            guard try send(batch, through: sender, into: &summary) else { return }
        }
    }

    /// Sends claimed mail; false when the server is unreachable (the rest waits for the next pass).
    func send(_ batch: [QueuedMail], through sender: any MailSender, into summary: inout PassSummary) throws -> Bool {
        for queued in batch {
            if shouldStop() { return false }
            do {
                var mail = queued.mail
                // Held for a dispatch batch: dated when it leaves (the stored bytes keep the issue time).
                if mail.sendAfter != nil {
                    mail.raw = MailComposer.redate(mail.raw, date: processor.clock.now(), timeZone: processor.settings.timeZone)
                }
                let proof = try sender.send(mail)
                try processor.store.markSent(queued.id, proof: proof, at: processor.clock.now())
                summary.sent += 1
            } catch {
                let failure = error as? DeliveryFailure
                let permanent = failure?.permanent ?? false
                let retryAt = permanent ? nil : processor.clock.now().addingTimeInterval(Self.backoff(attempts: queued.attempts + 1))
                try processor.store.markFailed(queued.id, error: "\(error)", retryAt: retryAt, at: processor.clock.now())
                summary.sendFailures += 1
                logger.warning("sending failed", metadata: ["mail.id": "\(queued.mail.messageID)", "error": "\(error)",
                                                            "permanent": "\(permanent)"])
                if failure?.serverUnreachable ?? false { return false }
            }
        }
        return true
    }

    /// Seconds before attempt `attempts + 1`: 60 · 2^(attempts−1), at most an hour.
    public static func backoff(attempts: Int) -> TimeInterval {
        min(3600, 60 * pow(2, Double(max(0, attempts - 1))))
    }
}
