import Foundation

/// What the clocks of a case are counted by (issue 11, item 4): the deadline table and the clock
/// (calendar, working hours, zone), and when a unit is reminded (item 5). Pure.
public struct ClockRules: Sendable {
    public var deadlines: UnitDeadlines
    /// The share of a unit's limit after which it is reminded (催办): 0.75 by default.
    public var reminderShare: Double
    /// The back office's dispatch batches: a routine matter is due the day of its first batch.
    public var batches: DispatchSchedule

    public init(deadlines: UnitDeadlines, reminderShare: Double = 0.75, batchMinutes: [Int] = [11 * 60 + 30, 17 * 60]) {
        self.deadlines = deadlines
        self.reminderShare = reminderShare
        batches = DispatchSchedule(batchMinutes: batchMinutes, timeZone: TimeZone(secondsFromGMT: deadlines.clock.zone.offset) ?? .gmt,
                                   workingDays: deadlines.clock.calendar)
    }

    public var clock: DeadlineClock { deadlines.clock }
    public var table: DeadlineRules { deadlines.rules }

    /// Names what the instants were computed with: the calendar's version and the table's rows.
    /// A stored clock of another version is recomputed (a year loaded, a row changed).
    public var version: String {
        let rows = table.rows.map { "\($0.id)=\($0.limit)\($0.unit.rawValue)\($0.extendTo.map { "/\($0)" } ?? "")" }
        let rest = "|\(table.unitDay.rawValue)|\(clock.hours)|\(clock.zone.offset)|\(reminderShare)|\(batches.batchMinutes)"
        return clock.calendar.version + "+" + sha256Hex(Array((rows.joined(separator: ";") + rest).utf8)).prefix(12)
    }

    /// The front office's row for a matter of this class (RULES.md §6, the network front).
    func frontRow(_ c: HandlingClass) -> String {
        switch c {
        case .routine: "front.answer-through-unit"
        case .generalEmergency: "front.general-emergency"
        case .majorEmergency: "front.major-emergency"
        case .complex: "front.complex"
        }
    }

    /// The back office's row: a provincial transfer, an emergency, or the routine dispatch batches.
    func backRow(_ c: HandlingClass, channel: Channel) -> String {
        if channel == .provincialTransfer { return "back.provincial-transfer" }
        switch c {
        case .generalEmergency: return "back.general-emergency"
        case .majorEmergency: return "back.major-emergency"
        case .routine, .complex: return "back.routine-dispatch"
        }
    }

    /// A clock of `row` started at `start`; nil when the table has no such row (it always has: the
    /// shipped table is complete and overrides cannot remove a row).
    func started(_ stage: ClockStage, row id: String, at registered: Date, why: String) -> StageClock? {
        guard let row = table.row(id) else { return nil }
        let unit = row.unit.clockUnit(unitDay: table.unitDay)
        // Routine dispatch: "twice a day …, all cleared the same day" — the day of the first batch
        // after registration (a matter registered after the last batch is cleared the next working day).
        let start = id == "back.routine-dispatch" ? batches.nextBatch(after: registered) : registered
        let due = clock.add(row.limit, unit, to: start)
        return StageClock(stage: stage, row: id, start: start, amount: row.limit, unit: unit,
                          calendarVersion: clock.calendar.version, due: due?.instant ?? start,
                          assumedYears: due?.assumedYears ?? [],
                          why: start == registered ? why : why + "; counted from the next dispatch batch")
    }

    /// When a unit is reminded on this clock: once `reminderShare` of the time from its start to
    /// its due has passed (in its unit: working time for working units), in working hours. A moment
    /// at night or on a day off waits for the next working time when that still comes before the
    /// due; when the limit itself falls first (an emergency's night), the reminder is brought
    /// forward into the last working hour before that moment. nil when no working time lies
    /// between the start and the due.
    public func reminderAt(_ c: StageClock) -> Date? {
        let r: Date?
        switch c.unit {
        case .minutes, .days:
            r = c.start.addingTimeInterval(c.due.timeIntervalSince(c.start) * reminderShare)
        case .workingHours, .workingDays:
            let seconds = clock.workingSeconds(from: c.start, to: c.due) * reminderShare
            r = clock.add(seconds / 3_600, .workingHours, to: c.start)?.instant
        }
        guard let r, r < c.due else { return nil }
        if clock.isWorkingTime(r) { return r }
        if let next = clock.nextWorkingTime(atOrAfter: r), next < c.due { return next }
        guard let p = clock.lastWorkingPeriod(atOrBefore: r), p.end > c.start else { return nil }
        let lastHour = max(p.start, p.end.addingTimeInterval(-3_600), c.start)
        return clock.isWorkingTime(lastHour) ? lastHour : nil
    }
}
