import Foundation

/// The covering text of a form mail, in the plain official style units expect. Pure.
struct FormLetter {
    var settings: FormSettings

    func text(_ kind: FormKind, record: CaseRecord, forms: [IssuedForm], lead: FormParticulars.UnitRef?) -> String {
        let s = settings.intake
        let main = forms.first
        let feedback = forms.first { $0.kind == .feedback }
        let due = main?.deadline.map { s.chineseDateTime($0) }
        let addressee = kind == .approval ? "\(settings.approvalLeader?.name ?? "领导")：" : "\(lead?.name ?? "")："
        var lines = [addressee, ""]
        switch kind {
        case .approval:
            lines.append("现将市长热线重点事项（受理编号：\(record.number)）呈报，请审阅批示。呈批单见附件（\(main?.number.description ?? "")）。")
        case .assignment:
            lines.append("现将市长热线受理事项（受理编号：\(record.number)）交你单位办理。交办单见附件（\(main?.number.description ?? "")）。")
            if let due { lines.append("请于\(due)前办结并反馈。") }
        case .supervision:
            lines.append("你单位承办的市长热线受理事项（受理编号：\(record.number)）现予督办，督办单见附件（\(main?.number.description ?? "")），请抓紧办理并按时反馈。")
            if let due { lines.append("反馈时限：\(due)。") }
        case .feedback:
            break
        }
        if let feedback {
            lines.append("")
            let signer = kind.makesHeavyItem ? "本事项为重件，须经你单位主要负责人审核签发" : "须经你单位分管负责人审核签发"
            lines.append("办理完毕后，请填写所附反馈单（\(feedback.number)），\(signer)后，直接回复本邮件发回；三级网络单位的反馈须经二级单位审核签发。不属于你单位职责的，请在反馈单中申请回单，于收到后1日内发回。")
        }
        lines.append("")
        lines.append("附件中的 XML 文件为电子签名的正式数据，ODT 文件供打印。")
        lines.append("")
        lines.append(s.centerName)
        lines.append(s.chineseDateTime(main?.issuedAt ?? record.receivedAt))
        return lines.joined(separator: "\n")
    }
}
