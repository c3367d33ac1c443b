import Foundation
import HotlineMail

/// A letter of the center to the petitioner that they may answer (a direct answer, the result with
/// its call-back question): a reply to their own mail, with the petitioner's own address of the
/// case (never the units' trusted one) as Reply-To, so their answer finds its case. Pure.
struct PetitionerMail {
    var settings: FormSettings

    /// `kind` names the Message-ID (`BB…-0003.answer.<nonce>`); `tag` the subject (`答复：[case] …`).
    func compose(record: CaseRecord, to: String, tag: String, kind: String, purpose: String, text: String, nonce: String,
                 now: Date) -> OutgoingMail {
        let s = settings.intake
        let messageID = "\(record.number).\(kind).\(nonce)@\(s.messageIDDomain)"
        var mail = MailComposer(from: s.fromAddress, to: [MailAddress(name: record.petitioner.name ?? "", address: to)],
                                subject: "\(tag)：[\(record.number)] \(FormText.line(record.subject, max: 60) ?? "")", date: now,
                                messageID: messageID, text: text)
        mail.timeZone = s.timeZone
        mail.inReplyTo = record.messageID
        mail.references = record.messageID.map { [$0] } ?? []
        mail.extraHeaders = [
            ("Reply-To", settings.replyAddress.petitionerAddress(for: record.number)),
            ("Auto-Submitted", "auto-replied"),
            ("X-Loop", s.loopToken),
            ("X-Hotline-Case", record.number.description),
        ]
        return OutgoingMail(caseNumber: record.number, purpose: purpose, messageID: messageID, recipients: [to], raw: mail.render())
    }
}
