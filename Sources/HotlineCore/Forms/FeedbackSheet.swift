import Foundation

/// 反馈单 (form 5): the unit's formal reply. The center sends it blank but pre-filled with the
/// case; the unit completes the `answer` with every field RULES.md §8 asks for.
public struct FeedbackSheet: Sendable, Equatable {
    /// A policy, law or regulation the answer relies on, with its document number (§8.4).
    public struct Citation: Sendable, Equatable {
        public var title: String
        public var documentNumber: String

        public init(title: String, documentNumber: String) {
            self.title = title
            self.documentNumber = documentNumber
        }
    }

    /// A person who signs, and in what capacity.
    public struct Signatory: Sendable, Equatable {
        public var name: String
        public var title: String

        public init(name: String, title: String) {
            self.name = name
            self.title = title
        }
    }

    /// What the unit fills in (all empty on the sheet the center sends).
    public struct Answer: Sendable, Equatable {
        /// 办理结果: a direct answer to the matter (§8.4).
        public var result: String?
        public var citations: [Citation] = []
        /// 群众满意度.
        public var satisfaction: String?
        /// 联系群众情况: how and when the petitioner was contacted.
        public var petitionerContact: String?
        /// 责任单位 and 责任人 (§8.5).
        public var responsibleUnit: String?
        public var responsiblePerson: String?
        /// 承办人: name, unit, telephone (§8.6).
        public var handlerName: String?
        public var handlerUnit: String?
        public var handlerPhone: String?
        /// 签发: the leader in charge, or the principal leader for a heavy item (§8.1).
        public var signOff: Signatory?
        /// 二级单位审核签发: the tier-2 parent's countersign for a tier-3 unit (§8.8).
        public var countersignUnit: String?
        public var countersign: Signatory?
        /// 申请延期 (§6): until when and why.
        public var extensionUntil: Date?
        public var extensionReason: String?
        /// 申请回单 (§8.7): not this unit's duty, and why.
        public var notOurDutyReason: String?

        public init() {}

        public var requestsExtension: Bool { extensionUntil != nil || extensionReason != nil }
        public var requestsTakeBack: Bool { notOurDutyReason != nil }
    }

    public var particulars: FormParticulars
    /// The unit that answers (the lead unit of the assignment).
    public var unit: FormParticulars.UnitRef
    /// The form this sheet answers (the assignment or supervision sheet).
    public var answersFormNumber: FormNumber?
    public var answer: Answer

    public init(particulars: FormParticulars, unit: FormParticulars.UnitRef, answersFormNumber: FormNumber?,
                answer: Answer = Answer()) {
        self.particulars = particulars
        self.unit = unit
        self.answersFormNumber = answersFormNumber
        self.answer = answer
    }
}

/// Any of the four forms.
public enum Form: Sendable, Equatable {
    case approval(ApprovalSheet)
    case assignment(AssignmentSheet)
    case supervision(SupervisionSheet)
    case feedback(FeedbackSheet)

    public var kind: FormKind {
        switch self {
        case .approval: return .approval
        case .assignment: return .assignment
        case .supervision: return .supervision
        case .feedback: return .feedback
        }
    }

    public var particulars: FormParticulars {
        switch self {
        case .approval(let s): return s.particulars
        case .assignment(let s): return s.particulars
        case .supervision(let s): return s.particulars
        case .feedback(let s): return s.particulars
        }
    }
}
