/// The time limits of the norms (RULES.md §6), one row per line of its tables (issue 11, item 1):
/// shipped as `data/deadlines.toml`, which a clerk can read, and overridable row by row from
/// `hotline.toml`.
public struct DeadlineRules: Sendable, Equatable {
    /// Which office the limit binds.
    public enum Stage: String, Sendable, Equatable, CaseIterable {
        /// The center's network front (the mailbox path).
        case front
        /// The back office.
        case back
        /// The units.
        case unit
        /// The phone front (its own, shorter limits; the processor takes no calls).
        case phone
    }

    /// How a row counts. `unitDays` is the norms' 天 for the units, counted as `[clock] unit_day`
    /// says (working days by default; README, "The clock").
    public enum Unit: String, Sendable, Equatable, CaseIterable {
        case minutes
        case workingHours = "working-hours"
        case workingDays = "working-days"
        case days
        case unitDays = "unit-days"

        /// The clock's unit, `unit-days` resolved.
        public func clockUnit(unitDay: ClockUnit) -> ClockUnit {
            switch self {
            case .minutes: .minutes
            case .workingHours: .workingHours
            case .workingDays: .workingDays
            case .days: .days
            case .unitDays: unitDay
            }
        }
    }

    public struct Row: Sendable, Equatable {
        /// `unit.complaint`: the stage, a dot, the row's name.
        public var id: String
        public var stage: Stage
        /// The line of the norms, in words (`complaint, request, suggestion`).
        public var matter: String
        public var limit: Double
        public var unit: Unit
        /// The furthest an extension may take it, in the same unit; nil: the norms give none.
        public var extendTo: Double?

        public init(id: String, stage: Stage, matter: String, limit: Double, unit: Unit, extendTo: Double?) {
            self.id = id
            self.stage = stage
            self.matter = matter
            self.limit = limit
            self.unit = unit
            self.extendTo = extendTo
        }

        /// `RULES §6 unit.complaint (complaint, request, suggestion): 5 unit-days, no extension`.
        public var rule: String {
            "RULES §6 \(id) (\(matter)): \(ClockAmount.text(limit)) \(unit.rawValue)"
                + (extendTo.map { ", may extend to \(ClockAmount.text($0))" } ?? ", no extension")
        }

    }

    public private(set) var rows: [Row]
    /// How the units' 天 is counted.
    public var unitDay: ClockUnit

    /// Refuses a table a clerk could misread: two rows with one id, a row whose id does not begin
    /// with its stage, a negative limit, an extension shorter than the limit.
    public init(rows: [Row], unitDay: ClockUnit = .workingDays) throws(ConfigurationProblem) {
        var seen = Set<String>()
        for r in rows {
            guard seen.insert(r.id).inserted else { throw .init("deadline row \(r.id) is given twice") }
            guard r.id.hasPrefix(r.stage.rawValue + "."), r.id.count > r.stage.rawValue.count + 1 else {
                throw .init("deadline row \(r.id) must be named \(r.stage.rawValue).NAME")
            }
            let most = Self.maximum(r.unit.clockUnit(unitDay: unitDay))
            for (name, v) in [("limit", r.limit), ("extend_to", r.extendTo)] {
                guard let v else { continue }
                guard v.isFinite, v >= 0, v <= most.amount, (v * 100).rounded() == v * 100 else {
                    throw .init("deadline row \(r.id): \(name) must be a number from 0 to \(ClockAmount.text(most.amount)) \(most.unit), "
                                + "with at most two decimals")
                }
            }
            if let e = r.extendTo, !(e >= r.limit) { throw .init("deadline row \(r.id): extend_to (\(e)) is shorter than the limit (\(r.limit))") }
            if r.unit == .workingDays || (r.unit == .unitDays && unitDay == .workingDays),
               r.limit != r.limit.rounded() || (r.extendTo.map { $0 != $0.rounded() } ?? false) {
                throw .init("deadline row \(r.id): working days are whole days")
            }
        }
        guard [.workingDays, .days].contains(unitDay) else { throw .init("[clock] unit_day is working-days or days") }
        self.rows = rows
        self.unitDay = unitDay
    }

    public func row(_ id: String) -> Row? { rows.first { $0.id == id } }

    /// The longest limit a row may have, about a year in each unit: anything longer is a typing
    /// mistake, and every limit within it can be counted (`DeadlineClock.maxDays`).
    public static func maximum(_ unit: ClockUnit) -> (amount: Double, unit: String) {
        switch unit {
        case .minutes: (527_040, "minutes")
        case .workingHours: (2_000, "working hours")
        case .workingDays: (250, "working days")
        case .days: (366, "days")
        }
    }

    /// A row changed by a clerk's override (`[deadlines."unit.complaint"]` in hotline.toml); an
    /// unknown row is a configuration error, never a new deadline nobody asked for.
    public func overriding(_ id: String, limit: Double?, unit: Unit?, extendTo: Double??) throws(ConfigurationProblem) -> DeadlineRules {
        guard let i = rows.firstIndex(where: { $0.id == id }) else {
            throw .init("[deadlines] has no row \(id) (rows: \(rows.map(\.id).joined(separator: ", ")))")
        }
        var all = rows
        if let limit { all[i].limit = limit }
        if let unit { all[i].unit = unit }
        if let extendTo { all[i].extendTo = extendTo }
        return try DeadlineRules(rows: all, unitDay: unitDay)
    }
}

/// A mistake in the configuration or its data files, in the words a clerk can act on.
public struct ConfigurationProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
