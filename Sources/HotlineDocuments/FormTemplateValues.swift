import Foundation
import HotlineCore

/// The values a form puts into its template's user fields and repeated rows — the form model
/// side of the field catalog (`FormFieldCatalog`, `templates/README.md`). Pure.
///
/// Dates are written the Chinese way (`2026年12月6日 09:00`); empty optional values stay empty so
/// the printed form shows a blank to fill in by hand.
public struct FormTemplateValues: Sendable, Equatable {
    public var values: [String: String]
    public var rows: [String: [[String: String]]]

    public init(_ form: Form, timeZone: TimeZone) {
        var v: [String: String] = [:]
        var rows: [String: [[String: String]]] = [:]
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = timeZone
        func date(_ d: Date?) -> String {
            guard let d else { return "" }
            let c = cal.dateComponents([.year, .month, .day, .hour, .minute], from: d)
            return String(format: "%04d年%d月%d日 %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
        }
        func day(_ d: Date) -> String {
            let c = cal.dateComponents([.year, .month, .day], from: d)
            return String(format: "%04d年%d月%d日", c.year ?? 0, c.month ?? 0, c.day ?? 0)
        }
        let p = form.particulars
        v["center_name"] = p.centerName
        v["case_number"] = p.caseNumber.description
        v["form_number"] = p.formNumber.description
        v["form_date"] = day(p.issuedAt)
        v["received_at"] = date(p.receivedAt)
        v["channel"] = p.channel.chinese
        v["petitioner_name"] = p.petitioner.name ?? ""
        v["petitioner_phone"] = p.petitioner.phone ?? ""
        v["petitioner_address"] = p.petitioner.address ?? ""
        v["subject"] = p.subject
        v["summary"] = p.summary
        v["kind"] = p.kind.chinese
        v["handling_class"] = p.handlingClass.chinese
        v["heavy_item"] = p.heavyItem ? "是（重件）" : "否"
        v["lead_unit"] = p.leadUnit?.name ?? ""
        if let due = p.deadline, let l = p.deadlineLimit {
            v["deadline"] = "\(date(due))前（\(UnitDeadlines.Limit.chinese(l.amount, l.unit))内"
                + (l.extendTo.map { "，可延至\(UnitDeadlines.Limit.chinese($0, l.unit))" } ?? "") + "）"
        } else {
            v["deadline"] = ""
        }
        v["reply_address"] = p.replyAddress ?? ""
        rows["assist"] = p.assistingUnits.map { ["assist_unit": $0.name] }

        switch form {
        case .approval(let s):
            v["proposed_handling"] = s.proposedHandling
            v["center_head"] = s.centerHead
            v["leader_name"] = s.leaderName
            v["leader_instruction"] = s.leaderInstruction ?? ""
        case .assignment(let s):
            v["center_head"] = s.centerHead
        case .supervision(let s):
            v["supervision_reason"] = s.reason
            v["supervision_round"] = "第\(s.round)次"
            v["original_form_number"] = s.originalFormNumber?.description ?? ""
            v["center_head"] = s.centerHead
        case .feedback(let s):
            let a = s.answer
            v["unit_name"] = s.unit.name
            v["result"] = a.result ?? ""
            rows["citation"] = a.citations.map { ["citation_title": $0.title, "citation_number": $0.documentNumber] }
            v["satisfaction"] = a.satisfaction ?? ""
            v["petitioner_contact"] = a.petitionerContact ?? ""
            v["responsible_unit"] = a.responsibleUnit ?? ""
            v["responsible_person"] = a.responsiblePerson ?? ""
            v["handler_name"] = a.handlerName ?? ""
            v["handler_unit"] = a.handlerUnit ?? ""
            v["handler_phone"] = a.handlerPhone ?? ""
            v["signoff_leader"] = a.signOff?.name ?? ""
            v["signoff_title"] = a.signOff?.title ?? ""
            v["countersign_unit"] = a.countersignUnit ?? ""
            v["countersign_leader"] = a.countersign.map { "\($0.name)（\($0.title)）" } ?? ""
            v["extension_requested"] = a.requestsExtension ? "是" : ""
            v["extension_until"] = a.extensionUntil.map(day) ?? ""
            v["extension_reason"] = a.extensionReason ?? ""
            v["not_our_duty"] = a.requestsTakeBack ? "是" : ""
            v["not_our_duty_reason"] = a.notOurDutyReason ?? ""
        }
        values = v
        self.rows = rows
    }
}
