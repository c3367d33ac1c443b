import Foundation

/// The units a limit of the norms is counted in (issue 11, item 1).
public enum ClockUnit: String, Sendable, Equatable, CaseIterable {
    /// Calendar minutes: an emergency's clock runs through nights and days off.
    case minutes
    /// Hours within the working hours of working days.
    case workingHours = "working-hours"
    /// Working days, counted from the day after the day of receipt, due at the close of the last.
    case workingDays = "working-days"
    /// Calendar days of 24 hours from the start.
    case days
}

/// The center's working hours on a working day (issue 11, item 1): by default 08:30–12:00 and
/// 14:00–17:30, Asia/Shanghai.
public struct WorkingHours: Sendable, Equatable, CustomStringConvertible {
    /// Seconds after midnight, each period `start < end`, in order, not overlapping.
    public let periods: [(start: Int, end: Int)]

    public static let standard = WorkingHours(unchecked: [(8 * 3_600 + 1_800, 12 * 3_600), (14 * 3_600, 17 * 3_600 + 1_800)])

    private init(unchecked periods: [(start: Int, end: Int)]) { self.periods = periods }

    /// Periods like `08:30-12:00`; nil when one does not read, is empty, or they overlap or are out of order.
    public init?(_ texts: [String]) {
        var out: [(start: Int, end: Int)] = []
        for t in texts {
            let ends = t.split(separator: "-", omittingEmptySubsequences: false)
            guard ends.count == 2, let a = Self.clock(ends[0]), let b = Self.clock(ends[1]), a < b,
                  out.last.map({ $0.end <= a }) ?? true else { return nil }
            out.append((a, b))
        }
        guard !out.isEmpty else { return nil }
        periods = out
    }

    static func clock(_ s: Substring) -> Int? {
        let p = s.trimmingCharacters(in: .whitespaces).split(separator: ":")
        guard p.count == 2, p[0].count == 2, p[1].count == 2, let h = Int(p[0]), let m = Int(p[1]), (0...24).contains(h),
              (0..<60).contains(m), h * 60 + m <= 1_440 else { return nil }
        return h * 3_600 + m * 60
    }

    /// The close of the working day (17:30).
    public var close: Int { periods.last!.end }

    /// The seconds of work in one working day (7 hours by default).
    public var secondsPerDay: Int { periods.reduce(0) { $0 + $1.end - $1.start } }

    public var description: String {
        periods.map { String(format: "%02d:%02d-%02d:%02d", $0.start / 3_600, $0.start % 3_600 / 60, $0.end / 3_600, $0.end % 3_600 / 60) }
            .joined(separator: ", ")
    }

    public static func == (a: WorkingHours, b: WorkingHours) -> Bool {
        a.periods.map(\.start) == b.periods.map(\.start) && a.periods.map(\.end) == b.periods.map(\.end)
    }
}

/// A due instant and how it was reached: the start, the amount and unit, the calendar it used,
/// and the years it had to assume (no calendar loaded for them).
public struct DueInstant: Sendable, Equatable {
    public var instant: Date
    public var start: Date
    public var amount: Double
    public var unit: ClockUnit
    public var calendarVersion: String
    /// Years the count ran into that the calendar does not hold: the instant is provisional.
    public var assumedYears: [Int]

    public var isProvisional: Bool { !assumedYears.isEmpty }
}

/// The clock's arithmetic (issue 11, item 3), pure: the same start, amount, unit, calendar and
/// working hours give the same instant. The counting convention (README, "The clock"):
///
/// - `minutes`, `days`: calendar time from the start instant (a day is 24 hours): emergencies and
///   the seven-day web rule do not stop at night or on days off.
/// - `working-hours`: only the time inside the working hours of working days counts, from the
///   start instant (or the next opening, when it starts outside them). A limit that uses up a
///   period exactly ends at that period's end — 12:00 or 17:30 — never at the next opening.
/// - `working-days`: the day of receipt is not counted (民法典 §201: a period counted in days
///   starts on the next day); day 1 is the first working day after it, and a day-N limit falls due
///   at the close of working hours (17:30) of the Nth working day (§203: where there are business
///   hours, the end is when business stops). The day of receipt is the calendar day, midnight to
///   midnight, in Asia/Shanghai. N = 0 means the same working day: its close, if the start is a
///   working day before its close, else the close of the next working day.
public struct DeadlineClock: Sendable {
    public var calendar: WorkingCalendar
    public var hours: WorkingHours
    public var zone: LocalTime

    public init(calendar: WorkingCalendar, hours: WorkingHours = .standard, zone: LocalTime = .shanghai) {
        self.calendar = calendar
        self.hours = hours
        self.zone = zone
    }

    /// A count runs at most this far (a limit of years is a mistake, not a deadline).
    static let maxDays = 3_660

    /// The instant `amount` `unit`s after `start`. Working hours may be fractional (1.5); working
    /// days are whole; nil for a negative, fractional-where-whole, or absurd amount.
    public func add(_ amount: Double, _ unit: ClockUnit, to start: Date) -> DueInstant? {
        guard amount.isFinite, amount >= 0 else { return nil }
        var assumed = Set<Int>()
        let instant: Date
        switch unit {
        case .minutes:
            guard amount <= Double(Self.maxDays) * 1_440 else { return nil }
            instant = start.addingTimeInterval((amount * 60).rounded())
        case .days:
            guard amount <= Double(Self.maxDays) else { return nil }
            instant = start.addingTimeInterval((amount * 86_400).rounded())
        case .workingDays:
            guard amount == amount.rounded(), amount <= Double(Self.maxDays) else { return nil }
            guard let due = addWorkingDays(Int(amount), to: start, assumed: &assumed) else { return nil }
            instant = due
        case .workingHours:
            guard amount <= Double(Self.maxDays) * 24 else { return nil }
            guard let due = addWorkingSeconds(Int((amount * 3_600).rounded()), to: start, assumed: &assumed) else { return nil }
            instant = due
        }
        return DueInstant(instant: instant, start: start, amount: amount, unit: unit, calendarVersion: calendar.version,
                          assumedYears: assumed.sorted())
    }

    /// Whether `day` is a working day, noting a year the calendar does not hold.
    func isWorking(_ day: Day, _ assumed: inout Set<Int>) -> Bool {
        let k = calendar.kind(of: day)
        if !k.covered { assumed.insert(day.year) }
        return k.isWorkingDay
    }

    func addWorkingDays(_ n: Int, to start: Date, assumed: inout Set<Int>) -> Date? {
        let (today, second) = zone.split(start)
        var day = today
        if n == 0, isWorking(today, &assumed), second < Double(hours.close) {
            return zone.instant(today, second: Double(hours.close))
        }
        var counted = 0
        for _ in 0..<Self.maxDays {
            day = day.adding(1)
            if isWorking(day, &assumed) {
                counted += 1
                if counted >= max(n, 1) { return zone.instant(day, second: Double(hours.close)) }
            }
        }
        return nil
    }

    func addWorkingSeconds(_ total: Int, to start: Date, assumed: inout Set<Int>) -> Date? {
        if total == 0 { return start }
        var (day, second) = zone.split(start)
        var left = Double(total)
        for _ in 0..<Self.maxDays {
            if isWorking(day, &assumed) {
                for p in hours.periods where second < Double(p.end) {
                    let from = max(second, Double(p.start))
                    let room = Double(p.end) - from
                    if left <= room { return zone.instant(day, second: from + left) }
                    left -= room
                    second = Double(p.end)
                }
            }
            day = day.adding(1)
            second = 0
        }
        return nil
    }
}
