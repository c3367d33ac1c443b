import Foundation
import HotlineMail

/// The clock's letters (issue 11, item 5), pure: the reminder (催办) to a unit, and the alert to the
/// center's duty address and head. Each names the case, the stage, the rule and the due instant, in
/// the words of the norms.
struct ClockMail {
    var settings: FormSettings
    var rules: ClockRules

    /// `《市长热线受理工作规范》规定的办理时限5个工作日（规则 unit.complaint）`.
    static func citation(_ c: StageClock) -> String {
        "《市长热线受理工作规范》规定的时限\(UnitDeadlines.Limit.chinese(c.amount, c.unit))（规则 \(c.row)）"
            + (c.round > 0 && c.stage == .unit ? "，第\(c.round)次督办后" : "")
    }

    static func stageName(_ s: ClockStage) -> String {
        switch s {
        case .front: "前台登记转办"
        case .back: "后台审核派发"
        case .unit: "承办单位办理反馈"
        case .whole: "全流程"
        }
    }

    /// To the lead unit, copied to its tier-2 unit; answers go to the case's reply address.
    func reminder(record: CaseRecord, clock: StageClock, unit: GovernmentUnit, parent: GovernmentUnit?, inReplyTo: String?,
                  nonce: String, now: Date) -> OutgoingMail {
        let s = settings.intake
        let messageID = "\(record.number).reminder.\(nonce)@\(s.messageIDDomain)"
        let title = FormText.line(record.subject, max: 60) ?? "（无主题）"
        let text = """
            \(unit.name)：

            本中心交办你单位的市长热线事项（受理编号：\(record.number)，“\(title)”）\
            反馈时限为\(s.chineseDateTime(clock.due))，现已临近。\
            请抓紧办理，在时限前填写反馈单，经单位主要负责人审核签发后，直接回复本邮件发回。\
            确需延期的，请在时限届满前提出申请并说明理由。

            时限依据：\(Self.citation(clock))。

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
    func alert(record: CaseRecord, clock: StageClock, subject: String, what: String, to: [MailAddress], nonce: String,
               now: Date) -> OutgoingMail {
        let s = settings.intake
        let messageID = "\(record.number).alert.\(nonce)@\(s.messageIDDomain)"
        let text = """
            \(what)

            受理编号：\(record.number)
            事项：\(FormText.line(record.subject, max: 80) ?? "（无主题）")
            环节：\(Self.stageName(clock.stage))\(clock.unitCode.map { "（承办单位 \($0)）" } ?? "")
            起算：\(s.chineseDateTime(clock.start))
            时限：\(s.chineseDateTime(clock.due))\(clock.isProvisional ? "（暂定：\(clock.assumedYears.map(String.init).joined(separator: "、"))年节假日安排未载入）" : "")
            依据：\(Self.citation(clock))

            查看：hotline case show \(record.number)；全部到期事项：hotline due

            \(s.centerName) 时限监控
            """
        var mail = MailComposer(from: s.fromAddress, to: to, subject: "【\(subject)】[\(record.number)] \(what)", date: now,
                                messageID: messageID, text: text)
        mail.timeZone = s.timeZone
        mail.extraHeaders = [("Auto-Submitted", "auto-generated"), ("X-Loop", s.loopToken), ("X-Hotline-Case", record.number.description)]
        return OutgoingMail(caseNumber: record.number, purpose: "clock-alert", messageID: messageID, recipients: to.map(\.address),
                            raw: mail.render())
    }
}
