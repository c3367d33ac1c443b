import Foundation

/// China's official days off and make-up working days (调休), year by year, as the State Council's
/// notice for each year sets them (issue 11, item 2). A year not loaded is not guessed: a day in it
/// is judged by its weekday alone and every answer says so (`DayKind.covered`).
public struct WorkingCalendar: Sendable, Equatable {
    /// A festival's days off: `from` … `to`, inclusive.
    public struct Holiday: Sendable, Equatable {
        public var name: String
        public var from: Day
        public var to: Day

        public init(name: String, from: Day, to: Day) {
            self.name = name
            self.from = from
            self.to = to
        }

        public func contains(_ day: Day) -> Bool { from <= day && day <= to }
    }

    /// A Saturday or Sunday worked in exchange for a day off (调休上班).
    public struct MakeUpDay: Sendable, Equatable {
        public var day: Day
        /// The festival it makes up for.
        public var festival: String

        public init(day: Day, festival: String) {
            self.day = day
            self.festival = festival
        }
    }

    public struct Year: Sendable, Equatable {
        public var year: Int
        /// The notice that sets it (国务院办公厅关于…年部分节假日安排的通知, its number and date).
        public var source: String
        public var holidays: [Holiday]
        public var makeUpDays: [MakeUpDay]

        public init(year: Int, source: String, holidays: [Holiday], makeUpDays: [MakeUpDay]) {
            self.year = year
            self.source = source
            self.holidays = holidays
            self.makeUpDays = makeUpDays
        }
    }

    public let years: [Int: Year]
    /// Names the data the instants were computed with: the years and a digest of their days, so a
    /// due instant can say which calendar it came from and be recomputed when it changes. Worked
    /// out once, here: every count the clock makes carries it.
    public let version: String

    /// Refuses what no notice can say (issue 11, item 2): a make-up working day that is not a
    /// Saturday or Sunday, a day both off and worked. `problems` lists everything else worth a look.
    public init(years: [Year]) throws(CalendarProblem) {
        var byYear: [Int: Year] = [:]
        for y in years {
            if byYear[y.year] != nil { throw .init(year: y.year, "the year is given twice") }
            byYear[y.year] = y
        }
        self.years = byYear
        version = Self.version(of: byYear)
        if let fatal = problems.first(where: \.refusesTheCalendar) { throw fatal }
    }

    /// The calendar with `other`'s years added; a year in both is `other`'s (a clerk's file replaces
    /// the shipped year).
    public func merging(_ other: WorkingCalendar) throws(CalendarProblem) -> WorkingCalendar {
        var all = years
        for (y, data) in other.years { all[y] = data }
        return try WorkingCalendar(years: all.values.sorted { $0.year < $1.year })
    }

    /// The years loaded, in order.
    public var loadedYears: [Int] { years.keys.sorted() }

    static func version(of years: [Int: Year]) -> String {
        let loadedYears = years.keys.sorted()
        var text = ""
        for y in loadedYears {
            guard let data = years[y] else { continue }
            text += "\(y):" + data.holidays.map { "\($0.from)..\($0.to)" }.joined(separator: ",")
                + "/" + data.makeUpDays.map(\.day.description).joined(separator: ",") + ";"
        }
        let digest = sha256Hex(Array(text.utf8)).prefix(8)
        let span = loadedYears.first.map { first in first == loadedYears.last ? "\(first)" : "\(first)-\(loadedYears.last!)" } ?? "none"
        return "cn-\(span)-\(digest)"
    }

    /// Whether a year's days off are known: its notice is loaded and gives holidays (a year
    /// loaded with none is a mistake, not a year without festivals).
    public func covers(_ year: Int) -> Bool { !(years[year]?.holidays.isEmpty ?? true) }

    /// What a day is, and why. A notice may reach into the next or the previous year (元旦 from
    /// 30 December): every loaded notice is asked, the day's own year decides whether it is covered.
    public func kind(of day: Day) -> DayKind {
        let covered = covers(day.year)
        for y in [day.year, day.year + 1, day.year - 1] {
            guard let data = years[y] else { continue }
            if let h = data.holidays.first(where: { $0.contains(day) }) { return DayKind(day: day, reason: .holiday(h.name), covered: covered) }
            if let m = data.makeUpDays.first(where: { $0.day == day }) {
                return DayKind(day: day, reason: .makeUpWorkingDay(m.festival), covered: covered)
            }
        }
        return DayKind(day: day, reason: day.isWeekend ? .weekend : .weekday, covered: covered)
    }

    /// A notice's days lie in its year or within a month of it (元旦 may begin on 30 December).
    static func belongs(_ day: Day, to year: Int) -> Bool {
        guard let first = Day(year: year, month: 1, day: 1), let last = Day(year: year, month: 12, day: 31) else { return false }
        return first.adding(-31) <= day && day <= last.adding(31)
    }

    /// Everything worth a clerk's look, the refusals first: a make-up day not on a weekend, a day both
    /// off and worked, holidays that overlap, a day outside its year, a year with no holidays, a
    /// holiday that runs backwards, a year without its notice named.
    public var problems: [CalendarProblem] {
        var out: [CalendarProblem] = []
        for y in loadedYears {
            guard let data = years[y] else { continue }
            for m in data.makeUpDays where !m.day.isWeekend {
                out.append(.init(year: y, refuses: true, "make-up working day \(m.day) is a \(m.day.weekdayName), not a Saturday or Sunday"))
            }
            for m in data.makeUpDays {
                if let h = data.holidays.first(where: { $0.contains(m.day) }) {
                    out.append(.init(year: y, refuses: true, "\(m.day) is both a day off (\(h.name)) and a make-up working day"))
                }
            }
            for (i, a) in data.holidays.enumerated() {
                if a.to < a.from { out.append(.init(year: y, refuses: true, "\(a.name) ends (\(a.to)) before it begins (\(a.from))")) }
                for b in data.holidays[(i + 1)...] where a.from <= b.to && b.from <= a.to {
                    out.append(.init(year: y, "\(a.name) and \(b.name) overlap"))
                }
                if !Self.belongs(a.from, to: y) || !Self.belongs(a.to, to: y) {
                    out.append(.init(year: y, "\(a.name) (\(a.from)…\(a.to)) is not in \(y)"))
                }
            }
            for m in data.makeUpDays where !Self.belongs(m.day, to: y) { out.append(.init(year: y, "make-up day \(m.day) is not in \(y)")) }
            let days = data.makeUpDays.map(\.day)
            if Set(days).count != days.count { out.append(.init(year: y, "a make-up working day is given twice")) }
            if data.holidays.isEmpty {
                out.append(.init(year: y, "\(y) has no holidays: its days are counted as provisional until they are given"))
            }
            if data.source.trimmingCharacters(in: .whitespaces).isEmpty { out.append(.init(year: y, "\(y) does not name its notice (source)")) }
        }
        return out.sorted { ($0.refusesTheCalendar ? 0 : 1, $0.year) < ($1.refusesTheCalendar ? 0 : 1, $1.year) }
    }

    /// The warning `hotline run` and `hotline calendar check` give from 1 November when next
    /// year's notice is not loaded (it is usually published in late October or November).
    public func missingNextYear(today: Day) -> String? {
        guard today.month >= 11, !covers(today.year + 1) else { return nil }
        return "no calendar for \(today.year + 1): deadlines that run into \(today.year + 1) are provisional until its holiday notice "
            + "is loaded ([clock] calendar, hotline calendar check)"
    }
}

/// What a day is for the clock.
public struct DayKind: Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case weekday
        case weekend
        case holiday(String)
        case makeUpWorkingDay(String)
    }

    public var day: Day
    public var reason: Reason
    /// Whether the day's year is in the loaded calendar; when it is not, holidays are unknown.
    public var covered: Bool

    public var isWorkingDay: Bool {
        switch reason {
        case .weekday, .makeUpWorkingDay: true
        case .weekend, .holiday: false
        }
    }

    /// `2026-02-14 Saturday: working day (make-up working day for 春节)`.
    public var description: String {
        let why: String
        switch reason {
        case .weekday: why = "working day"
        case .weekend: why = "day off (weekend)"
        case .holiday(let name): why = "day off (holiday: \(name))"
        case .makeUpWorkingDay(let name): why = "working day (make-up working day for \(name))"
        }
        return "\(day) \(day.weekdayName): \(why)" + (covered ? "" : " — provisional: no calendar for \(day.year)")
    }
}

/// Something wrong or doubtful in a calendar file.
public struct CalendarProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var year: Int
    public var message: String
    /// A make-up day not on a weekend, a day both off and worked: the calendar is not loaded.
    public var refusesTheCalendar: Bool

    public init(year: Int, refuses: Bool = false, _ message: String) {
        self.year = year
        self.message = message
        refusesTheCalendar = refuses
    }

    public var description: String { "\(year): \(message)" }
}
