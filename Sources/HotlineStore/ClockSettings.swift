import Foundation
import HotlineCore

/// The clock as configured (issue 11): the calendar (the shipped years, and more from `[clock]
/// calendar`), the deadline table (shipped, rows changed by `[deadlines."…"]`), the working hours.
public struct ClockSettings: Sendable {
    public var calendar: WorkingCalendar
    public var rules: DeadlineRules
    public var hours: WorkingHours
    /// The clerk's calendar file, if one is configured.
    public var calendarFile: String?
    /// A unit is reminded (催办) after this share of its limit (`[clock] reminder_share`, 0.75).
    public var reminderShare = 0.75
    /// Where the center's duty alerts go: a front- or back-office limit passed, an escalation
    /// (`[clock] duty_address`); nil: the alert is recorded on the case only.
    public var dutyAddress: String?
    /// The center head's address, told of every escalation to round 2 (`[clock] center_head_address`).
    public var centerHeadAddress: String?

    /// The shipped data with the default hours. Broken shipped data is a defect of the program,
    /// caught by its tests, never a state a center can be in.
    public static let shipped: ClockSettings = {
        do {
            return ClockSettings(calendar: try ClockFiles.shippedCalendar(), rules: try ClockFiles.shippedRules(), hours: .standard,
                                 calendarFile: nil)
        } catch {
            preconditionFailure("the shipped clock data does not load: \(error)")
        }
    }()

    public init(calendar: WorkingCalendar, rules: DeadlineRules, hours: WorkingHours, calendarFile: String?) {
        self.calendar = calendar
        self.rules = rules
        self.hours = hours
        self.calendarFile = calendarFile
    }

    init(_ file: ConfigurationFile.Clock?, overrides: [String: ConfigurationFile.DeadlineOverride], at: (String) -> String) throws {
        var unitDay = ClockUnit.workingDays
        if let u = file?.unitDay {
            guard let v = ClockUnit(rawValue: u), v == .workingDays || v == .days else {
                throw ConfigurationProblem("clock.unit_day: \"\(u)\" is working-days or days")
            }
            unitDay = v
        }
        var hours = WorkingHours.standard
        if let h = file?.workingHours {
            guard let v = WorkingHours(h) else {
                throw ConfigurationProblem("clock.working_hours: \(h) are not periods like \"08:30-12:00\", in order, not overlapping")
            }
            hours = v
        }
        // The shipped data is parsed once (`shipped`); the configuration only changes it.
        var calendar = ClockSettings.shipped.calendar
        var calendarFile: String?
        if let c = file?.calendar {
            let path = at(c)
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw ConfigurationProblem("clock.calendar: cannot read \(path)")
            }
            calendar = try calendar.merging(try ClockFiles.calendar(text, name: path))
            calendarFile = path
        }
        var rules = try DeadlineRules(rows: ClockSettings.shipped.rules.rows, unitDay: unitDay)
        for (id, o) in overrides.sorted(by: { $0.key < $1.key }) {
            var unit: DeadlineRules.Unit?
            if let u = o.unit {
                guard let v = DeadlineRules.Unit(rawValue: u) else {
                    throw ConfigurationProblem("deadlines.\"\(id)\".unit: \"\(u)\" is not one of "
                                               + DeadlineRules.Unit.allCases.map(\.rawValue).joined(separator: ", "))
                }
                unit = v
            }
            rules = try rules.overriding(id, limit: o.limit?.value, unit: unit, extendTo: o.extendTo.map { .some($0.value) })
        }
        self.init(calendar: calendar, rules: rules, hours: hours, calendarFile: calendarFile)
        if let share = file?.reminderShare {
            guard share > 0, share < 1 else { throw ConfigurationProblem("clock.reminder_share: \(share) is not between 0 and 1") }
            reminderShare = share
        }
        for (key, value) in [("duty_address", file?.dutyAddress), ("center_head_address", file?.centerHeadAddress)] {
            guard let value else { continue }
            let parts = value.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
                  value.allSatisfy({ $0.isASCII && !$0.isWhitespace && !"<>,;\"".contains($0) }) else { throw ConfigurationProblem("clock.\(key): \"\(value)\" is not a mail address") }
        }
        dutyAddress = file?.dutyAddress
        centerHeadAddress = file?.centerHeadAddress
    }

    /// What the case clocks are counted by, in `zone`.
    public func clockRules(zone: TimeZone, batchMinutes: [Int]) throws -> ClockRules {
        ClockRules(deadlines: try unitDeadlines(zone: zone), reminderShare: reminderShare, batchMinutes: batchMinutes)
    }

    /// The units' limits on the forms, counted by this clock in `zone`.
    public func unitDeadlines(zone: TimeZone) throws -> UnitDeadlines {
        try UnitDeadlines(rules: rules, clock: deadlineClock(zone: zone))
    }

    /// The arithmetic with this calendar and these hours, in `zone`.
    public func deadlineClock(zone: TimeZone) -> DeadlineClock {
        DeadlineClock(calendar: calendar, hours: hours, zone: LocalTime(zone))
    }
}
