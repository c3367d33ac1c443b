import Foundation

/// Who holds a claim in the store — on queued outgoing mail, or a lease on a mailbox: one running
/// `hotline` process, named so that another process on the same store can tell whether it still
/// runs (issue 9, item 2).
///
/// Several processes may share one store (a cron `hotline run` beside a running `--watch`). A mail
/// is claimed in the store before it is handed to the server, so only one of them sends it; a
/// mailbox is leased for the time of a drain, so only one of them reads it. Every claim carries an
/// expiry: the claims of a process that was killed come back once they expire — at once, when
/// `hasStopped` can tell that the process is gone (a process of this machine that no longer runs).
public struct Claimant: Sendable {
    /// Stored with each claim: for a process, `host pid start-time`.
    public let id: String
    /// Whether the holder named `id` has certainly stopped. When it cannot tell (another machine),
    /// it says false and the claim waits for its expiry.
    public let hasStopped: @Sendable (String) -> Bool

    public init(id: String, hasStopped: @escaping @Sendable (String) -> Bool) {
        self.id = id
        self.hasStopped = hasStopped
    }

    /// Whether a claim held by `holder` until `until` may be taken at `now`.
    public func mayTake(heldBy holder: String?, until: Date?, now: Date) -> Bool {
        guard let holder, holder != id else { return true }
        guard let until, until > now else { return true }
        return hasStopped(holder)
    }
}

/// The store's part in claims: outgoing mail and mailbox leases (both stores implement it alike).
public protocol ClaimStore {
    /// Claims for `claimant`, until `until`, up to `limit` queued mails that may go out at `now`
    /// (as `queuedMail`), with an id above `afterID`, that no other live claimant holds; oldest first.
    /// Sending, then `markSent`/`markFailed`, ends the claim.
    func claimQueuedMail(limit: Int, afterID: Int64, now: Date, honourRetryTimes: Bool, by claimant: Claimant,
                         until: Date) throws -> [QueuedMail]
    /// Renews `claimant`'s claim on the queued mail `id` until `until`, just before it is sent;
    /// false when the claim is no longer its own (it lapsed and another claimant took it) or the
    /// mail is no longer queued.
    func renewMailClaim(_ id: Int64, by claimant: Claimant, now: Date, until: Date) throws -> Bool
    /// Gives back the claims `claimantID` holds on mail it did not send (a pass stopped early).
    func releaseMailClaims(by claimantID: String) throws
    /// Takes or renews the lease on the mailbox `source` for `claimant` until `until`. Returns nil
    /// when the lease is `claimant`'s now, else the id of the live holder that has it.
    func leaseSource(_ source: String, by claimant: Claimant, now: Date, until: Date) throws -> String?
    /// Ends `claimantID`'s lease on `source`, if it holds it.
    func releaseSource(_ source: String, by claimantID: String) throws
}
