import Foundation
import Logging

/// One process's lease on one mailbox for the time of a drain (issue 9, item 2): taken before the
/// mailbox is listed, renewed a third of the way through, given back after the held-back moves.
/// A second process on the same store that finds the lease held by a live holder skips the mailbox.
struct MailboxLease {
    let store: any CaseStore
    let source: String
    let claimant: Claimant
    let clock: any Clock
    let seconds: TimeInterval
    private var takenAt: Date?

    init(store: any CaseStore, source: String, claimant: Claimant, clock: any Clock, seconds: TimeInterval) {
        self.store = store
        self.source = source
        self.claimant = claimant
        self.clock = clock
        self.seconds = seconds
    }

    /// Takes (or renews) the lease; the live holder that has it when it is not ours.
    mutating func take() throws -> String? {
        let now = clock.now()
        let holder: String?
        do { holder = try store.leaseSource(source, by: claimant, now: now, until: now.addingTimeInterval(seconds)) } catch {
            throw IntakeFault(.leasingMailbox, detail: source, underlying: error)
        }
        if holder == nil { takenAt = now }
        return holder
    }

    /// Renews the lease when a third of it has passed; false when another process took it over.
    mutating func keep() throws -> Bool {
        guard let takenAt else { return false }
        guard clock.now().timeIntervalSince(takenAt) > seconds / 3 else { return true }
        return try take() == nil
    }

    func release(logger: Logger) {
        guard takenAt != nil else { return }
        do { try store.releaseSource(source, by: claimant.id) } catch {
            logger.warning("mailbox lease not given back; it expires by itself", metadata: ["imap.mailbox": "\(source)", "error": "\(error)"])
        }
    }
}
