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

    public init(processor: IntakeProcessor, sources: [any MailSource], sender: (any MailSender)?, logger: Logger) {
        self.processor = processor
        self.sources = sources
        self.sender = sender
        self.logger = logger
    }

    public func pass() throws -> PassSummary {
        var summary = PassSummary()
        for source in sources {
            if shouldStop() { break }
            do {
                try drain(source, into: &summary)
                try source.flush()
            } catch let error as StoreFailure {
                throw error.underlying
            } catch {
                // This source is unreachable or refused us; what it had is still there for the next pass.
                summary.sourceErrors.append("\(source.name): \(error)")
                logger.error("mailbox could not be read", metadata: ["imap.mailbox": "\(source.name)", "error": "\(error)"])
            }
        }
        if let sender, !shouldStop() { try deliver(through: sender, into: &summary) }
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

        func finishCompleted() throws {
            for (key, outcome) in done.takeAll() {
                let entry = try record(outcome, key: key, into: &summary)
                try source.finish(key, disposition: entry.disposition, reason: entry.reason)
                finished += 1
                progress?(source.name, finished, keys.count)
            }
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

    /// Counts a processed message; a store failure for it alone is kept aside as quarantined.
    func record(_ outcome: DoneQueue.Outcome, key: SourceKey, into summary: inout PassSummary) throws -> IntakeEntry {
        switch outcome.result {
        case .success(let result):
            if result.alreadyRecorded { summary.alreadyDone += 1 } else { summary.count(result.entry.disposition) }
            return result.entry
        case .failure(let error):
            // If even the quarantine entry cannot be recorded, the store is down: stop, nothing is lost.
            logger.error("message failed", metadata: ["source": "\(key)", "error": "\(error)"])
            let entry = try recordUnreadable(outcome.incomingKey, reason: "processing failed: \(error)")
            summary.count(.quarantined)
            return entry
        }
    }

    /// A store failure: it stops the pass (nothing is lost, nothing was moved).
    struct StoreFailure: Error {
        var underlying: any Error
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
            throw StoreFailure(underlying: error)
        }
    }

    /// Hands the spooled mail to the sender. A failure stays in the spool with the time of its next
    /// attempt (backing off 1, 2, 4… minutes, at most an hour); a permanent refusal is marked failed
    /// for staff to see (`hotline outbox`); an unreachable server ends delivery for this pass.
    public func deliver(through sender: any MailSender, into summary: inout PassSummary) throws {
        let now = processor.clock.now()
        for queued in try processor.store.queuedMail(limit: 100_000, now: now, honourRetryTimes: honourRetryTimes) {
            if shouldStop() { return }
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
                if failure?.serverUnreachable ?? false { return }
            }
        }
    }

    /// Seconds before attempt `attempts + 1`: 60 · 2^(attempts−1), at most an hour.
    public static func backoff(attempts: Int) -> TimeInterval {
        min(3600, 60 * pow(2, Double(max(0, attempts - 1))))
    }
}
