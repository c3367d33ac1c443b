import ArgumentParser
import Foundation
import HotlineCore
import HotlineMail
import HotlineStore

extension ClockUnit: ExpressibleByArgument {}

/// `hotline clock`: the clock's arithmetic, so that anyone can check it (issue 11, item 3).
struct ClockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clock",
        abstract: "The deadline arithmetic on China's working-day calendar: add a limit to an instant, or say what a day is.",
        subcommands: [Add.self, DayCommand.self, Hold.self, Release.self]
    )

    struct Hold: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Hold a case's running clocks, with the reason (no reminder, sheet or alert while held).")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case number.")
        var number: String
        @Option(help: "Why, for the case history.")
        var reason: String
        @Option(help: "Your name, as it goes into the case history.")
        var clerk: String

        func run() throws {
            let config = try global.loadConfiguration()
            let n = try CaseCommand.number(number, prefix: config.settings.casePrefix)
            let store = try Wiring(configuration: config, logger: global.logger("hotline")).store()
            let clocks = try ClockDesk(store: store, clock: SystemClock()).hold(n, reason: reason, clerk: clerk)
            print("\(n): clock held — \(reason)")
            for c in clocks.stages where c.status == .held { print("  \(c.explanation(LocalTime(config.settings.timeZone)))") }
        }
    }

    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Release a held clock; the held time is given back.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case number.")
        var number: String
        @Option(help: "Why, for the case history.")
        var reason: String?
        @Option(help: "Your name, as it goes into the case history.")
        var clerk: String

        func run() throws {
            let config = try global.loadConfiguration()
            let n = try CaseCommand.number(number, prefix: config.settings.casePrefix)
            let store = try Wiring(configuration: config, logger: global.logger("hotline")).store()
            let clocks = try ClockDesk(store: store, clock: SystemClock()).release(n, reason: reason, clerk: clerk)
            print("\(n): clock released")
            for c in clocks.stages where c.status == .running { print("  \(c.explanation(LocalTime(config.settings.timeZone)))") }
        }
    }

    /// An instant as a clerk types it: ISO 8601 with a zone, or without one in the center's zone
    /// (`2026-12-01T09:00`, `2026-12-01T09:00:00`, `2026-12-01` for its first moment).
    static func instant(_ text: String, zone: TimeZone) throws -> Date {
        if let d = ISODateTime.instant(text) { return d }
        let offset = LocalTime(zone).iso(Date(timeIntervalSince1970: 0)).suffix(6)
        if let d = ISODateTime.instant(text + offset) { return d }
        // A minute with a zone and no seconds (`2026-12-01T09:00+08:00`, `…T01:00Z`).
        if text.count >= 17, let t = text.firstIndex(of: "T"), text.distance(from: t, to: text.endIndex) >= 6 {
            let minute = text.index(t, offsetBy: 6)
            if let d = ISODateTime.instant(String(text[..<minute]) + ":00" + text[minute...]) { return d }
        }
        if let d = ISODateTime.local(text, timeZone: zone, endOfDay: false) { return d }
        throw ValidationError("\"\(text)\" is not an ISO 8601 instant like 2026-12-01T09:00:00+08:00 or 2026-12-01T09:00")
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the instant AMOUNT UNITs after START (README, \"The clock\", says how each unit counts).")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The start: ISO 8601; without a zone, in the center's (Asia/Shanghai).")
        var start: String
        @Argument(help: "How many (working hours may be fractional: 1.5).")
        var amount: Double
        @Argument(help: "minutes, working-hours, working-days or days.")
        var unit: ClockUnit
        @Flag(help: "Print JSON.")
        var json = false

        func run() throws {
            let config = try global.loadConfiguration()
            let zone = config.settings.timeZone
            let from = try ClockCommand.instant(start, zone: zone)
            let clock = config.clock.deadlineClock(zone: zone)
            guard let due = clock.add(amount, unit, to: from) else {
                throw ValidationError("\(amount) \(unit.rawValue) is not a limit (negative, fractional working days, or longer than ten years)")
            }
            let local = LocalTime(zone)
            if json {
                struct Out: Encodable {
                    var start, unit, due, calendar: String
                    var amount: Double
                    var provisional: Bool
                    var assumedYears: [Int]
                    enum CodingKeys: String, CodingKey {
                        case start, unit, due, calendar, amount, provisional
                        case assumedYears = "assumed_years"
                    }
                }
                print(try CaseJSON.render(Out(start: local.iso(from), unit: unit.rawValue, due: local.iso(due.instant),
                                              calendar: due.calendarVersion, amount: amount, provisional: due.isProvisional,
                                              assumedYears: due.assumedYears)))
                return
            }
            print(local.iso(due.instant))
            print("  \(Self.amount(amount)) \(unit.rawValue) from \(local.iso(from)); calendar \(due.calendarVersion)")
            if due.isProvisional {
                print("  provisional: no calendar for \(due.assumedYears.map(String.init).joined(separator: ", ")) "
                      + "(its days off are not known; weekends only)")
            }
        }

        static func amount(_ v: Double) -> String { ClockAmount.text(v) }
    }

    struct DayCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "day",
                                                        abstract: "Say whether a date is a working day, and why.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The date, e.g. 2026-02-14.")
        var date: String

        func run() throws {
            let config = try global.loadConfiguration()
            guard let day = Day(date) else { throw ValidationError("\"\(date)\" is not a date like 2026-02-14") }
            print(config.clock.calendar.kind(of: day))
        }
    }
}

/// `hotline calendar check`: the calendar of days off and make-up working days, checked (issue 11, item 2).
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Check the working-day calendar: the shipped years, the configured file, or a file to load.",
        subcommands: [Check.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the years loaded and their notices, and every problem; exit 1 when the calendar has any.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "A calendar file to check as it would be loaded (default: the configured calendar).")
        var file: String?

        func run() throws {
            let config = try global.loadConfiguration()
            var calendar = config.clock.calendar
            if let file {
                guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                    throw ValidationError("cannot read \(file)")
                }
                do {
                    calendar = try calendar.merging(try ClockFiles.calendar(text, name: file))
                } catch let e as CalendarProblem {
                    print("refused: \(e)")
                    throw ExitCode(1)
                } catch let e as ConfigurationProblem {
                    print("refused: \(e)")
                    throw ExitCode(1)
                }
            }
            for y in calendar.loadedYears {
                guard let data = calendar.years[y] else { continue }
                print("\(y)  \(data.holidays.count) holidays, \(data.makeUpDays.count) make-up working days  — \(data.source)")
            }
            print("calendar \(calendar.version)")
            let problems = calendar.problems
            for p in problems { print("problem: \(p)") }
            let today = LocalTime(config.settings.timeZone).split(Date()).day
            if let warning = calendar.missingNextYear(today: today) { print("warning: \(warning)") }
            if !problems.isEmpty { throw ExitCode(1) }
        }
    }
}
