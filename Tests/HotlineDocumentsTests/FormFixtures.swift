import Foundation
import HotlineCore

/// Forms of all four kinds with realistic Chinese content, for schema, signature, ODT and
/// LibreOffice tests.
enum FormFixtures {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var templates: URL { repo.appendingPathComponent("templates") }

    static let issued = Date(timeIntervalSince1970: 1_796_086_800)  // 2026-12-01 09:00 +08:00

    static func particulars(_ kind: FormKind, sequence: Int = 17) -> FormParticulars {
        FormParticulars(
            caseNumber: CaseNumber(prefix: "BB", day: "20261130", sequence: 7),
            formNumber: FormNumber(kind: kind, year: 2026, sequence: sequence), issuedAt: issued,
            centerName: "蚌埠市市长热线服务中心", receivedAt: issued.addingTimeInterval(-86_400), channel: .mayorMailbox,
            petitioner: Petitioner(name: "张三", address: "蚌埠市龙子湖区东海大道1号", phone: "13800000000", email: "zhangsan@example.cn"),
            subject: "小区夜间施工噪音扰民",
            summary: "每天夜里十一点以后，小区东侧工地仍在施工，噪音很大，老人孩子无法休息。\n请有关部门尽快处理，并告知处理结果。",
            kind: .complaint, handlingClass: .routine, heavyItem: true,
            leadUnit: .init(code: "CG", name: "蚌埠市城市管理局"),
            assistingUnits: [.init(code: "HB", name: "蚌埠市生态环境局"), .init(code: "LZH", name: "龙子湖区人民政府")],
            deadline: issued.addingTimeInterval(5 * 86_400), deadlineLimit: UnitDeadlines.Limit(amount: 5, unit: .workingDays, extendTo: nil,
                                                                               rule: "RULES §6 unit.complaint: 5 unit-days, no extension"),
            replyAddress: "hotline+bb20261130-0007.k3m9q2d8@center.example")
    }

    static var answer: FeedbackSheet.Answer {
        var a = FeedbackSheet.Answer()
        a.result = "经查，该工地夜间施工未办理夜间施工许可。我局已责令其立即停止夜间施工，并处以罚款。"
        a.citations = [.init(title: "《中华人民共和国噪声污染防治法》", documentNumber: "主席令第104号"),
                       .init(title: "《蚌埠市建筑施工噪声管理办法》", documentNumber: "蚌政办〔2020〕12号")]
        a.satisfaction = "满意"
        a.petitionerContact = "2026年12月3日电话联系张三，告知处理结果，群众表示满意。"
        a.responsibleUnit = "蚌埠市城市管理局"
        a.responsiblePerson = "刘建国"
        a.handlerName = "陈晓"
        a.handlerUnit = "蚌埠市城市管理局执法支队"
        a.handlerPhone = "0552-3012345"
        a.signOff = .init(name: "孙立", title: "副局长")
        a.countersignUnit = "龙子湖区人民政府"
        a.countersign = .init(name: "赵海", title: "副区长")
        a.extensionUntil = issued.addingTimeInterval(10 * 86_400)
        a.extensionReason = "需协调多个部门联合执法。"
        a.notOurDutyReason = nil
        return a
    }

    static func all() -> [Form] {
        [
            .approval(ApprovalSheet(particulars: particulars(.approval), proposedHandling: "建议由市城管局牵头，市生态环境局、龙子湖区政府配合办理。",
                                    centerHead: "周主任", leaderName: "王市长")),
            .assignment(AssignmentSheet(particulars: particulars(.assignment), centerHead: "周主任")),
            .supervision(SupervisionSheet(particulars: particulars(.supervision), reason: "逾期未反馈，群众再次来信反映。", round: 2,
                                          originalFormNumber: FormNumber(kind: .assignment, year: 2026, sequence: 17), centerHead: "周主任")),
            .feedback(FeedbackSheet(particulars: particulars(.feedback), unit: .init(code: "CG", name: "蚌埠市城市管理局"),
                                    answersFormNumber: FormNumber(kind: .assignment, year: 2026, sequence: 17))),
            .feedback(FeedbackSheet(particulars: particulars(.feedback, sequence: 18), unit: .init(code: "CG", name: "蚌埠市城市管理局"),
                                    answersFormNumber: FormNumber(kind: .assignment, year: 2026, sequence: 17), answer: answer)),
        ]
    }

    /// `xml` with an empty enveloped XML-DSig template (exc-C14N, RSA-SHA256, SHA-256) as the last
    /// child of its root `root`, for `xmlsec1 --sign` to fill in.
    static func xmlsec1Template(_ xml: String, root: String) -> String {
        xml.replacingOccurrences(of: "</\(root)>", with: """
            <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>\
            <ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>\
            <ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>\
            <ds:Reference URI=""><ds:Transforms>\
            <ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>\
            <ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms>\
            <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference>\
            </ds:SignedInfo><ds:SignatureValue/></ds:Signature>
            </\(root)>
            """)
    }
}
