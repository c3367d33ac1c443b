import Foundation
import HotlineCore
import TOMLKit

/// The clock's data files (issue 11, items 1 and 2): the calendar of days off and make-up working
/// days, and the deadline table — shipped with the program (`data/`, embedded through `Shipped`)
/// and, for the calendar, more years from a file a clerk edits. TOML, keys checked strictly.
public enum ClockFiles {
    /// The shipped `data/calendar.toml` (2025 and 2026).
    public static func shippedCalendar() throws -> WorkingCalendar {
        try calendar(String(decoding: PackageResources.calendar_toml, as: UTF8.self), name: "the shipped calendar")
    }

    /// The shipped `data/deadlines.toml`, its units' 天 counted as `unitDay`.
    public static func shippedRules(unitDay: ClockUnit = .workingDays) throws -> DeadlineRules {
        try rules(String(decoding: PackageResources.deadlines_toml, as: UTF8.self), name: "the shipped deadline table", unitDay: unitDay)
    }

    /// A calendar file; a mistake is a `ConfigurationProblem` naming the file, a year the loader
    /// refuses (a make-up day not on a weekend, a day both off and worked) a `CalendarProblem`.
    public static func calendar(_ text: String, name: String) throws -> WorkingCalendar {
        let file: CalendarFile
        do { file = try TOMLDecoder(strictDecoding: true).decode(CalendarFile.self, from: text) } catch {
            throw ConfigurationProblem("\(name): \(error)")
        }
        var years: [WorkingCalendar.Year] = []
        for y in file.year {
            func day(_ d: TOMLDate, _ what: String) throws -> Day {
                guard let day = Day(year: d.year, month: d.month, day: d.day) else {
                    throw ConfigurationProblem("\(name), \(y.year): \(what) is not a date")
                }
                return day
            }
            years.append(WorkingCalendar.Year(
                year: y.year, source: y.source ?? "",
                holidays: try (y.holiday ?? []).map { .init(name: $0.name, from: try day($0.from, $0.name), to: try day($0.to, $0.name)) },
                makeUpDays: try (y.workday ?? []).map { .init(day: try day($0.date, "a workday"), festival: $0.for) }))
        }
        return try WorkingCalendar(years: years)
    }

    /// A deadline table.
    public static func rules(_ text: String, name: String, unitDay: ClockUnit) throws -> DeadlineRules {
        let file: DeadlinesFile
        do { file = try TOMLDecoder(strictDecoding: true).decode(DeadlinesFile.self, from: text) } catch {
            throw ConfigurationProblem("\(name): \(error)")
        }
        var rows: [DeadlineRules.Row] = []
        for (stage, table) in [(DeadlineRules.Stage.front, file.front), (.back, file.back), (.unit, file.unit), (.phone, file.phone)] {
            for (key, r) in (table ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let unit = DeadlineRules.Unit(rawValue: r.unit) else {
                    throw ConfigurationProblem("\(name): \(stage.rawValue).\(key): unit \"\(r.unit)\" is not one of "
                                               + DeadlineRules.Unit.allCases.map(\.rawValue).joined(separator: ", "))
                }
                rows.append(.init(id: "\(stage.rawValue).\(key)", stage: stage, matter: r.matter, limit: r.limit.value, unit: unit,
                                  extendTo: r.extendTo?.value))
            }
        }
        return try DeadlineRules(rows: rows, unitDay: unitDay)
    }

    struct CalendarFile: Decodable {
        struct Year: Decodable {
            var year: Int
            /// Optional here so that a year without it loads and `problems` names what is missing,
            /// as it does for an empty one.
            var source: String?
            var holiday: [Holiday]?
            var workday: [Workday]?
        }
        struct Holiday: Decodable {
            var name: String
            var from: TOMLDate
            var to: TOMLDate
        }
        struct Workday: Decodable {
            var date: TOMLDate
            var `for`: String
        }
        var year: [Year]
    }

    struct DeadlinesFile: Decodable {
        struct Row: Decodable {
            var matter: String
            var limit: Amount
            var unit: String
            var extendTo: Amount?
            enum CodingKeys: String, CodingKey {
                case matter, limit, unit
                case extendTo = "extend_to"
            }
        }
        var front: [String: Row]?
        var back: [String: Row]?
        var unit: [String: Row]?
        var phone: [String: Row]?
    }

    /// A number as TOML writes it: `5` or `1.5`.
    struct Amount: Decodable {
        var value: Double
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let i = try? c.decode(Int.self) { value = Double(i) } else { value = try c.decode(Double.self) }
        }
    }
}
