import Foundation
import HotlineMail

/// Everything intake reads off one parsed message before it touches the store. Pure.
public struct IntakeAnalysis: Sendable {
    public var message: MailMessage
    public var rawSHA256: String
    public var dedupKey: String
    /// Why it is automatic mail (no case, no answer), if it is.
    public var automatic: String?
    /// In-Reply-To and References, newest first.
    public var citedMessageIDs: [String]
    /// Case numbers written in the subject.
    public var citedCaseNumbers: [CaseNumber]
    public var sender: String?
    /// The writer, from the web-board fields or the From/Reply-To (see `petitioner(for:)` for a fax).
    public var petitioner: Petitioner
    /// The labelled fields of the body (`姓名：` `联系电话：` …), as read.
    public var mailboxForm: MailboxForm
    public var subject: String
    public var text: String
    public var classification: Classification
    /// Attachments with the names they will be kept under.
    public var attachments: [(stored: StoredAttachment, bytes: [UInt8])]
    /// Feedback sheets found among the attachments (the return path reads them before the transaction).
    public var feedback: [ReceivedFeedback] = []
    /// Scans of the attachments that were refused or could not finish: recorded, never silent.
    public var unreadScans: [UnreadScan] = []

    /// Every address the message was sent to: To, Cc, and the delivery headers servers add
    /// (`Delivered-To`, `X-Original-To`, `Envelope-To`), where a per-case reply address shows up
    /// even when a unit's client rewrote To.
    public var recipientAddresses: [String] {
        var out = ((message.to ?? []) + (message.cc ?? [])).map(\.address)
        for name in ["Delivered-To", "X-Original-To", "Envelope-To"] {
            out += message.header.all(name).map { Self.bare($0.value) }
        }
        return out.map { $0.lowercased() }.reduce(into: []) { acc, a in if !a.isEmpty, !acc.contains(a) { acc.append(a) } }
    }

    /// `rawSHA256`: the hash of `raw` when the caller already has it.
    public init(raw: [UInt8], settings: IntakeSettings, rawSHA256: String? = nil) {
        let message = MailParser.parse(raw, limits: settings.parseLimits)
        self.message = message
        self.rawSHA256 = rawSHA256 ?? sha256Hex(raw)
        dedupKey = DedupKey.make(message: message, raw: raw)

        var automatic = AutomaticMail.reason(message)
        if automatic == nil, message.header.all("X-Loop").contains(where: { $0.value == settings.loopToken }) {
            automatic = "x-loop: our own mail"
        }
        self.automatic = automatic

        citedMessageIDs = ((message.inReplyTo ?? []) + (message.references ?? []).reversed()).map(Self.bare)
            .reduce(into: []) { acc, id in
                if !id.isEmpty, !acc.contains(id) { acc.append(id) }
            }
        let subject = message.subject ?? ""
        citedCaseNumbers = CaseNumber.find(in: subject, prefix: settings.casePrefix)

        let body = message.bodyText
        let form = MailboxForm.parse(body)
        mailboxForm = form
        let replyTo = message.replyTo?.first(where: { $0.address.contains("@") })
        let from = message.from?.first(where: { $0.address.contains("@") })
        sender = from?.address.lowercased()
        let displayName = (from?.name).flatMap { $0.isEmpty || $0.contains("@") ? nil : $0 }
        petitioner = Petitioner(
            name: form.name ?? (replyTo?.name).flatMap { $0.isEmpty ? nil : $0 } ?? displayName,
            address: form.address,
            phone: form.phone ?? MailboxForm.firstPhoneNumber(in: body),
            email: form.email.flatMap { $0.contains("@") ? $0 : nil } ?? (replyTo ?? from)?.address)

        self.subject = (form.title ?? subject).trimmingCharacters(in: .whitespacesAndNewlines)
        text = (form.content ?? body).trimmingCharacters(in: .whitespacesAndNewlines)
        classification = Classifier(rules: settings.rules).classify(subject: self.subject, text: text,
                                                                    declaredKind: form.declaredKind)
        attachments = message.attachments.map { path, part in
            let bytes = part.decodedBody()
            let sha = sha256Hex(bytes)
            let stored = StoredAttachment(
                originalName: part.filename, storedName: SafeFileName.storedName(
                    sha256: sha, originalName: part.filename, contentType: part.contentType.mimeType),
                contentType: part.contentType.mimeType, size: bytes.count, sha256: sha, partPath: path)
            return (stored, bytes)
        }
    }

    /// Who wrote the matter that arrived in a mailbox of `role`.
    ///
    /// A fax-gateway mail carries a paper letter: its From, Reply-To and display name are the
    /// gateway's, not the writer's, so they name nobody (no acknowledgement goes back to the gateway,
    /// RULES.md §2); only what the text itself gives — labelled fields, a telephone number — counts.
    public func petitioner(for role: MailboxRole) -> Petitioner {
        guard role == .fax else { return petitioner }
        return Petitioner(name: mailboxForm.name, address: mailboxForm.address, phone: petitioner.phone,
                          email: nil)
    }

    /// The citizen's Message-ID without angle brackets, as the store keeps every Message-ID.
    public var messageID: String? { message.messageID.map(Self.bare).flatMap { $0.isEmpty ? nil : $0 } }

    /// `<id@host>` → `id@host`, whitespace removed.
    public static func bare(_ id: String) -> String {
        var s = id.filter { !$0.isWhitespace }
        if s.hasPrefix("<") { s.removeFirst() }
        if s.hasSuffix(">") { s.removeLast() }
        return s
    }
}

extension IntakeAnalysis {
    /// The mail as a case's history records it.
    func receivedMail(matchedBy: String) -> CaseEvent.ReceivedMail {
        CaseEvent.ReceivedMail(matchedBy: matchedBy, from: sender ?? "", subject: message.subject ?? "", rawSHA256: rawSHA256,
                               text: text, messageID: messageID, attachments: attachments.map(\.stored.storedName))
    }
}
