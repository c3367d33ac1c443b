import Foundation

/// What every form says about the case it carries (RULES.md §4; issue 4, item 2): the case, the
/// petitioner as far as the unit may see them, the matter, the units and the deadline.
public struct FormParticulars: Sendable, Equatable {
    /// A unit as a form names it.
    public struct UnitRef: Sendable, Equatable {
        public var code: String
        public var name: String

        public init(code: String, name: String) {
            self.code = code
            self.name = name
        }
    }

    public var caseNumber: CaseNumber
    public var formNumber: FormNumber
    public var issuedAt: Date
    /// The center, as it signs (`市长热线服务中心`).
    public var centerName: String
    public var receivedAt: Date
    public var channel: Channel
    /// The petitioner as the unit needs them to call back; the public record masks them, forms do not.
    public var petitioner: Petitioner
    public var subject: String
    /// The matter in the petitioner's words (trimmed to what a form can carry).
    public var summary: String
    public var kind: MatterKind
    public var handlingClass: HandlingClass
    /// 重件: carried by forms 1–3 (RULES.md §4).
    public var heavyItem: Bool
    public var leadUnit: UnitRef?
    public var assistingUnits: [UnitRef]
    public var deadline: Date?
    public var deadlineLimit: UnitDeadlines.Limit?
    /// Where the unit's reply goes: the per-case plus-address.
    public var replyAddress: String?

    public init(caseNumber: CaseNumber, formNumber: FormNumber, issuedAt: Date, centerName: String, receivedAt: Date,
                channel: Channel, petitioner: Petitioner, subject: String, summary: String, kind: MatterKind,
                handlingClass: HandlingClass, heavyItem: Bool, leadUnit: UnitRef?, assistingUnits: [UnitRef],
                deadline: Date?, deadlineLimit: UnitDeadlines.Limit?, replyAddress: String?) {
        self.caseNumber = caseNumber
        self.formNumber = formNumber
        self.issuedAt = issuedAt
        self.centerName = centerName
        self.receivedAt = receivedAt
        self.channel = channel
        self.petitioner = petitioner
        self.subject = subject
        self.summary = summary
        self.kind = kind
        self.handlingClass = handlingClass
        self.heavyItem = heavyItem
        self.leadUnit = leadUnit
        self.assistingUnits = assistingUnits
        self.deadline = deadline
        self.deadlineLimit = deadlineLimit
        self.replyAddress = replyAddress
    }

    /// The longest summary a form carries; the full text stays in the case store.
    public static let maxSummaryCharacters = 2_000

    /// The case text cut to `maxSummaryCharacters` at a line end where possible, marked when cut.
    public static func summary(of text: String) -> String {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard t.count > maxSummaryCharacters else { return t }
        var cut = String(t.prefix(maxSummaryCharacters))
        if let nl = cut.lastIndex(of: "\n"), cut.distance(from: cut.startIndex, to: nl) > maxSummaryCharacters / 2 {
            cut = String(cut[..<nl])
        }
        return cut + "\n（以下略，全文见案件记录）"
    }
}

/// 呈批单 (form 1): a key matter sent up for a city leader's instruction.
public struct ApprovalSheet: Sendable, Equatable {
    public var particulars: FormParticulars
    /// 中心拟办意见: the center head's proposed handling.
    public var proposedHandling: String
    public var centerHead: String
    /// 呈报领导: the city leader the sheet goes to.
    public var leaderName: String
    /// 领导批示: blank when issued; the leader writes it.
    public var leaderInstruction: String?

    public init(particulars: FormParticulars, proposedHandling: String, centerHead: String, leaderName: String,
                leaderInstruction: String? = nil) {
        self.particulars = particulars
        self.proposedHandling = proposedHandling
        self.centerHead = centerHead
        self.leaderName = leaderName
        self.leaderInstruction = leaderInstruction
    }
}

/// 交办单 (form 2): hands a matter to its lead unit, signed by the center head.
public struct AssignmentSheet: Sendable, Equatable {
    public var particulars: FormParticulars
    public var centerHead: String

    public init(particulars: FormParticulars, centerHead: String) {
        self.particulars = particulars
        self.centerHead = centerHead
    }
}

/// 督办单 (form 3): presses the unit again, with the reason and the round.
public struct SupervisionSheet: Sendable, Equatable {
    public var particulars: FormParticulars
    public var reason: String
    /// 1 for the first supervision of this case, 2 for the second…
    public var round: Int
    /// The assignment sheet being supervised.
    public var originalFormNumber: FormNumber?
    public var centerHead: String

    public init(particulars: FormParticulars, reason: String, round: Int, originalFormNumber: FormNumber?, centerHead: String) {
        self.particulars = particulars
        self.reason = reason
        self.round = round
        self.originalFormNumber = originalFormNumber
        self.centerHead = centerHead
    }
}
