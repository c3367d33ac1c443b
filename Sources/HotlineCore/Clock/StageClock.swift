import Foundation

/// The offices a case's clocks bind (issue 11, item 4).
public enum ClockStage: String, Sendable, Codable, CaseIterable, Comparable {
    /// The network front: registered and submitted in time for its class.
    case front
    /// The back office: dispatched in its batch, or within 15 / 5 minutes for emergencies.
    case back
    /// The unit's feedback.
    case unit
    /// The whole case, from receipt to the center's accepted review.
    case whole = "case"

    public static func < (a: ClockStage, b: ClockStage) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// `the unit's clock`.
    public var words: String {
        switch self {
        case .front: "front office"
        case .back: "back office"
        case .unit: "unit"
        case .whole: "whole case"
        }
    }
}

extension ClockUnit: Codable {}

/// One stage's clock and how its due instant was computed: the rule row, the start, the amount and
/// unit, the calendar version; what moved it since (`why`, `givenBack`) and where it stands.
public struct StageClock: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable {
        /// Counting.
        case running
        /// The unit's reply is with the center (review, confirmation): its time does not run.
        case stopped
        /// A clerk holds the case's clock (`hotline clock hold`).
        case held
        /// Done: the stage's work was done at `since` (late when after the due instant).
        case met
        /// No longer counted: taken back, out of scope.
        case ended
    }

    public var stage: ClockStage
    /// The deadline table's row (`unit.complaint`).
    public var row: String
    public var start: Date
    public var amount: Double
    public var unit: ClockUnit
    /// The calendar the due instant was counted with (`WorkingCalendar.version`).
    public var calendarVersion: String
    public var due: Date
    /// Years the count ran into with no calendar loaded: the due instant is provisional.
    public var assumedYears: [Int]
    /// The supervision round (0: the assignment's own limit).
    public var round: Int = 0
    public var status: Status = .running
    /// Since when it is stopped or held; when it was met or ended.
    public var since: Date?
    /// Met after its due instant.
    public var late: Bool = false
    /// The unit it binds (the unit stage).
    public var unitCode: String?
    /// What set or last moved it, in words.
    public var why: String
    /// What stops and holds gave back, in its unit.
    public var givenBack: Double = 0
    /// The latest instant time was given back up to (a stop never starts before it).
    public var countedTo: Date?

    public init(stage: ClockStage, row: String, start: Date, amount: Double, unit: ClockUnit, calendarVersion: String, due: Date,
                assumedYears: [Int], status: Status = .running, since: Date? = nil, why: String) {
        self.stage = stage
        self.row = row
        self.start = start
        self.amount = amount
        self.unit = unit
        self.calendarVersion = calendarVersion
        self.due = due
        self.assumedYears = assumedYears
        self.status = status
        self.since = since
        self.why = why
    }

    public var isProvisional: Bool { !assumedYears.isEmpty }

    /// The row in words (`RULES §6 unit.complaint (…): 5 unit-days, no extension`), from the table
    /// (kept by its id only: the table says the rest).
    public func rule(_ rules: ClockRules) -> String { rules.table.row(row)?.rule ?? row }
    /// Counting, or held: still open.
    public var isOpen: Bool { status == .running || status == .stopped || status == .held }

    /// What stops and holds gave back: working days or hours as counted, calendar time as a duration.
    var givenBackText: String {
        switch unit {
        case .workingDays: return "\(ClockAmount.text(givenBack)) working days"
        case .workingHours: return "\(ClockAmount.text((givenBack * 100).rounded() / 100)) working hours"
        case .minutes, .days:
            let s = Int((givenBack * (unit == .days ? 86_400 : 60)).rounded())
            return s >= 3_600 ? "\(s / 3_600) h \(s % 3_600 / 60) min" : s >= 60 ? "\(s / 60) min" : "\(s) s"
        }
    }

    /// The clock in one line a clerk understands (`hotline case show`).
    /// With `rules`, the row's line of the norms is named too.
    public func explanation(_ zone: LocalTime, rules: ClockRules? = nil) -> String {
        let amount = "\(ClockAmount.text(self.amount)) \(unit.rawValue)"
        let matter = rules?.table.row(row).map { " (\($0.matter))" } ?? ""
        var s = "\(stage.words): due \(zone.iso(due)) — \(row)\(matter), \(amount) from \(zone.iso(start))"
        if givenBack > 0 { s += ", \(givenBackText) given back" }
        if stage == .unit, round > 0 { s += ", supervision round \(round)" }
        if stage == .back, round > 1 { s += ", started \(round) times" }
        s += "; \(why)"
        switch status {
        case .running: s += "; running"
        case .stopped: s += "; stopped since \(since.map(zone.iso) ?? "?") (the reply is with the center)"
        case .held: s += "; held since \(since.map(zone.iso) ?? "?")"
        case .met: s += "; met \(since.map(zone.iso) ?? "?")" + (late ? ", late" : ", in time")
        case .ended: s += "; ended \(since.map(zone.iso) ?? "?")"
        }
        if isProvisional { s += "; provisional: no calendar for " + assumedYears.map(String.init).joined(separator: ", ") }
        s += " (calendar \(calendarVersion))"
        return s
    }
}

/// One change to a stage's clock, recorded as a `clock-…` event with the clock after it.
public struct ClockChange: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case started, moved, stopped, resumed, held, released, met, ended, recomputed
    }
    public var kind: Kind
    public var clock: StageClock
    /// The due instant before a move or recomputation.
    public var previousDue: Date?

    public init(_ kind: Kind, _ clock: StageClock, previousDue: Date? = nil) {
        self.kind = kind
        self.clock = clock
        self.previousDue = previousDue
    }
}
