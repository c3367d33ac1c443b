import Foundation
import HotlineMail

extension IntakeRun {
    /// Hands the spooled mail to the sender. A failure stays in the spool with the time of its next
    /// attempt (backing off 1, 2, 4… minutes, at most an hour); a permanent refusal is marked failed
    /// for staff to see (`hotline outbox`); an unreachable server ends delivery for this pass.
    ///
    /// Each mail is claimed in the store before it is handed over, a few at a time, and the claim
    /// is checked again (and renewed) just before it goes, so that two processes on one store never
    /// send the same mail even when a slow server outlasts a claim (issue 9, item 2). Claims not
    /// used (the pass stopped) are given back. The one mail that can go twice is one a SIGKILL
    /// catches between the server's "queued as" and `markSent`: the server has it, the store does not.
    public func deliver(through sender: any MailSender, into summary: inout PassSummary) throws {
        let store = processor.store
        var keepClaims = false
        defer {
            if !keepClaims {
                do { try store.releaseMailClaims(by: claimant.id) } catch {
                    logger.warning("claims on outgoing mail not given back; they expire by themselves", metadata: ["error": "\(error)"])
                }
            }
        }
        var lastID: Int64 = 0
        while !shouldStop() {
            let now = processor.clock.now()
            let batch: [QueuedMail]
            do {
                batch = try store.claimQueuedMail(limit: claimBatch, afterID: lastID, now: now, honourRetryTimes: honourRetryTimes,
                                                  by: claimant, until: now.addingTimeInterval(claimSeconds))
            } catch {
                throw IntakeFault(.claimingMail, underlying: error)
            }
            guard let last = batch.last else { return }
            lastID = last.id
            do {
                guard try send(batch, through: sender, into: &summary) else { return }
            } catch let fault as IntakeFault {
                keepClaims = fault.step == .recordingSent
                throw fault
            }
        }
    }

    /// Sends claimed mail; false when the server is unreachable (the rest waits for the next pass).
    func send(_ batch: [QueuedMail], through sender: any MailSender, into summary: inout PassSummary) throws -> Bool {
        let store = processor.store
        for queued in batch {
            if shouldStop() { return false }
            let now = processor.clock.now()
            let stillOurs: Bool
            do { stillOurs = try store.renewMailClaim(queued.id, by: claimant, now: now, until: now.addingTimeInterval(claimSeconds)) } catch {
                throw IntakeFault(.claimingMail, detail: queued.mail.messageID, underlying: error)
            }
            guard stillOurs else {
                logger.notice("claim on a mail lapsed and another process took it", metadata: ["mail.id": "\(queued.mail.messageID)"])
                continue
            }
            var mail = queued.mail
            // Held for a dispatch batch: dated when it leaves (the stored bytes keep the issue time).
            if mail.sendAfter != nil {
                mail.raw = MailComposer.redate(mail.raw, date: now, timeZone: processor.settings.timeZone)
            }
            let proof: String
            do {
                proof = try sender.send(mail)
            } catch {
                let failure = error as? DeliveryFailure
                let permanent = failure?.permanent ?? false
                let retryAt = permanent ? nil : processor.clock.now().addingTimeInterval(Self.backoff(attempts: queued.attempts + 1))
                do { try store.markFailed(queued.id, error: "\(error)", retryAt: retryAt, at: processor.clock.now()) } catch {
                    throw IntakeFault(.sending, detail: queued.mail.messageID, underlying: error)
                }
                summary.sendFailures += 1
                logger.warning("sending failed", metadata: ["mail.id": "\(queued.mail.messageID)", "error": "\(error)",
                                                            "permanent": "\(permanent)"])
                if failure?.serverUnreachable ?? false { return false }
                continue
            }
            // The server has it: a failure to record that is ours, and must not make it go again.
            do { try store.markSent(queued.id, proof: proof, at: processor.clock.now()) } catch {
                throw IntakeFault(.recordingSent, detail: queued.mail.messageID, underlying: error)
            }
            summary.sent += 1
        }
        return true
    }

    /// Seconds before attempt `attempts + 1`: 60 · 2^(attempts−1), at most an hour.
    public static func backoff(attempts: Int) -> TimeInterval {
        min(3600, 60 * pow(2, Double(max(0, attempts - 1))))
    }
}
