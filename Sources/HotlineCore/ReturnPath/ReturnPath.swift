import Foundation

/// The return path (issue 5): a unit's reply matched to its case, its feedback sheet checked, and
/// the outcome recorded — inside intake's transaction for that message.
///
/// Matching, in order (issue 5, item 1): the per-case reply address; our Message-ID (of a form
/// mail or a return notice) in In-Reply-To/References; the case number in the subject, only from the
/// assigned unit's address or its tier-2 parent's; the case and form numbers of an attached
/// feedback sheet (XML, ODT or a fax page's QR code), only when that form was issued on that case.
public struct ReturnPath: Sendable {
    public var settings: FormSettings
    public var reader: any FeedbackReading

    public init(settings: FormSettings, reader: any FeedbackReading) {
        self.settings = settings
        self.reader = reader
    }

    /// The purposes of the mail we send units (their Message-IDs, cited back, find the case).
    static let unitMailPurposes = ["form:assignment", "form:supervision", "form:approval", "return-notice"]

    /// How a reply was placed on its case, and whether that alone can be trusted to change the case.
    public struct Match: Sendable {
        public var number: CaseNumber
        public var how: String
        /// Reply address (HMAC), our own Message-ID (random), a signed or tagged sheet: a stranger
        /// could not have made it. A case number in the subject from the unit's address is not.
        public var trusted: Bool
    }

    /// The case a unit's reply belongs to, and how it was matched; nil when it is not a unit's reply.
    ///
    /// The sheet's own numbers count only in the unit-replies and fax mailboxes, and only when they
    /// cannot be made up: an XML sheet signed with a key registered for the case's unit (or its
    /// tier-2 parent), or a QR code carrying our HMAC tag (a faxed page, or the picture in an ODT
    /// sheet). An ODT's fields alone never place mail on a case.
    /// The case whose petitioner's address the mail is sent to (answering our direct answer or the
    /// result's call-back question): a citizen's reply, whichever mailbox it is in — that address
    /// has a tag of its own and is never trusted as a unit's.
    func petitionersReply(_ a: IntakeAnalysis, tx: any CaseStoreSession) throws -> CaseNumber? {
        for address in a.recipientAddresses {
            if let n = settings.replyAddress.petitionerCase(in: address), try tx.caseRecord(n) != nil { return n }
        }
        return nil
    }

    func match(_ a: IntakeAnalysis, role: MailboxRole, tx: any CaseStoreSession) throws -> Match? {
        for address in a.recipientAddresses {
            if let n = settings.replyAddress.caseNumber(in: address), try tx.caseRecord(n) != nil {
                return Match(number: n, how: "reply address \(address)", trusted: true)
            }
        }
        if let n = try tx.caseOfOurMail(messageIDs: a.citedMessageIDs, purposes: Self.unitMailPurposes) {
            return Match(number: n, how: "in-reply-to/references our mail to the unit", trusted: true)
        }
        if let sender = a.sender {
            for n in a.citedCaseNumbers where try lineOfSignOff(of: n, tx: tx).contains(where: { $0.email.lowercased() == sender }) {
                return Match(number: n, how: "case number in the subject, from the assigned unit \(sender)", trusted: false)
            }
        }
        guard role == .unitReplies || role == .fax else { return nil }
        for f in a.feedback {
            guard let n = f.caseNumber, let form = f.formNumber else { continue }
            switch (f.medium, f.signature) {
            case (.paper, _), (.odt, _) where f.tagged, (.docx, _) where f.tagged:
                break  // numbers read from a QR code whose tag checked
            case (.xml, .valid(let signers)):
                let units = try lineOfSignOff(of: n, tx: tx).map(\.code)
                guard signers.contains(where: { units.contains($0.unit) }) else { continue }
            default:
                continue
            }
            if try tx.forms(of: n).contains(where: { $0.number == form }) {
                return Match(number: n, how: "\(f.medium.rawValue) feedback sheet \(form) of \(n)", trusted: true)
            }
        }
        return nil
    }

    /// Whether a message may be a unit's reply, judged from its headers alone (no store): mail in
    /// the unit-replies or fax mailboxes; elsewhere, mail to a per-case reply address, citing one of
    /// our Message-IDs, or from a registered unit's address. Only such mail is read for feedback
    /// sheets (issue 10, item 3): a citizen's attachments never reach the sheet reader.
    func mayBeUnitReply(_ a: IntakeAnalysis, role: MailboxRole) -> Bool {
        if role == .unitReplies || role == .fax { return true }
        if a.recipientAddresses.contains(where: { settings.replyAddress.caseNumber(in: $0) != nil }) { return true }
        // Our mail to units is named `<case>.<purpose>.<nonce>@<domain>` (FormMail, ReturnNotice); the
        // domain is not checked: mail sent before a change of `from` is still ours (the store decides).
        let toUnits = [".assignment.", ".supervision.", ".approval.", ".return."]
        if a.citedMessageIDs.contains(where: { id in
            let local = id.lowercased().split(separator: "@").first ?? ""
            return toUnits.contains { local.contains($0) }
        }) { return true }
        guard let sender = a.sender else { return false }
        return settings.units.units.contains { $0.email.lowercased() == sender }
    }

    /// The unit a case is assigned to (its latest assignment sheet) and, for a tier-3 unit, its tier-2 parent.
    func lineOfSignOff(of number: CaseNumber, tx: any CaseStoreSession) throws -> [GovernmentUnit] {
        guard let code = try assignment(of: number, tx: tx)?.unitCode, let unit = settings.units.unit(code) else { return [] }
        return settings.units.lineOfSignOff(unit)
    }

    /// The form that put the case with its unit: the latest assignment sheet.
    func assignment(of number: CaseNumber, tx: any CaseStoreSession) throws -> IssuedForm? {
        try tx.forms(of: number).last { $0.kind == .assignment }
    }
}

extension ReturnPath {
    /// `hotline holding attach`: a clerk puts an item of the holding queue on its case; it is then
    /// handled exactly as if it had matched (its feedback sheet read and checked), with the clerk as actor.
    public func attach(_ entry: IntakeEntry, raw: [UInt8], to number: CaseNumber, clerk: String, store: any CaseStore,
                       clock: any Clock, nonce: @Sendable () -> String) throws -> String {
        guard entry.disposition == .holding else { throw Refusal(.notAllowed, "\(entry.source) is not in the holding queue") }
        guard FormText.line(clerk) != nil else { throw Refusal.clerkRequired }
        var a = IntakeAnalysis(raw: raw, settings: settings.intake, rawSHA256: entry.rawSHA256)
        let read = reader.readout(in: a.attachments, role: .unitReplies)
        a.feedback = read.sheets
        a.unreadScans = read.unreadScans
        a.attachments = a.attachments.map { ($0.stored, []) }
        let now = clock.now()
        return try store.transaction { tx in
            guard try tx.caseRecord(number) != nil else { throw Refusal.noCase(number) }
            let source = entry.source.description
            // Checked inside the transaction: two clerks attaching the same item cannot both succeed.
            if let attached = try tx.caseHoldingAttached(source: source) {
                throw Refusal(.notAllowed, "\(source) is already attached to \(attached)")
            }
            let outcome = try receive(a, number: number, matchedBy: "attached by \(clerk) from the holding queue", trusted: true,
                                      tx: tx, now: now,
                                      receivedAt: entry.at, nonce: nonce(), actor: clerk)
            try IntakeProcessor.appendUnreadScans(a.unreadScans, to: number, actor: clerk, tx: tx, now: now)
            try tx.appendEvent(CaseEvent(at: now, actor: clerk, .holdingAttached(.init(source: source, outcome: outcome.reason))),
                               to: number)
            return outcome.reason
        }
    }
}
