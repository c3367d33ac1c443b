import Foundation
import HotlineMail

/// The return notice (退单) a unit gets when its feedback fails the checks of RULES.md §8 or the
/// center's review: every reason, the case, the sheet, and what to do. Pure.
struct ReturnNotice {
    var settings: FormSettings

    func compose(record: CaseRecord, unit: GovernmentUnit, cc: [GovernmentUnit], form: FormNumber?, reasons: [String],
                 inReplyTo: String?, nonce: String, now: Date) -> OutgoingMail {
        let s = settings.intake
        let messageID = "\(record.number).return.\(nonce)@\(s.messageIDDomain)"
        let title = FormText.line(record.subject, max: 60) ?? "（无主题）"
        var lines = ["\(unit.name)：", ""]
        lines.append("你单位报送的市长热线办理反馈" + (form.map { "（反馈单 \($0)）" } ?? "") + "（受理编号：\(record.number)）经审核未予通过，现予退单，原因如下：")
        lines.append("")
        for (i, r) in reasons.enumerated() { lines.append("\(i + 1). \(r)") }
        lines.append("")
        lines.append("请按《市长热线受理工作规范》要求重新办理，填写反馈单并经分管负责人（重件由主要负责人）审核签发后，直接回复本邮件发回。")
        lines.append("")
        lines.append(s.centerName)
        lines.append(s.chineseDateTime(now))
        var mail = MailComposer(from: s.fromAddress, to: [MailAddress(name: unit.name, address: unit.email)],
                                subject: "【退单】[\(record.number)] \(title)", date: now, messageID: messageID,
                                text: lines.joined(separator: "\n"))
        mail.cc = cc.map { MailAddress(name: $0.name, address: $0.email) }
        mail.timeZone = s.timeZone
        mail.inReplyTo = inReplyTo
        mail.extraHeaders = [
            ("Reply-To", settings.replyAddress.address(for: record.number)),
            ("Auto-Submitted", "auto-generated"),
            ("X-Loop", s.loopToken),
            ("X-Hotline-Case", record.number.description),
        ]
        return OutgoingMail(caseNumber: record.number, purpose: "return-notice", messageID: messageID,
                            recipients: ([unit] + cc).map(\.email), raw: mail.render())
    }
}

/// The letter a petitioner gets when the center grants a unit more time (RULES.md §6 extension:
/// "the petitioner is told the new limit and the reason"). Pure.
struct ExtensionLetter {
    var settings: FormSettings

    func compose(record: CaseRecord, until: Date, reason: String, nonce: String, now: Date) -> OutgoingMail? {
        guard let to = record.petitioner.email, to.contains("@") else { return nil }
        let s = settings.intake
        let messageID = "\(record.number).extension.\(nonce)@\(s.messageIDDomain)"
        let text = """
            \(record.petitioner.name.map { "\($0)：" } ?? "您好：")

            您反映的事项（受理编号：\(record.number)）正在办理中。因\(reason)，经本中心同意，办理时限延长至\(s.chineseDateTime(until))。\
            我们将督促承办单位在新的时限内办结并答复您。

            感谢您的理解和支持。

            本邮件由系统自动发送。
            \(s.centerName)
            """
        var mail = MailComposer(from: s.fromAddress, to: [MailAddress(name: record.petitioner.name ?? "", address: to)],
                                subject: "办理时限延长告知 [\(record.number)] \(FormText.line(record.subject, max: 60) ?? "")",
                                date: now, messageID: messageID, text: text)
        mail.timeZone = s.timeZone
        mail.inReplyTo = record.messageID
        mail.extraHeaders = [("Auto-Submitted", "auto-generated"), ("X-Loop", s.loopToken), ("X-Hotline-Case", record.number.description)]
        return OutgoingMail(caseNumber: record.number, purpose: "extension-notice", messageID: messageID, recipients: [to],
                            raw: mail.render())
    }
}

/// The result to the petitioner once the center accepts the unit's answer (答复, issue 12 item 4):
/// the answer, the unit and its contact for follow-up, and the call-back question, answered by
/// replying. The handler's own name is not given (the unit's is). Pure.
struct PetitionerReplyLetter {
    var settings: FormSettings

    func compose(record: CaseRecord, to: String, result: String, unit: GovernmentUnit, nonce: String, now: Date) -> OutgoingMail {
        let s = settings.intake
        let contact = unit.hotlineContact.flatMap { FormText.line($0) }.map { "（联系电话：\($0)）" } ?? ""
        let text = """
            \(record.petitioner.name.flatMap { FormText.line($0) }.map { "\($0)：" } ?? "您好：")

            您反映的事项（受理编号：\(record.number)）已由\(unit.name)办理，答复如下：

            \(result.trimmingCharacters(in: .whitespacesAndNewlines))

            如需进一步了解办理情况，可联系\(unit.name)\(contact)。

            请您对本次办理结果作出评价，直接回复本邮件即可：
            1 满意    2 基本满意    3 不满意

            \(s.centerName)
            \(s.chineseDateTime(now))
            """
        return PetitionerMail(settings: settings).compose(record: record, to: to, tag: "办理结果答复", kind: "reply", purpose: "petitioner-reply",
                                                          text: text, nonce: nonce, now: now)
    }
}
