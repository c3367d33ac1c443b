import HotlineCore

/// The user fields each form's template shows: the contract between the form model and the
/// clerks' templates in `templates/` (RULES.md §4, §8).
///
/// A template declares every field of its kind as an ODF user field (`text:user-field-decl`,
/// ODF 1.3 Part 3 §7.7.8) and shows it with `text:user-field-get` (§7.7.9). Single fields appear
/// once; a *row group*'s fields sit in one table row that the renderer repeats per item (one
/// row per assisting unit, per cited policy). `TemplateLint` holds a clerk's edit to this list,
/// `ODTTemplate` refuses values for names that are not in it.
public struct FormFieldCatalog: Sendable, Equatable {
    /// Fields that repeat together, one table row per item (协办单位, 政策依据及文号).
    public struct RowGroup: Sendable, Equatable {
        /// The group's name, the key of `ODTTemplate.render`'s `rows` (`assist`).
        public let name: String
        /// The fields of one row, in template order.
        public let fields: [String]
    }

    /// The form this catalog describes.
    public let kind: FormKind
    /// The fields shown once, in template order.
    public let fields: [String]
    /// The repeated-row groups.
    public let rowGroups: [RowGroup]

    /// The catalog for `kind`.
    public static func catalog(for kind: FormKind) -> FormFieldCatalog {
        let assist = RowGroup(name: "assist", fields: ["assist_unit"])
        switch kind {
        case .approval:
            return FormFieldCatalog(
                kind: kind,
                fields: common + ["proposed_handling", "center_head", "leader_name", "leader_instruction"],
                rowGroups: [assist])
        case .assignment:
            return FormFieldCatalog(kind: kind, fields: common + ["center_head"], rowGroups: [assist])
        case .supervision:
            return FormFieldCatalog(
                kind: kind,
                fields: common + ["supervision_reason", "supervision_round", "original_form_number", "center_head"],
                rowGroups: [assist])
        case .feedback:
            return FormFieldCatalog(
                kind: kind,
                fields: common + [
                    "unit_name", "result", "satisfaction", "petitioner_contact",
                    "responsible_unit", "responsible_person",
                    "handler_name", "handler_unit", "handler_phone",
                    "signoff_leader", "signoff_title", "countersign_unit", "countersign_leader",
                    "extension_requested", "extension_until", "extension_reason",
                    "not_our_duty", "not_our_duty_reason",
                ],
                rowGroups: [assist, RowGroup(name: "citation", fields: ["citation_title", "citation_number"])])
        }
    }

    /// The fields every form carries: who asked what, when, through which channel, and who
    /// handles it by when.
    public static let common: [String] = [
        "center_name", "case_number", "form_number", "form_date", "received_at", "channel",
        "petitioner_name", "petitioner_phone", "petitioner_address", "subject", "summary",
        "kind", "handling_class", "heavy_item", "lead_unit", "deadline", "reply_address",
    ]

    /// Every field name of this form, single and row fields.
    public var allFieldNames: Set<String> {
        Set(fields).union(rowGroups.flatMap(\.fields))
    }

    /// The row group `field` belongs to, or nil for a single field (or an unknown name).
    public func rowGroup(containing field: String) -> RowGroup? {
        rowGroups.first { $0.fields.contains(field) }
    }

    /// The row group called `name`.
    public func rowGroup(named name: String) -> RowGroup? {
        rowGroups.first { $0.name == name }
    }

    /// The catalog name behind a rendered clone's name: `assist_unit.2` → `assist_unit`. Clones
    /// get a `.N` suffix so each repeated row keeps its own value in LibreOffice.
    public static func baseName(_ fieldName: String) -> String {
        guard let dot = fieldName.lastIndex(of: "."),
              !fieldName[fieldName.index(after: dot)...].isEmpty,
              fieldName[fieldName.index(after: dot)...].allSatisfy(\.isASCIIDigitCharacter)
        else { return fieldName }
        return String(fieldName[..<dot])
    }

    /// The printed label of a field (中文), for the clerks' README and lint messages.
    public static func label(_ field: String) -> String? { labels[field] }

    static let labels: [String: String] = [
        "center_name": "中心名称", "case_number": "受理编号", "form_number": "单号", "form_date": "日期",
        "received_at": "受理时间", "channel": "来源渠道", "petitioner_name": "诉求人",
        "petitioner_phone": "联系电话", "petitioner_address": "联系地址", "subject": "诉求事项",
        "summary": "诉求内容", "kind": "诉求类别", "handling_class": "办理类别", "heavy_item": "重件",
        "lead_unit": "承办单位", "deadline": "办理时限", "reply_address": "反馈地址",
        "assist_unit": "协办单位", "proposed_handling": "中心拟办意见", "center_head": "中心负责人",
        "leader_name": "呈报领导", "leader_instruction": "领导批示", "supervision_reason": "督办事由",
        "supervision_round": "督办次数", "original_form_number": "原交办单号", "unit_name": "办理单位",
        "result": "办理结果", "citation_title": "政策依据", "citation_number": "文号",
        "satisfaction": "群众满意度", "petitioner_contact": "联系群众情况", "responsible_unit": "责任单位",
        "responsible_person": "责任人", "handler_name": "经办人", "handler_unit": "经办单位",
        "handler_phone": "经办人电话", "signoff_leader": "签发领导", "signoff_title": "签发领导职务",
        "countersign_unit": "二级单位", "countersign_leader": "二级单位审核签发",
        "extension_requested": "申请延期", "extension_until": "延期至", "extension_reason": "延期理由",
        "not_our_duty": "申请回单", "not_our_duty_reason": "回单理由",
    ]
}

extension Character {
    var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
