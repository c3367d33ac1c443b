import Foundation
import HotlineMail

/// The clock's letters (issue 11, item 5), pure: the reminder (催办) to a unit, and the alert to the
/// center's duty address and head. Each names the case, the stage, the rule and the due instant.
struct ClockMail {
    var settings: FormSettings
    var rules: ClockRules

    /// To the lead unit, copied to its tier-2 unit; answers go to the case's reply address.
    func reminder(record: CaseRecord, clock: StageClock, unit: GovernmentUnit, parent: GovernmentUnit?, inReplyTo: String?,
                  nonce: String, now: Date) -> OutgoingMail {
        let s = settings.intake
        let messageID = "\(record.number).reminder.\(nonce)@\(s.messageIDDomain)"
        let title = FormText.line(record.subject, max: 60) ?? "（无主题）"
        let text = """
            \(unit.name)：

            本中心交办你单位的市长热线事项（受理编号：\(record.number)，“\(title)”）\
            办理时限为\(s.chineseDateTime(clock.due))\(clock.round > 0 ? "（第\(clock.round)次督办后的时限）" : "")，现已临近。\
            请抓紧办理，在时限前填写反馈单，经分管负责人（重件由主要负责人）审核签发后，直接回复本邮件发回。\
            确需延期的，请在时限届满前提出申请并说明理由。

            时限依据：\(clock.rule(rules))

            \(s.centerName)
            \(s.chineseDateTime(now))
            """
        var mail = MailComposer(from: s.fromAddress, to: [MailAddress(name: unit.name, address: unit.email)],
                                subject: "【催办】[\(record.number)] \(title)", date: now, messageID: messageID, text: text)
        mail.cc = parent.map { [MailAddress(name: $0.name, address: $0.email)] } ?? []
        mail.timeZone = s.timeZone
        mail.inReplyTo = inReplyTo
        mail.extraHeaders = [
            ("Reply-To", settings.replyAddress.address(for: record.number)),
            ("Auto-Submitted", "auto-generated"),
            ("X-Loop", s.loopToken),
            ("X-Hotline-Case", record.number.description),
        ]
        return OutgoingMail(caseNumber: record.number, purpose: "reminder", messageID: messageID,
                            recipients: [unit.email] + (parent.map { [$0.email] } ?? []), raw: mail.render())
    }

    /// To the duty address (and the center head): what passed, on which case, by which rule.
    func alert(record: CaseRecord, clock: StageClock, what: String, to: [MailAddress], nonce: String, now: Date) -> OutgoingMail {
        let s = settings.intake
        let messageID = "\(record.number).alert.\(nonce)@\(s.messageIDDomain)"
        let text = """
            \(what)

            受理编号：\(record.number)
            事项：\(FormText.line(record.subject, max: 80) ?? "（无主题）")
            环节：\(clock.stage.words)\(clock.unitCode.map { "（\($0)）" } ?? "")
            时限：\(s.chineseDateTime(clock.due))
            依据：\(clock.rule(rules))
            计算：\(clock.explanation(LocalTime(s.timeZone)))

            \(s.centerName) 时限监控
            """
        var mail = MailComposer(from: s.fromAddress, to: to, subject: "【时限预警】[\(record.number)] \(what)", date: now,
                                messageID: messageID, text: text)
        mail.timeZone = s.timeZone
        mail.extraHeaders = [("Auto-Submitted", "auto-generated"), ("X-Loop", s.loopToken), ("X-Hotline-Case", record.number.description)]
        return OutgoingMail(caseNumber: record.number, purpose: "clock-alert", messageID: messageID, recipients: to.map(\.address),
                            raw: mail.render())
    }
}
