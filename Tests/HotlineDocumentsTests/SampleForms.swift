import HotlineCore

/// Realistic values for each form: a case from the Mayor's mailbox about a broken water main,
/// two assisting units, and on the feedback sheet two cited policies.
enum SampleForms {
    static let caseNumber = "RX-20261201-0001"

    static func qrPayload(_ kind: FormKind) -> String { "hotline:\(caseNumber)/\(formNumber(kind))" }

    static func formNumber(_ kind: FormKind) -> String { "\(kind.numberPrefix)-2026-000017" }

    static let assistUnits = ["蚌山区人民政府东市街道办事处", "蚌埠市城市管理局"]

    static let citations = [
        ["citation_title": "《城市供水条例》", "citation_number": "国务院令第158号"],
        ["citation_title": "《蚌埠市城市供水管理办法》", "citation_number": "蚌政〔2019〕12号"],
    ]

    static func values(_ kind: FormKind) -> [String: String] {
        var values: [String: String] = [
            "center_name": "蚌埠市市长热线服务中心",
            "case_number": caseNumber,
            "form_number": formNumber(kind),
            "form_date": "2026年12月1日",
            "received_at": "2026-12-01 08:42",
            "channel": "市长信箱",
            "petitioner_name": "王秀兰",
            "petitioner_phone": "138****5678",
            "petitioner_address": "蚌山区东市街道胜利路社区12栋3单元",
            "subject": "胜利路小区供水管道破裂停水三天",
            "summary": "11月28日起胜利路小区12栋至15栋停水，供水管道在小区门口破裂，路面积水结冰。\n住户多为老人，已三天无法正常生活，多次拨打物业电话无人处理，请求尽快抢修恢复供水。",
            "kind": "求助",
            "handling_class": "一般应急",
            "heavy_item": kind.makesHeavyItem ? "是" : "否",
            "lead_unit": "蚌埠市自来水公司",
            "deadline": "2026年12月2日17时前",
            "reply_address": "rexian-fk@bengbu.gov.cn",
        ]
        switch kind {
        case .approval:
            values["proposed_handling"] = "建议由市自来水公司牵头立即抢修，蚌山区政府、市城管局配合做好现场处置和居民临时供水。"
            values["center_head"] = "李建国"
            values["leader_name"] = "张副市长"
        case .assignment:
            values["center_head"] = "李建国"
        case .supervision:
            values["supervision_reason"] = "该件已超过办理时限，群众再次来电反映仍未恢复供水。"
            values["supervision_round"] = "第1次"
            values["original_form_number"] = "JB-2026-000009"
            values["center_head"] = "李建国"
        case .feedback:
            values["unit_name"] = "蚌埠市自来水公司"
            values["result"] = "接件后我公司立即组织抢修，12月1日14时更换破损管段，15时恢复供水。\n同时对小区周边管网进行排查，未发现其他隐患。"
            values["satisfaction"] = "满意"
            values["petitioner_contact"] = "12月1日16时电话联系王秀兰女士，告知处理结果"
            values["responsible_unit"] = "蚌埠市自来水公司管网管理所"
            values["responsible_person"] = "陈立军"
            values["handler_name"] = "赵敏"
            values["handler_unit"] = "蚌埠市自来水公司客户服务中心"
            values["handler_phone"] = "0552-3012345"
            values["signoff_leader"] = "周海涛"
            values["signoff_title"] = "副总经理"
            values["extension_requested"] = "否"
            values["not_our_duty"] = "否"
        }
        return values
    }

    static func rows(_ kind: FormKind) -> [String: [[String: String]]] {
        var rows = ["assist": assistUnits.map { ["assist_unit": $0] }]
        if kind == .feedback { rows["citation"] = citations }
        return rows
    }
}
