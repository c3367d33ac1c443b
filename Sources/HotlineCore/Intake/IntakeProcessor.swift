import Foundation
import HotlineMail
import Logging

/// Takes one incoming message into the store: a new case, a reply on a case, a duplicate, automatic
/// mail, or quarantine — exactly one of them, committed in one transaction (issue 2, item 7).
///
/// Attachments go to the vault first (content-addressed, so a crash leaves at most an unreferenced
/// file); then one transaction records the raw message, the case or reply, its events, the intake
/// log entry and the queued acknowledgement. A source may move the message only after this returns.
public final class IntakeProcessor: Sendable {
    public let store: any CaseStore
    public let vault: any AttachmentVault
    public let settings: IntakeSettings
    public let clock: any Clock
    let logger: Logger
    let nonce: @Sendable () -> String
    /// Units' replies and their feedback sheets (issue 5); nil: every reply is handled as a citizen's.
    public let returnPath: ReturnPath?

    /// The clock and the nonces (Message-IDs, MIME boundaries) come from the caller: the command
    /// line passes `SystemClock()` and `IntakeProcessor.randomNonce`, tests a fixed clock and a
    /// counter (issue 10, item 4).
    public init(store: any CaseStore, vault: any AttachmentVault, settings: IntakeSettings, clock: any Clock,
                logger: Logger, nonce: @escaping @Sendable () -> String, returnPath: ReturnPath? = nil) {
        self.returnPath = returnPath
        self.store = store
        self.vault = vault
        self.settings = settings
        self.clock = clock
        self.logger = logger
        self.nonce = nonce
    }

    public static func randomNonce() -> String {
        hexString((0..<8).map { _ in UInt8.random(in: 0...255) })
    }

    /// What became of one message; `alreadyRecorded` when an earlier pass had taken it in.
    public struct Result: Sendable {
        public var entry: IntakeEntry
        public var alreadyRecorded: Bool
    }

    /// Processes one message and returns its intake entry. Throws only when the store fails;
    /// bad mail is never an error here.
    @discardableResult
    public func process(_ incoming: IncomingMessage, role: MailboxRole) throws -> Result {
        let prepared = try prepare(incoming, role: role)
        let now = clock.now()
        return try store.transaction { tx in try record(prepared, incoming: incoming, role: role, tx: tx, now: now) }
    }

    /// Processes several messages in one transaction (group commit: one WAL write for the lot
    /// instead of one per message).
    public func process(batch: [IncomingMessage], role: MailboxRole) -> [Swift.Result<Result, any Error>] {
        commit(batch.map { prepared($0, role: role) }, role: role)
    }

    /// A message with everything worked out that needs no store: ready for `commit`.
    public struct PreparedMessage: Sendable {
        public let incoming: IncomingMessage
        let prepared: Swift.Result<Prepared, any Error>
    }

    /// Parses, classifies and files the attachments of one message; no store access, so it can
    /// run while another thread commits the previous batch.
    public func prepared(_ incoming: IncomingMessage, role: MailboxRole) -> PreparedMessage {
        PreparedMessage(incoming: incoming, prepared: Swift.Result { try prepare(incoming, role: role) })
    }

    /// Commits prepared messages in one transaction. Each message still gets exactly one entry.
    /// If the transaction fails, nothing of it stays, and the messages are committed again one at a
    /// time (as prepared: nothing is scanned twice) up to the first that fails — a fault of ours,
    /// since bad mail never throws; the rest are not tried and wait at their source with it.
    public func commit(_ batch: [PreparedMessage], role: MailboxRole) -> [Swift.Result<Result, any Error>] {
        let now = clock.now()
        do {
            return try store.transaction { tx in
                try batch.map { m in
                    switch m.prepared {
                    case .success(let ready): return .success(try record(ready, incoming: m.incoming, role: role, tx: tx, now: now))
                    case .failure(let error): return .failure(error)
                    }
                }
            }
        } catch {
            var failure: (any Error)?
            return batch.map { m in
                if let failure { return .failure(failure) }
                let one = Swift.Result { () throws -> Result in
                    let ready = try m.prepared.get()
                    return try store.transaction { tx in try record(ready, incoming: m.incoming, role: role, tx: tx, now: now) }
                }
                if case .failure(let error) = one { failure = error }
                return one
            }
        }
    }

    /// What can be worked out before the transaction: limits, the analysis, attachment files.
    enum Prepared: Sendable {
        case quarantine(reason: String)
        case analysed(IntakeAnalysis)
    }

    func prepare(_ incoming: IncomingMessage, role: MailboxRole) throws -> Prepared {
        if incoming.raw.count > settings.maxMessageBytes {
            return .quarantine(reason: "message of \(incoming.raw.count) bytes exceeds the limit of \(settings.maxMessageBytes)")
        }
        if incoming.raw.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x0A || $0 == 0x09 }) {
            return .quarantine(reason: "empty message")
        }
        var analysis = IntakeAnalysis(raw: incoming.raw, settings: settings, rawSHA256: incoming.rawSHA256)
        if analysis.automatic == nil {
            for a in analysis.attachments { try vault.put(a.bytes, storedName: a.stored.storedName) }
            // Reading the feedback sheets (XML, signatures, ODT, fax QR codes) needs no store: done here,
            // outside the transaction — and only for mail that may be a unit's reply: a citizen's
            // attachments never go through the sheet reader or its scanning tools.
            if let rp = returnPath, rp.mayBeUnitReply(analysis, role: role) {
                let read = rp.reader.readout(in: analysis.attachments, role: role)
                analysis.feedback = read.sheets
                analysis.unreadScans = read.unreadScans
                // A scanning tool that could not run is our fault: the message waits at its source.
                if let failed = read.unreadScans.first(where: { $0.reason == .toolFailed }) {
                    throw IntakeFault(.scanning, message: incoming.key, detail: failed.originalName ?? failed.attachment,
                                      reason: failed.message)
                }
            }
        }
        // Filed: the decoded bytes need not wait for the commit (a 15 MB video would).
        analysis.attachments = analysis.attachments.map { ($0.stored, []) }
        return .analysed(analysis)
    }

    /// Everything one message does to the store, inside the caller's transaction.
    func record(_ prepared: Prepared, incoming: IncomingMessage, role: MailboxRole, tx: any CaseStoreSession,
                now: Date) throws -> Result {
        if let done = try tx.intakeEntry(for: incoming.key) { return Result(entry: done, alreadyRecorded: true) }
        let entry: IntakeEntry
        switch prepared {
        case .quarantine(let reason):
            let sha = incoming.rawSHA256 ?? sha256Hex(incoming.raw)
            let keep = incoming.raw.count <= settings.maxMessageBytes
            if keep { try tx.storeRawMessage(sha256: sha, bytes: incoming.raw) }
            entry = IntakeEntry(source: incoming.key, rawSHA256: keep ? sha : nil, messageID: nil, dedupKey: nil,
                                disposition: .quarantined, caseNumber: nil, reason: reason, at: now)
            logger.warning("message quarantined", metadata: ["source": "\(incoming.key)", "reason": "\(reason)"])
        case .analysed(let analysis):
            try tx.storeRawMessage(sha256: analysis.rawSHA256, bytes: incoming.raw)
            var outcome = try decide(analysis, incoming: incoming, role: role, tx: tx, now: now)
            try recordUnreadScans(analysis, outcome: &outcome, tx: tx, now: now)
            entry = IntakeEntry(source: incoming.key, rawSHA256: analysis.rawSHA256, messageID: analysis.messageID,
                                dedupKey: analysis.dedupKey, disposition: outcome.disposition,
                                caseNumber: outcome.caseNumber, reason: outcome.reason, at: now)
            logger.debug("message taken in", metadata: [
                "source": "\(incoming.key)", "disposition": "\(entry.disposition.rawValue)",
                "case.id": "\(entry.caseNumber?.description ?? "-")", "reason": "\(entry.reason)",
            ])
        }
        try tx.recordIntake(entry)
        return Result(entry: entry, alreadyRecorded: false)
    }

    struct Outcome {
        var disposition: IntakeDisposition
        var caseNumber: CaseNumber?
        var reason: String
    }

    /// What one analysed message is: automatic mail, a duplicate, a unit's reply, or a citizen's mail.
    private func decide(_ a: IntakeAnalysis, incoming: IncomingMessage, role: MailboxRole,
                        tx: any CaseStoreSession, now: Date) throws -> Outcome {
        if let why = a.automatic {
            return Outcome(disposition: .automatic, caseNumber: nil, reason: why)
        }
        if let existing = try tx.caseForDedupKey(a.dedupKey) {
            return Outcome(disposition: .duplicate, caseNumber: existing, reason: "same message as taken into \(existing)")
        }
        // The petitioner answering our letter at the case's reply address (a direct answer, the
        // result's call-back question) is a citizen's reply, in whichever mailbox it lands.
        if let rp = returnPath, let n = try rp.petitionersReply(a, tx: tx) {
            try addReply(a, to: n, matchedBy: "the petitioner's reply address", tx: tx, now: now)
            return Outcome(disposition: .reply, caseNumber: n, reason: "the petitioner's reply at their address of the case")
        }
        if let rp = returnPath, let m = try rp.match(a, role: role, tx: tx) {
            return try rp.receive(a, number: m.number, matchedBy: m.how, trusted: m.trusted, tx: tx, now: now,
                                  receivedAt: receivedTime(a, incoming: incoming, now: now), nonce: nonce())
        }
        // A unit's mail that the return path cannot place is never taken as a citizen's: a clerk places it.
        if role == .unitReplies {
            return Outcome(disposition: .holding, caseNumber: nil, reason: "a unit's mail that matches no case")
        }
        return try citizensMail(a, incoming: incoming, role: role, tx: tx, now: now)
    }

    /// A citizen's mail: a reply on their case (our Message-ID cited, or their case number from
    /// their own address), else a new case citing any other cases it names.
    private func citizensMail(_ a: IntakeAnalysis, incoming: IncomingMessage, role: MailboxRole,
                              tx: any CaseStoreSession, now: Date) throws -> Outcome {
        var related: [CaseNumber] = []
        if let number = try tx.caseCited(byMessageIDs: a.citedMessageIDs) {
            try addReply(a, to: number, matchedBy: "in-reply-to/references", tx: tx, now: now)
            return Outcome(disposition: .reply, caseNumber: number, reason: "reply matched by message id")
        }
        for number in a.citedCaseNumbers {
            guard let record = try tx.caseRecord(number) else { continue }
            let owner = record.petitioner.email?.lowercased()
            // From only: never Reply-To or an address read from the body, which the sender chooses freely.
            if let owner, a.sender == owner {
                try addReply(a, to: number, matchedBy: "case number in subject from the petitioner", tx: tx, now: now)
                return Outcome(disposition: .reply, caseNumber: number, reason: "reply matched by case number in subject")
            }
            related.append(number)
        }
        let number = try openCase(a, incoming: incoming, role: role, related: related, tx: tx, now: now)
        return Outcome(disposition: .newCase, caseNumber: number, reason: "new case")
    }

    private func addReply(_ a: IntakeAnalysis, to number: CaseNumber, matchedBy: String,
                          tx: any CaseStoreSession, now: Date) throws {
        try tx.appendEvent(CaseEvent(at: now, actor: CaseEvent.system, .replyReceived(a.receivedMail(matchedBy: matchedBy))), to: number)
        if !a.attachments.isEmpty { try tx.addAttachments(a.attachments.map(\.stored), to: number) }
    }

    private func openCase(_ a: IntakeAnalysis, incoming: IncomingMessage, role: MailboxRole, related: [CaseNumber],
                          tx: any CaseStoreSession, now: Date) throws -> CaseNumber {
        let received = receivedTime(a, incoming: incoming, now: now)
        let number = try tx.allocateCaseNumber(prefix: settings.casePrefix, day: settings.day(of: received))
        let c = a.classification
        let guided: Bool
        if case .outOfScope = c.scope.value { guided = true } else { guided = false }
        let record = CaseRecord(
            number: number, channel: role.channel, receivedAt: received, petitioner: a.petitioner(for: role), subject: a.subject,
            text: a.text, attachments: a.attachments.map(\.stored), kind: c.kind, handlingClass: c.handlingClass,
            keyMatter: c.keyMatter, scope: c.scope, state: guided ? .guided : .registered,
            rawSHA256: a.rawSHA256, messageID: a.messageID)
        try tx.insertCase(record)
        try tx.appendEvent(CaseEvent(at: now, actor: CaseEvent.system, .registered(.init(
            source: incoming.key.description, channel: role.channel, kind: c.kind, handlingClass: c.handlingClass,
            keyMatter: c.keyMatter, scope: c.scope, state: record.state, citesCases: related))), to: number)
        if !a.message.defects.isEmpty {
            let kinds = Array(Set(a.message.defects.map(\.kind))).sorted()
            try tx.appendEvent(CaseEvent(at: now, actor: CaseEvent.system,
                                         .mailDefects(.init(count: a.message.defects.count, kinds: kinds))), to: number)
        }
        if !record.attachments.isEmpty { try tx.addAttachments(record.attachments, to: number) }

        let ack = Acknowledgement(settings: settings).compose(
            for: record, guidance: guided ? c.guidance : nil, inReplyTo: a.messageID,
            references: (a.message.references ?? []).map(IntakeAnalysis.bare), nonce: nonce(), now: now)
        if let ack {
            try tx.queueOutgoing(ack)
            try tx.appendEvent(CaseEvent(at: now, actor: CaseEvent.system, .noticeQueued(.init(
                purpose: .init(rawValue: ack.purpose) ?? .acknowledgement, messageID: ack.messageID, to: ack.recipients))), to: number)
        } else {
            try tx.appendEvent(CaseEvent(at: now, actor: CaseEvent.system, .noAcknowledgement(
                reason: role == .fax ? "a paper letter by fax: the gateway is not its writer, and the letter gives no mail address"
                                     : "no reply address")), to: number)
        }
        return number
    }

    /// When the matter reached the center: the source's date (IMAP INTERNALDATE); else our mail
    /// server's topmost `Received:` stamp; else the sender's `Date:` if plausible (a citizen's
    /// clock may be years off); else now. Dates more than a day ahead are never believed.
    func receivedTime(_ a: IntakeAnalysis, incoming: IncomingMessage, now: Date) -> Date {
        let future = now.addingTimeInterval(86_400)
        if let r = incoming.receivedAt, r <= future { return r }
        if let r = a.message.lastReceivedDate, r <= future { return r }
        if let d = a.message.date, d <= future, d >= now.addingTimeInterval(-30 * 86_400) { return d }
        return now
    }
}
