import Foundation

/// How long a unit has to send its feedback, by the kind and handling class of the matter
/// (RULES.md §6, "The units"). The clock issue adds working days and holidays; here a day is a
/// calendar day of 24 hours from the moment the form is issued.
public struct UnitDeadlines: Sendable, Equatable {
    /// A limit and the furthest it may be extended to (nil: no extension in the norms).
    public struct Limit: Sendable, Equatable {
        public var days: Int
        public var mayExtendToDays: Int?
        /// Which line of the table applies, for the form and the case history.
        public var rule: String

        public init(days: Int, mayExtendToDays: Int?, rule: String) {
            self.days = days
            self.mayExtendToDays = mayExtendToDays
            self.rule = rule
        }
    }

    /// Routine online interaction (常规网络互动): 1 day.
    public var routineConsultation = Limit(days: 1, mayExtendToDays: nil, rule: "RULES §6 routine online interaction: 1 day")
    /// Emergency: 1 day, may extend to 2.
    public var emergency = Limit(days: 1, mayExtendToDays: 2, rule: "RULES §6 emergency: 1 day, may extend to 2")
    /// Complaint, request, suggestion (and the other kinds): 5 days.
    public var ordinary = Limit(days: 5, mayExtendToDays: nil, rule: "RULES §6 complaint, request, suggestion: 5 days")
    /// Complex or heavy-workload matter: 10 days.
    public var complex = Limit(days: 10, mayExtendToDays: nil, rule: "RULES §6 complex matter: 10 days")

    public init() {}

    /// The limit for a matter.
    public func limit(kind: MatterKind, handlingClass: HandlingClass) -> Limit {
        switch handlingClass {
        case .generalEmergency, .majorEmergency: return emergency
        case .complex: return complex
        case .routine: return kind == .consultation ? routineConsultation : ordinary
        }
    }

    /// When feedback is due for a form issued at `issuedAt`.
    public func due(kind: MatterKind, handlingClass: HandlingClass, issuedAt: Date) -> (Date, Limit) {
        let l = limit(kind: kind, handlingClass: handlingClass)
        return (issuedAt.addingTimeInterval(TimeInterval(l.days) * 86_400), l)
    }
}
