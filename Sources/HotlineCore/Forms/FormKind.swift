/// The formal forms the center issues and receives (RULES.md §4): the key-matter approval sheet,
/// the assignment sheet and the supervision sheet go out; the feedback sheet comes back from the unit.
public enum FormKind: String, Sendable, Codable, CaseIterable {
    /// 市长热线重点事项呈批单 (form 1): a key matter sent up for a city leader's instruction.
    case approval
    /// 市长热线受理事项交办单 (form 2): hands a matter to its lead unit.
    case assignment
    /// 市长热线受理事项督办单 (form 3): presses a unit on deadline, effect or importance.
    case supervision
    /// 市长热线办理反馈单 (form 5): the unit's formal reply.
    case feedback

    /// The title printed on the form.
    public var title: String {
        switch self {
        case .approval: return "市长热线重点事项呈批单"
        case .assignment: return "市长热线受理事项交办单"
        case .supervision: return "市长热线受理事项督办单"
        case .feedback: return "市长热线办理反馈单"
        }
    }

    /// The short Chinese name clerks use (呈批单, 交办单…).
    public var shortTitle: String {
        switch self {
        case .approval: return "呈批单"
        case .assignment: return "交办单"
        case .supervision: return "督办单"
        case .feedback: return "反馈单"
        }
    }

    /// The prefix of this kind's form numbers (`JB-2026-000017`).
    public var numberPrefix: String {
        switch self {
        case .approval: return "CP"
        case .assignment: return "JB"
        case .supervision: return "DB"
        case .feedback: return "FK"
        }
    }

    /// The flat-ODT template in `templates/` (`assignment.fodt`).
    public var templateFileName: String { "\(rawValue).fodt" }

    /// Forms 1–3 make the matter a heavy item (重件, RULES.md §4).
    public var makesHeavyItem: Bool { self != .feedback }
}
