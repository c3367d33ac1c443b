import Foundation

/// Names one message at its source: a file in a folder, or (mailbox, UIDVALIDITY, UID) on IMAP.
public struct SourceKey: Hashable, Sendable, Codable, CustomStringConvertible {
    public var source: String
    public var key: String

    public init(source: String, key: String) {
        self.source = source
        self.key = key
    }

    public var description: String { "\(source):\(key)" }
}

/// What intake did with one source message. Every message gets exactly one entry.
public enum IntakeDisposition: String, Sendable, Codable, CaseIterable {
    /// Opened a new case.
    case newCase = "case"
    /// Added to an existing case as a reply.
    case reply
    /// The same message was taken in before.
    case duplicate
    /// An auto-reply, bounce or list mail: no case, no answer.
    case automatic
    /// Could not be taken in; kept aside with the reason.
    case quarantined
    /// Needs a clerk: a unit's reply that matched no case.
    case holding
}

/// A row of the intake log.
public struct IntakeEntry: Sendable, Equatable, Codable {
    public var source: SourceKey
    public var rawSHA256: String?
    public var messageID: String?
    public var dedupKey: String?
    public var disposition: IntakeDisposition
    public var caseNumber: CaseNumber?
    public var reason: String
    public var at: Date

    public init(source: SourceKey, rawSHA256: String?, messageID: String?, dedupKey: String?,
                disposition: IntakeDisposition, caseNumber: CaseNumber?, reason: String, at: Date) {
        self.source = source
        self.rawSHA256 = rawSHA256
        self.messageID = messageID
        self.dedupKey = dedupKey
        self.disposition = disposition
        self.caseNumber = caseNumber
        self.reason = reason
        self.at = at
    }
}

/// A message hotline wrote, waiting in the durable spool until a sender hands it over.
public struct OutgoingMail: Sendable, Equatable {
    public var caseNumber: CaseNumber?
    /// `acknowledgement`, `guidance`…
    public var purpose: String
    /// Without angle brackets.
    public var messageID: String
    public var recipients: [String]
    public var raw: [UInt8]
    /// Not to be sent before this moment: routine forms wait for the next dispatch batch (RULES.md §6).
    public var sendAfter: Date?

    public init(caseNumber: CaseNumber?, purpose: String, messageID: String, recipients: [String], raw: [UInt8],
                sendAfter: Date? = nil) {
        self.caseNumber = caseNumber
        self.purpose = purpose
        self.messageID = messageID
        self.recipients = recipients
        self.raw = raw
        self.sendAfter = sendAfter
    }
}

/// An outgoing mail as the spool holds it.
public struct QueuedMail: Sendable, Equatable {
    public enum Status: String, Sendable, Codable { case queued, sent, failed }
    public var id: Int64
    public var mail: OutgoingMail
    public var status: Status
    public var attempts: Int
    public var lastError: String?
    /// What the sender gave as proof of handing over (an SMTP queue id, a file path).
    public var proof: String?
    public var nextAttemptAt: Date?
    /// When the sender took it (the server's "queued as").
    public var sentAt: Date?

    public init(id: Int64, mail: OutgoingMail, status: Status, attempts: Int, lastError: String? = nil, proof: String? = nil,
                nextAttemptAt: Date? = nil, sentAt: Date? = nil) {
        self.nextAttemptAt = nextAttemptAt
        self.sentAt = sentAt
        self.id = id
        self.mail = mail
        self.status = status
        self.attempts = attempts
        self.lastError = lastError
        self.proof = proof
    }
}

/// Which cases to list.
public struct CaseFilter: Sendable, Equatable {
    public var state: CaseState?
    public var kind: MatterKind?
    public var handlingClass: HandlingClass?
    /// Received on or after.
    public var since: Date?
    /// Received before.
    public var until: Date?
    public var limit: Int?

    public init(state: CaseState? = nil, kind: MatterKind? = nil, handlingClass: HandlingClass? = nil,
                since: Date? = nil, until: Date? = nil, limit: Int? = nil) {
        self.state = state
        self.kind = kind
        self.handlingClass = handlingClass
        self.since = since
        self.until = until
        self.limit = limit
    }
}

/// The operations intake needs inside one transaction: everything it does to the store for one
/// message either happens together or not at all.
public protocol CaseStoreSession: ClockStoreSession {
    func intakeEntry(for source: SourceKey) throws -> IntakeEntry?
    /// The case a message with this dedup key opened or joined, if any.
    func caseForDedupKey(_ key: String) throws -> CaseNumber?
    /// The case that one of these Message-IDs belongs to: mail we sent for it, or mail taken into it.
    func caseCited(byMessageIDs ids: [String]) throws -> CaseNumber?
    func caseRecord(_ number: CaseNumber) throws -> CaseRecord?
    /// Stores raw bytes under their SHA-256; storing the same bytes again is a no-op.
    func storeRawMessage(sha256: String, bytes: [UInt8]) throws
    /// The next number of that day, never given before.
    func allocateCaseNumber(prefix: String, day: String) throws -> CaseNumber
    func insertCase(_ record: CaseRecord) throws
    func updateCase(_ record: CaseRecord) throws
    func addAttachments(_ attachments: [StoredAttachment], to number: CaseNumber) throws
    func appendEvent(_ event: CaseEvent, to number: CaseNumber) throws
    func recordIntake(_ entry: IntakeEntry) throws
    func queueOutgoing(_ mail: OutgoingMail) throws
    /// The next form number of that kind and year, never given before.
    func allocateFormNumber(kind: FormKind, year: Int) throws -> FormNumber
    func insertForm(_ form: IssuedForm) throws
    /// The forms issued on a case, in the order they were issued.
    func forms(of number: CaseNumber) throws -> [IssuedForm]
    /// The case's history so far, oldest first.
    func events(of number: CaseNumber) throws -> [CaseEvent]
    /// The last `count` events of the case's history, oldest first.
    func events(of number: CaseNumber, last count: Int) throws -> [CaseEvent]
    /// The case of the mail *we sent* with one of these Message-IDs for `purposes` (a form mail, a
    /// return notice) — never of mail taken in, whose Message-ID anyone may choose.
    func caseOfOurMail(messageIDs: [String], purposes: [String]) throws -> CaseNumber?
    /// When our mail with this Message-ID was handed to the mail server, if it has been.
    func sentAt(messageID: String) throws -> Date?
    /// The case a held item (its source key) was attached to, if a clerk attached it.
    func caseHoldingAttached(source: String) throws -> CaseNumber?
}

/// The case store. SQLite is the embedded default; the protocol leaves room for a server database.
public protocol CaseStore: ClaimStore, ClockStore, Sendable {
    /// Runs `body` in one write transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: (any CaseStoreSession) throws -> T) throws -> T
    func cases(_ filter: CaseFilter) throws -> [CaseRecord]
    func caseRecord(_ number: CaseNumber) throws -> CaseRecord?
    func events(of number: CaseNumber) throws -> [CaseEvent]
    func intakeEntries(limit: Int) throws -> [IntakeEntry]
    func rawMessage(sha256: String) throws -> [UInt8]?
    /// Queued mail that may go out at `now`, oldest first: never before its `sendAfter` (a dispatch
    /// batch); with `honourRetryTimes`, not before its next retry either (a one-off pass retries at once).
    func queuedMail(limit: Int, now: Date, honourRetryTimes: Bool) throws -> [QueuedMail]
    /// Every outgoing mail, newest first (`hotline outbox`).
    func outgoing(limit: Int) throws -> [QueuedMail]
    func markSent(_ id: Int64, proof: String, at: Date) throws
    /// A failed attempt: `retryAt` when to try again, nil for a permanent failure.
    func markFailed(_ id: Int64, error: String, retryAt: Date?, at: Date) throws
    func forms(of number: CaseNumber) throws -> [IssuedForm]
    func form(_ number: FormNumber) throws -> IssuedForm?
    /// The holding queue: mail that matched no case (disposition `holding`) and that no clerk has
    /// attached yet (a `holding-attached` event names its source), oldest first.
    func holding(limit: Int) throws -> [IntakeEntry]
}
