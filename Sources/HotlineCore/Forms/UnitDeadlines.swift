import Foundation

/// How long a unit has to send its feedback, by the kind and handling class of the matter
/// (RULES.md §6, "The units"): a row of the deadline table, counted by the clock on China's
/// working-day calendar (issue 11; before it, a day was 24 hours from the form).
public struct UnitDeadlines: Sendable {
    /// A limit as the form carries it: the amount, its unit, the furthest an extension may take it,
    /// and the row of the table it came from.
    public struct Limit: Sendable, Equatable {
        public var amount: Double
        public var unit: ClockUnit
        public var extendTo: Double?
        /// Which line of the table applies, for the form and the case history.
        public var rule: String

        public init(amount: Double, unit: ClockUnit, extendTo: Double?, rule: String) {
            self.amount = amount
            self.unit = unit
            self.extendTo = extendTo
            self.rule = rule
        }

        /// `5个工作日`, `1日`, `30分钟`: the limit as the printed form says it.
        public static func chinese(_ amount: Double, _ unit: ClockUnit) -> String {
            let n = ClockAmount.text(amount)
            switch unit {
            case .minutes: return "\(n)分钟"
            case .workingHours: return "\(n)个工作小时"
            case .workingDays: return "\(n)个工作日"
            case .days: return "\(n)日"
            }
        }
    }

    public let rules: DeadlineRules
    public let clock: DeadlineClock

    /// The rows a unit's feedback is counted by.
    public static let rowIDs = ["unit.routine-online", "unit.emergency", "unit.complaint", "unit.complex", "unit.take-back"]

    /// Refuses a table without the units' rows (a clerk can change a row, never remove one).
    public init(rules: DeadlineRules, clock: DeadlineClock) throws(ConfigurationProblem) {
        for id in Self.rowIDs where rules.row(id) == nil { throw ConfigurationProblem("the deadline table has no row \(id)") }
        self.rules = rules
        self.clock = clock
    }

    /// The row for a matter: emergencies, complex matters, a routine consultation online, the rest.
    public func row(kind: MatterKind, handlingClass: HandlingClass) -> DeadlineRules.Row {
        let id: String
        switch handlingClass {
        case .generalEmergency, .majorEmergency: id = "unit.emergency"
        case .complex: id = "unit.complex"
        case .routine: id = kind == .consultation ? "unit.routine-online" : "unit.complaint"
        }
        return rules.row(id)!  // checked at init
    }

    /// The limit for a matter.
    public func limit(kind: MatterKind, handlingClass: HandlingClass) -> Limit {
        let r = row(kind: kind, handlingClass: handlingClass)
        return Limit(amount: r.limit, unit: r.unit.clockUnit(unitDay: rules.unitDay), extendTo: r.extendTo, rule: r.rule)
    }

    /// When feedback is due for a form that leaves at `from`. A limit that runs into a year the
    /// calendar does not hold says so in its rule (the date assumes weekends only).
    public func due(kind: MatterKind, handlingClass: HandlingClass, from: Date) -> (Date, Limit) {
        var l = limit(kind: kind, handlingClass: handlingClass)
        guard let due = clock.add(l.amount, l.unit, to: from) else {
            // Unreachable for a table that loaded (its limits are bounded); said, never silent.
            l.rule += " — not counted: beyond the clock's reach"
            return (from, l)
        }
        if due.isProvisional {
            l.rule += " — provisional: no calendar for " + due.assumedYears.map(String.init).joined(separator: ", ")
        }
        return (due.instant, l)
    }

    /// When a take-back request (回单) is due for an assignment that reached the unit at `sent`
    /// (`unit.take-back`: 1 unit-day by default, a working day).
    public func takeBackDue(sent: Date) -> Date? {
        let r = rules.row("unit.take-back")!  // checked at init
        return clock.add(r.limit, r.unit.clockUnit(unitDay: rules.unitDay), to: sent)?.instant
    }

    /// The furthest an extension may take a limit that started at `from`; nil where the norms give no cap.
    public func extensionCap(kind: MatterKind, handlingClass: HandlingClass, from: Date) -> Date? {
        let l = limit(kind: kind, handlingClass: handlingClass)
        return l.extendTo.flatMap { clock.add($0, l.unit, to: from)?.instant }
    }
}
