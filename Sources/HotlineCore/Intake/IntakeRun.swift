import Foundation
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

    public init(processor: IntakeProcessor, sources: [any MailSource], sender: (any MailSender)?, logger: Logger) {
        self.processor = processor
        self.sources = sources
        self.sender = sender
        self.logger = logger
    }

    public func pass() throws -> PassSummary {
        var summary = PassSummary()
        for source in sources {
            for key in try source.pending() {
                if shouldStop() { return summary }
                try take(key, from: source, into: &summary)
            }
        }
        if let sender { try deliver(through: sender, into: &summary) }
        return summary
    }

    func take(_ key: SourceKey, from source: any MailSource, into summary: inout PassSummary) throws {
        summary.fetched += 1
        let entry: IntakeEntry
        do {
            let incoming = try source.load(key)
            let result = try processor.process(incoming, role: source.role)
            entry = result.entry
            if result.alreadyRecorded { summary.alreadyDone += 1 } else { summary.count(entry.disposition) }
        } catch let error as SourceReadError {
            entry = try recordUnreadable(key, reason: error.reason)
            summary.count(.quarantined)
        } catch {
            // A store failure for this message alone: keep it aside with the reason and go on.
            // If even that cannot be recorded, the store is down: stop the pass, nothing is lost.
            logger.error("message failed", metadata: ["source": "\(key)", "error": "\(error)"])
            entry = try recordUnreadable(key, reason: "processing failed: \(error)")
            summary.count(.quarantined)
        }
        try source.finish(key, disposition: entry.disposition, reason: entry.reason)
    }

    func recordUnreadable(_ key: SourceKey, reason: String) throws -> IntakeEntry {
        let now = processor.clock.now()
        return try processor.store.transaction { tx in
            if let done = try tx.intakeEntry(for: key) { return done }
            let e = IntakeEntry(source: key, rawSHA256: nil, messageID: nil, dedupKey: nil, disposition: .quarantined,
                                caseNumber: nil, reason: reason, at: now)
            try tx.recordIntake(e)
            return e
        }
    }

    /// Hands the spooled mail to the sender; a failure stays in the spool for the next pass.
    public func deliver(through sender: any MailSender, into summary: inout PassSummary) throws {
        for queued in try processor.store.queuedMail(limit: 10_000) {
            if shouldStop() { return }
            do {
                let proof = try sender.send(queued.mail)
                try processor.store.markSent(queued.id, proof: proof, at: processor.clock.now())
                summary.sent += 1
            } catch {
                try processor.store.markFailed(queued.id, error: "\(error)", permanent: false, at: processor.clock.now())
                summary.sendFailures += 1
                logger.warning("sending failed", metadata: ["mail.id": "\(queued.mail.messageID)", "error": "\(error)"])
            }
        }
    }
}
