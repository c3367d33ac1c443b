import Foundation
import HotlineMail

/// The acknowledgement (受理回执) a citizen gets for a new case, and the guidance reply for a matter
/// the center does not accept (RULES.md §3). Pure: a case in, a spooled mail out.
///
/// Both carry `Auto-Submitted: auto-replied` (RFC 3834 §5), `In-Reply-To` the citizen's message,
/// our loop token, and a Message-ID of ours that the store remembers, so that the citizen's reply
/// finds its case. The subject carries the case number for clients that drop In-Reply-To.
public struct Acknowledgement: Sendable {
    public var settings: IntakeSettings

    public init(settings: IntakeSettings) {
        self.settings = settings
    }

    /// The reply for a new case, or nil when there is nobody to write to.
    public func compose(for record: CaseRecord, guidance: String?, inReplyTo: String?, references: [String],
                        nonce: String, now: Date) -> OutgoingMail? {
        guard let to = record.petitioner.email, to.contains("@") else { return nil }
        let purpose = guidance == nil ? "acknowledgement" : "guidance"
        let messageID = "\(record.number).\(purpose).\(nonce)@\(settings.messageIDDomain)"
        let title = record.subject.isEmpty ? "（无主题）" : record.subject
        let subject = guidance == nil ? "受理回执 [\(record.number)] \(title)" : "答复 [\(record.number)] \(title)"
        var mail = MailComposer(from: settings.fromAddress, to: [MailAddress(name: record.petitioner.name ?? "", address: to)],
                                subject: subject, date: now, messageID: messageID,
                                text: guidance.map { guidanceText(record, guidance: $0) } ?? acknowledgementText(record))
        mail.timeZone = settings.timeZone
        mail.inReplyTo = inReplyTo
        mail.references = references + (inReplyTo.map { [$0] } ?? [])
        mail.extraHeaders = [
            ("Auto-Submitted", "auto-replied"),
            ("X-Loop", settings.loopToken),
            ("X-Hotline-Case", record.number.description),
            ("Precedence", "bulk"),
        ]
        return OutgoingMail(caseNumber: record.number, purpose: purpose, messageID: messageID, recipients: [to],
                            raw: mail.render())
    }

    func salutation(_ record: CaseRecord) -> String {
        if let name = record.petitioner.name, !name.isEmpty { return "\(name)：" }
        return "您好："
    }

    func acknowledgementText(_ record: CaseRecord) -> String {
        """
        \(salutation(record))

        您于\(settings.chineseDateTime(record.receivedAt))通过\(record.channel.chinese)反映的事项已收到并登记受理。

        受理编号：\(record.number)
        事项：\(record.subject.isEmpty ? "（无主题）" : record.subject)
        类别：\(record.kind.value.chinese)

        接下来：我们将按照《市长热线受理工作规范》对您反映的事项进行审核、分类，并在规定时限内交有关单位办理；\
        办理结果将通过本邮箱答复您。如需补充情况或材料，请直接回复本邮件，并保留主题中的受理编号。

        本邮件由系统自动发送。
        \(settings.centerName)
        """
    }

    func guidanceText(_ record: CaseRecord, guidance: String) -> String {
        """
        \(salutation(record))

        您于\(settings.chineseDateTime(record.receivedAt))通过\(record.channel.chinese)反映的事项已收到（登记编号：\(record.number)）。

        根据《市长热线受理工作规范》，您反映的事项不属于市长热线受理范围，本中心不予转办。\
        请您向\(guidance)反映，依法依规通过相应渠道解决。

        感谢您对市长热线工作的理解和支持。

        本邮件由系统自动发送。
        \(settings.centerName)
        """
    }
}
