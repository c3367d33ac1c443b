import Foundation
import HotlineMail
import Logging

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
    /// holds. The command line gives its own process (`LocalProcessClaimant`), tests a name.
    public var claimant: Claimant
    /// How long a claim or a mailbox lease holds without renewal: a holder killed on another
    /// machine blocks its mail this long at most (one on this machine, not at all).
    public var claimSeconds: TimeInterval = 300
    /// Queued mails claimed at a time.
    public var claimBatch = 20
    /// The clock's work, done each pass after the sources (nil: no clock).
    public var clockPass: ClockPass?

    public init(processor: IntakeProcessor, sources: [any MailSource], sender: (any MailSender)?, claimant: Claimant, logger: Logger) {
        self.processor = processor
        self.sources = sources
        self.sender = sender
        self.claimant = claimant
        self.logger = logger
    }

    /// One pass. A fault of ours stops the source it struck (what was committed before is still
    /// finished and moved) and is recorded in the summary; the other sources and the spool still go
    /// (against a store that is down they stop at their first write, losing nothing).
    public func pass() -> PassSummary {
        var summary = PassSummary()
        for source in sources {
            if shouldStop() { break }
            do {
                try read(source, into: &summary)
            } catch let fault as IntakeFault {
                summary.record(fault)
                logger.error("a fault of ours stopped this mailbox", metadata: ["imap.mailbox": "\(source.name)", "error": "\(fault)"])
            } catch {
                // This source is unreachable or refused us; what it had is still there for the next pass.
                summary.sourceErrors.append("\(source.name): \(error)")
                logger.error("mailbox could not be read", metadata: ["imap.mailbox": "\(source.name)", "error": "\(error)"])
            }
        }
        // The clock's reminders, sheets and alerts, before the spool goes out (issue 11, item 6).
        if let clockPass, !shouldStop() {
            do {
                let clock = try clockPass.run()
                summary.clock = clock
                if let failure = clock.firstFailure { summary.record(IntakeFault(.clock, reason: failure)) }
            } catch {
                summary.record(IntakeFault(.clock, underlying: error))
                logger.error("a fault of ours stopped the clock's pass", metadata: ["error": "\(error)"])
            }
        }
        if let sender, !shouldStop() {
            do { try deliver(through: sender, into: &summary) } catch let fault as IntakeFault {
                summary.record(fault)
                logger.error("a fault of ours stopped delivery", metadata: ["error": "\(fault)"])
            } catch {
                summary.record(IntakeFault(.sending, underlying: error))
            }
        }
        return summary
    }

    /// One source under its lease: drained, then flushed (the held-back moves done) before the
    /// lease is given back, so no second reader sees a committed message still waiting.
    func read(_ source: any MailSource, into summary: inout PassSummary) throws {
        var lease = MailboxLease(store: processor.store, source: source.name, claimant: claimant, clock: processor.clock,
                                 seconds: claimSeconds)
        if let holder = try lease.take() {
            summary.busySources.append(BusySource(mailbox: source.name, holder: holder))
            logger.notice("mailbox busy: skipped", metadata: ["imap.mailbox": "\(source.name)", "holder": "\(holder)"])
            return
        }
        defer { lease.release(logger: logger) }
        do {
            try drain(source, lease: &lease, into: &summary)
        } catch let fault as IntakeFault {
            // What was committed before the fault is still moved: finish() was called for it.
            do { try source.flush() } catch {
                logger.error("moving committed messages failed; the next pass moves them", metadata: ["error": "\(error)"])
            }
            throw fault
        }
        try source.flush()
    }

    /// Messages committed together (group commit), bounded in count and in bytes.
    public var batchMessages = 32
    public var batchBytes = 8 << 20

    /// Takes in every waiting message of one source in three overlapping stages: this thread talks
    /// to the source (load, and `finish` once a message is committed), a second parses and
    /// classifies, a third commits in batches. So the server's latency, our parsing and the
    /// store's writes run side by side; the source's connection stays on this thread; nothing is
    /// finished before it is committed; loaded-but-uncommitted bytes stay under a budget.
    ///
    /// A fault of ours stops the drain; batches already handed to the committer still commit (and
    /// are finished by the next pass, which finds them recorded).
    func drain(_ source: any MailSource, lease: inout MailboxLease, into summary: inout PassSummary) throws {
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
                        fault = error as? IntakeFault ?? IntakeFault(.takingIn, message: outcome.incomingKey, underlying: error)
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
            guard try lease.keep() else {
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
            throw IntakeFault(.takingIn, message: key, underlying: error)
        }
    }
}
