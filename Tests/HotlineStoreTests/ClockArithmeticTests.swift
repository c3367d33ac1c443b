import Foundation
import HotlineCore
import HotlineStore
import XCTest

/// `DeadlineClock.add` on the shipped calendar (issue 11, item 3), against the convention its doc
/// comment states. Every expected instant was worked out by hand from `data/calendar.toml` and a
/// weekday table, never read back from the code: 2025-01-01 is a Wednesday, 2026-01-01 a
/// Thursday, 2027-01-01 a Friday. Working hours are 08:30–12:00 and 14:00–17:30 (7 h a day).
final class ClockArithmeticTests: XCTestCase {
    /// One line of a table: from `start`, `amount` `unit`s fall due at `due`, having assumed
    /// `provisional` (years the calendar does not hold).
    struct Row {
        var start: String
        var amount: Double
        var unit: ClockUnit
        var due: String
        var provisional: [Int]
        var why: String
        var line: UInt
    }

    func row(_ start: String, _ amount: Double, _ unit: ClockUnit, _ due: String, _ provisional: [Int], _ why: String,
             line: UInt = #line) -> Row {
        Row(start: start, amount: amount, unit: unit, due: due, provisional: provisional, why: why, line: line)
    }

    /// A row that assumes no year.
    func row(_ start: String, _ amount: Double, _ unit: ClockUnit, _ due: String, _ why: String, line: UInt = #line) -> Row {
        row(start, amount, unit, due, [], why, line: line)
    }

    func instant(_ iso: String, line: UInt = #line) throws -> Date {
        try XCTUnwrap(ISO8601DateFormatter().date(from: iso), "\(iso) does not read", line: line)
    }

    func check(_ rows: [Row]) throws {
        let clock = DeadlineClock(calendar: try ClockFiles.shippedCalendar())
        for r in rows {
            let start = try instant(r.start, line: r.line)
            guard let due = clock.add(r.amount, r.unit, to: start) else {
                XCTFail("\(r.why): no instant", line: r.line)
                continue
            }
            XCTAssertEqual(due.instant, try instant(r.due, line: r.line), "\(r.why): \(LocalTime.shanghai.iso(due.instant))", line: r.line)
            XCTAssertEqual(LocalTime.shanghai.iso(due.instant), r.due, r.why, line: r.line)
            XCTAssertEqual(due.assumedYears, r.provisional, r.why, line: r.line)
            XCTAssertEqual(due.isProvisional, !r.provisional.isEmpty, r.why, line: r.line)
            XCTAssertEqual(due.start, start, r.why, line: r.line)
            XCTAssertEqual(due.unit, r.unit, r.why, line: r.line)
        }
    }

    // MARK: working hours

    func testWorkingHoursAroundTheCutOffs() throws {
        // 2026-03-02 is a plain Monday, 2026-03-03 a plain Tuesday.
        try check([
            row("2026-03-02T08:29:00+08:00", 0.5, .workingHours, "2026-03-02T09:00:00+08:00", "before the opening: counts from 08:30"),
            row("2026-03-02T08:30:00+08:00", 0.5, .workingHours, "2026-03-02T09:00:00+08:00", "at the opening"),
            row("2026-03-02T10:00:00+08:00", 1.5, .workingHours, "2026-03-02T11:30:00+08:00", "inside the morning"),
            row("2026-03-02T08:30:00+08:00", 3.5, .workingHours, "2026-03-02T12:00:00+08:00", "the whole morning ends at 12:00, not 14:00"),
            row("2026-03-02T10:30:00+08:00", 1.5, .workingHours, "2026-03-02T12:00:00+08:00", "used up exactly at 12:00"),
            row("2026-03-02T09:00:00+08:00", 3.5, .workingHours, "2026-03-02T14:30:00+08:00", "3 h before noon, 0.5 h after 14:00"),
            row("2026-03-02T11:59:00+08:00", 0.5, .workingHours, "2026-03-02T14:29:00+08:00", "one minute before noon, 29 after 14:00"),
            row("2026-03-02T12:00:00+08:00", 0.5, .workingHours, "2026-03-02T14:30:00+08:00", "at noon: counts from 14:00"),
            row("2026-03-02T13:59:00+08:00", 0.5, .workingHours, "2026-03-02T14:30:00+08:00", "a minute before 14:00"),
            row("2026-03-02T14:00:00+08:00", 1.5, .workingHours, "2026-03-02T15:30:00+08:00", "at 14:00"),
            row("2026-03-02T16:00:00+08:00", 1.5, .workingHours, "2026-03-02T17:30:00+08:00", "used up exactly at 17:30, not next 08:30"),
            row("2026-03-02T17:29:00+08:00", 0.5, .workingHours, "2026-03-03T08:59:00+08:00", "one minute today, 29 tomorrow"),
            row("2026-03-02T17:30:00+08:00", 0.5, .workingHours, "2026-03-03T09:00:00+08:00", "at the close: counts from tomorrow"),
            row("2026-03-02T23:59:00+08:00", 0.5, .workingHours, "2026-03-03T09:00:00+08:00", "late at night"),
            row("2026-03-03T00:00:00+08:00", 0.5, .workingHours, "2026-03-03T09:00:00+08:00", "at midnight"),
            row("2026-03-02T08:30:00+08:00", 7, .workingHours, "2026-03-02T17:30:00+08:00", "7 h is one full day"),
            row("2026-03-02T08:00:00+08:00", 7, .workingHours, "2026-03-02T17:30:00+08:00", "7 h from before the opening"),
            row("2026-03-02T17:30:00+08:00", 7, .workingHours, "2026-03-03T17:30:00+08:00", "7 h from the close: all of tomorrow"),
            row("2026-03-02T12:00:00+08:00", 7, .workingHours, "2026-03-03T12:00:00+08:00", "7 h from noon: the afternoon and a morning"),
            row("2026-03-06T16:00:00+08:00", 3.5, .workingHours, "2026-03-09T10:30:00+08:00", "Friday 1.5 h, the weekend skipped, Monday 2 h"),
            row("2026-03-07T10:00:00+08:00", 0.5, .workingHours, "2026-03-09T09:00:00+08:00", "a plain Saturday: counts from Monday"),
            row("2026-03-02T08:30:00+08:00", 0, .workingHours, "2026-03-02T08:30:00+08:00", "nothing to count"),
        ])
    }

    func testWorkingHoursThroughHolidaysAndMakeUpDays() throws {
        try check([
            // 2025: 春节 01-28…02-04, worked Sun 01-26 and Sat 02-08.
            row("2025-01-26T10:00:00+08:00", 1, .workingHours, "2025-01-26T11:00:00+08:00", "make-up Sunday 2025-01-26 is worked"),
            row("2025-01-27T17:00:00+08:00", 1, .workingHours, "2025-02-05T09:00:00+08:00", "the eve of 春节 2025: resumes Wednesday 02-05"),
            row("2025-02-07T17:00:00+08:00", 1, .workingHours, "2025-02-08T09:00:00+08:00", "make-up Saturday 2025-02-08"),
            // 2025: 劳动节 05-01…05-05, worked Sun 04-27; 国庆节、中秋节 10-01…10-08, worked Sun 09-28, Sat 10-11.
            row("2025-04-25T17:00:00+08:00", 1, .workingHours, "2025-04-27T09:00:00+08:00", "Saturday skipped, make-up Sunday 2025-04-27"),
            row("2025-04-30T17:00:00+08:00", 1, .workingHours, "2025-05-06T09:00:00+08:00", "劳动节 2025: resumes Tuesday 05-06"),
            row("2025-09-26T17:00:00+08:00", 1, .workingHours, "2025-09-28T09:00:00+08:00", "make-up Sunday 2025-09-28"),
            row("2025-09-30T17:00:00+08:00", 7, .workingHours, "2025-10-09T17:00:00+08:00", "0.5 h, 国庆节 2025 skipped, 6.5 h on 10-09"),
            row("2025-10-10T17:00:00+08:00", 1, .workingHours, "2025-10-11T09:00:00+08:00", "make-up Saturday 2025-10-11"),
            // 2026: 元旦 01-01…01-03 worked Sun 01-04; 春节 02-15…02-23 worked Sat 02-14, Sat 02-28.
            row("2026-01-03T12:00:00+08:00", 0.5, .workingHours, "2026-01-04T09:00:00+08:00", "a holiday Saturday; make-up Sunday 2026-01-04"),
            row("2026-02-13T17:00:00+08:00", 1, .workingHours, "2026-02-14T09:00:00+08:00", "make-up Saturday 2026-02-14"),
            row("2026-02-14T16:00:00+08:00", 3.5, .workingHours, "2026-02-24T10:30:00+08:00", "1.5 h on 02-14, 春节 2026 skipped, 2 h on 02-24"),
            row("2026-02-15T10:00:00+08:00", 1, .workingHours, "2026-02-24T09:30:00+08:00", "starts on the first day of 春节 2026"),
            row("2026-02-20T09:00:00+08:00", 7, .workingHours, "2026-02-24T17:30:00+08:00", "starts in the middle of 春节 2026"),
            row("2026-02-27T17:30:00+08:00", 0.5, .workingHours, "2026-02-28T09:00:00+08:00", "make-up Saturday 2026-02-28"),
            // 2026: 劳动节 05-01…05-05 worked Sat 05-09; 中秋节 09-25…09-27, 国庆节 10-01…10-07 worked Sun 09-20, Sat 10-10.
            row("2026-04-30T17:00:00+08:00", 1, .workingHours, "2026-05-06T09:00:00+08:00", "劳动节 2026: resumes Wednesday 05-06"),
            row("2026-05-08T17:30:00+08:00", 0.5, .workingHours, "2026-05-09T09:00:00+08:00", "make-up Saturday 2026-05-09"),
            row("2026-09-18T17:30:00+08:00", 3.5, .workingHours, "2026-09-20T12:00:00+08:00", "make-up Sunday 2026-09-20, ends exactly at 12:00"),
            row("2026-09-24T17:00:00+08:00", 1, .workingHours, "2026-09-28T09:00:00+08:00", "中秋节 2026: resumes Monday 09-28"),
            row("2026-09-30T17:00:00+08:00", 7, .workingHours, "2026-10-08T17:00:00+08:00", "0.5 h, 国庆节 2026 skipped, 6.5 h on 10-08"),
            row("2026-10-01T09:00:00+08:00", 1.5, .workingHours, "2026-10-08T10:00:00+08:00", "starts on 国庆节 2026"),
            row("2026-10-09T17:00:00+08:00", 1, .workingHours, "2026-10-10T09:00:00+08:00", "make-up Saturday 2026-10-10"),
        ])
    }

    // MARK: working days

    func testWorkingDaysZeroIsTheSameWorkingDay() throws {
        try check([
            row("2026-03-02T00:00:00+08:00", 0, .workingDays, "2026-03-02T17:30:00+08:00", "a Monday from midnight: its close"),
            row("2026-03-02T10:00:00+08:00", 0, .workingDays, "2026-03-02T17:30:00+08:00", "a Monday morning: its close"),
            row("2026-03-02T17:29:00+08:00", 0, .workingDays, "2026-03-02T17:30:00+08:00", "a minute before the close"),
            row("2026-03-02T17:30:00+08:00", 0, .workingDays, "2026-03-03T17:30:00+08:00", "at the close: the next working day's"),
            row("2026-03-02T23:59:00+08:00", 0, .workingDays, "2026-03-03T17:30:00+08:00", "late at night: the next working day's"),
            row("2026-03-06T18:00:00+08:00", 0, .workingDays, "2026-03-09T17:30:00+08:00", "Friday evening: Monday's close"),
            row("2026-03-07T10:00:00+08:00", 0, .workingDays, "2026-03-09T17:30:00+08:00", "a plain Saturday: Monday's close"),
            row("2026-02-14T10:00:00+08:00", 0, .workingDays, "2026-02-14T17:30:00+08:00", "make-up Saturday 2026-02-14 is worked"),
            row("2026-02-14T18:00:00+08:00", 0, .workingDays, "2026-02-24T17:30:00+08:00", "after its close: past 春节 2026"),
            row("2025-10-01T09:00:00+08:00", 0, .workingDays, "2025-10-09T17:30:00+08:00", "on 国庆节 2025: the first day back"),
        ])
    }

    func testWorkingDaysCountFromTheDayAfterReceipt() throws {
        try check([
            // one
            row("2026-03-02T00:00:00+08:00", 1, .workingDays, "2026-03-03T17:30:00+08:00", "received at midnight: the day is not counted"),
            row("2026-03-02T10:00:00+08:00", 1, .workingDays, "2026-03-03T17:30:00+08:00", "a Monday: Tuesday's close"),
            row("2026-03-02T23:59:00+08:00", 1, .workingDays, "2026-03-03T17:30:00+08:00", "late on Monday: still Tuesday"),
            row("2026-03-06T10:00:00+08:00", 1, .workingDays, "2026-03-09T17:30:00+08:00", "a Friday: Monday"),
            row("2026-03-07T10:00:00+08:00", 1, .workingDays, "2026-03-09T17:30:00+08:00", "a Saturday: Monday"),
            row("2025-01-25T10:00:00+08:00", 1, .workingDays, "2025-01-26T17:30:00+08:00", "make-up Sunday 2025-01-26"),
            row("2025-01-27T10:00:00+08:00", 1, .workingDays, "2025-02-05T17:30:00+08:00", "past 春节 2025"),
            row("2025-02-07T10:00:00+08:00", 1, .workingDays, "2025-02-08T17:30:00+08:00", "make-up Saturday 2025-02-08"),
            row("2025-04-30T10:00:00+08:00", 1, .workingDays, "2025-05-06T17:30:00+08:00", "past 劳动节 2025"),
            row("2025-09-30T10:00:00+08:00", 1, .workingDays, "2025-10-09T17:30:00+08:00", "past 国庆节、中秋节 2025"),
            row("2026-01-01T10:00:00+08:00", 1, .workingDays, "2026-01-04T17:30:00+08:00", "on 元旦 2026: make-up Sunday 01-04"),
            row("2026-02-13T10:00:00+08:00", 1, .workingDays, "2026-02-14T17:30:00+08:00", "make-up Saturday 2026-02-14"),
            row("2026-02-14T10:00:00+08:00", 1, .workingDays, "2026-02-24T17:30:00+08:00", "from the make-up Saturday, past 春节 2026"),
            row("2026-02-27T10:00:00+08:00", 1, .workingDays, "2026-02-28T17:30:00+08:00", "make-up Saturday 2026-02-28"),
            row("2026-04-03T10:00:00+08:00", 1, .workingDays, "2026-04-07T17:30:00+08:00", "past 清明节 2026"),
            row("2026-05-08T10:00:00+08:00", 1, .workingDays, "2026-05-09T17:30:00+08:00", "make-up Saturday 2026-05-09"),
            row("2026-09-19T10:00:00+08:00", 1, .workingDays, "2026-09-20T17:30:00+08:00", "make-up Sunday 2026-09-20"),
            row("2026-10-09T10:00:00+08:00", 1, .workingDays, "2026-10-10T17:30:00+08:00", "make-up Saturday 2026-10-10"),
            // five
            row("2026-03-02T10:00:00+08:00", 5, .workingDays, "2026-03-09T17:30:00+08:00", "Tue…Fri, Monday"),
            row("2025-01-24T10:00:00+08:00", 5, .workingDays, "2025-02-07T17:30:00+08:00", "01-26, 01-27, 春节 2025, 02-05…02-07"),
            row("2025-04-24T10:00:00+08:00", 5, .workingDays, "2025-04-30T17:30:00+08:00", "04-25, make-up 04-27, 04-28…04-30"),
            row("2025-09-26T10:00:00+08:00", 5, .workingDays, "2025-10-10T17:30:00+08:00", "make-up 09-28, 09-29, 09-30, 国庆节, 10-09, 10-10"),
            row("2026-02-12T10:00:00+08:00", 5, .workingDays, "2026-02-26T17:30:00+08:00", "02-13, make-up 02-14, 春节 2026, 02-24…02-26"),
            row("2026-04-30T10:00:00+08:00", 5, .workingDays, "2026-05-11T17:30:00+08:00", "劳动节 2026, 05-06…05-08, make-up 05-09, 05-11"),
            // ten
            row("2025-09-25T10:00:00+08:00", 10, .workingDays, "2025-10-15T17:30:00+08:00",
                "09-26, make-up 09-28, 09-29, 09-30, 国庆节, 10-09, 10-10, make-up 10-11, 10-13…10-15"),
            row("2025-12-30T10:00:00+08:00", 10, .workingDays, "2026-01-14T17:30:00+08:00",
                "12-31, 元旦 2026, make-up 01-04, 01-05…01-09, 01-12…01-14"),
            row("2026-02-09T10:00:00+08:00", 10, .workingDays, "2026-02-28T17:30:00+08:00",
                "02-10…02-13, make-up 02-14, 春节 2026, 02-24…02-27, make-up 02-28"),
            row("2026-09-18T10:00:00+08:00", 10, .workingDays, "2026-10-09T17:30:00+08:00",
                "make-up 09-20, 09-21…09-24, 中秋节, 09-28…09-30, 国庆节, 10-08, 10-09"),
        ])
    }

    // MARK: calendar time

    func testCalendarDaysAndMinutesDoNotSkipHolidays() throws {
        try check([
            row("2026-03-02T23:45:00+08:00", 30, .minutes, "2026-03-03T00:15:00+08:00", "across midnight"),
            row("2026-02-14T23:50:00+08:00", 20, .minutes, "2026-02-15T00:10:00+08:00", "into 春节 2026"),
            row("2026-10-01T03:00:00+08:00", 10, .minutes, "2026-10-01T03:10:00+08:00", "at night on 国庆节 2026"),
            row("2026-09-30T22:00:00+08:00", 180, .minutes, "2026-10-01T01:00:00+08:00", "three hours into 国庆节 2026"),
            row("2025-01-27T23:30:00+08:00", 60, .minutes, "2025-01-28T00:30:00+08:00", "into 春节 2025"),
            row("2026-03-07T17:29:00+08:00", 5, .minutes, "2026-03-07T17:34:00+08:00", "a Saturday, past 17:30"),
            row("2025-12-31T12:00:00+08:00", 1_440, .minutes, "2026-01-01T12:00:00+08:00", "a day of minutes into 元旦 2026"),
            row("2026-03-02T10:00:00+08:00", 0, .minutes, "2026-03-02T10:00:00+08:00", "no minutes"),
            row("2026-02-14T10:00:00+08:00", 1, .days, "2026-02-15T10:00:00+08:00", "a day into 春节 2026"),
            row("2026-02-13T09:00:00+08:00", 7, .days, "2026-02-20T09:00:00+08:00", "seven days, ending in 春节 2026"),
            row("2026-09-30T18:00:00+08:00", 1, .days, "2026-10-01T18:00:00+08:00", "ends on 国庆节 2026"),
            row("2025-09-30T23:30:00+08:00", 2, .days, "2025-10-02T23:30:00+08:00", "across midnight into 国庆节 2025"),
            row("2025-09-28T12:00:00+08:00", 7, .days, "2025-10-05T12:00:00+08:00", "from the make-up Sunday, seven days"),
            row("2026-03-06T20:00:00+08:00", 0.5, .days, "2026-03-07T08:00:00+08:00", "half a day is 12 hours"),
        ])
    }

    // MARK: provisional years

    func testACountIntoAYearNotLoadedIsProvisional() throws {
        try check([
            row("2026-12-24T10:00:00+08:00", 5, .workingDays, "2026-12-31T17:30:00+08:00", "wholly in 2026: 12-25, 12-28…12-31"),
            row("2026-12-28T10:00:00+08:00", 5, .workingDays, "2027-01-04T17:30:00+08:00", [2027],
                "12-29…12-31, 2027-01-01 by its weekday, 01-04"),
            row("2026-12-31T18:00:00+08:00", 0, .workingDays, "2027-01-01T17:30:00+08:00", [2027], "after the last close of 2026"),
            row("2026-12-31T16:00:00+08:00", 1.5, .workingHours, "2026-12-31T17:30:00+08:00", "used up exactly at the close of 2026"),
            row("2026-12-31T17:00:00+08:00", 1, .workingHours, "2027-01-01T09:00:00+08:00", [2027], "half an hour into 2027"),
            row("2024-12-31T17:00:00+08:00", 1, .workingHours, "2025-01-02T09:00:00+08:00", [2024],
                "2024-12-31 judged by its weekday, then 元旦 2025"),
            row("2024-12-31T10:00:00+08:00", 1, .workingDays, "2025-01-02T17:30:00+08:00", "the day of receipt is not counted, whatever it is"),
            row("2026-12-31T23:45:00+08:00", 30, .minutes, "2027-01-01T00:15:00+08:00", "calendar minutes need no calendar"),
            row("2026-12-31T10:00:00+08:00", 1, .days, "2027-01-01T10:00:00+08:00", "calendar days need no calendar"),
        ])
    }

    func testAbsurdAmountsHaveNoInstant() throws {
        let clock = DeadlineClock(calendar: try ClockFiles.shippedCalendar())
        let start = try instant("2026-03-02T10:00:00+08:00")
        for (amount, unit) in [(-1, ClockUnit.minutes), (-0.5, .workingHours), (1.5, .workingDays), (.nan, .days), (.infinity, .minutes),
                               (100_000, .days)] as [(Double, ClockUnit)] {
            XCTAssertNil(clock.add(amount, unit, to: start), "\(amount) \(unit.rawValue)")
        }
        XCTAssertEqual(clock.add(1, .workingDays, to: start)?.calendarVersion, try ClockFiles.shippedCalendar().version)
    }

    // MARK: Day and LocalTime

    func testWeekdaysOfKnownDates() throws {
        let table: [(String, Int, String)] = [
            ("1970-01-01", 4, "Thursday"), ("1969-12-31", 3, "Wednesday"), ("2000-02-29", 2, "Tuesday"),
            ("2025-01-01", 3, "Wednesday"), ("2025-01-26", 7, "Sunday"), ("2026-01-01", 4, "Thursday"),
            ("2026-02-14", 6, "Saturday"), ("2026-02-23", 1, "Monday"), ("2026-10-10", 6, "Saturday"), ("2027-01-01", 5, "Friday"),
        ]
        for (text, weekday, name) in table {
            let day = try XCTUnwrap(Day(text), text)
            XCTAssertEqual(day.weekday, weekday, text)
            XCTAssertEqual(day.weekdayName, name, text)
            XCTAssertEqual(day.isWeekend, weekday >= 6, text)
            XCTAssertEqual(day.description, text)
        }
        XCTAssertEqual(Day("2026-02-14")?.number, 20_498)
        XCTAssertEqual(Day("2026-02-14")?.adding(9), Day("2026-02-23"))
        XCTAssertEqual(Day("2026-12-31")?.adding(1), Day(year: 2027, month: 1, day: 1))
        XCTAssertEqual(Day(number: 0).description, "1970-01-01")
    }

    func testDaysThatDoNotExistDoNotParse() {
        for text in ["2026-02-30", "2025-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00", "2026-2-14", "26-02-14",
                     "2026-02-14T00:00", "20260214", "2026/02/14", "", "2026-02-1a", "+2026-02-14"] {
            XCTAssertNil(Day(text), text)
        }
        XCTAssertNil(Day(year: 2026, month: 2, day: 29))
        XCTAssertEqual(Day("2024-02-29")?.description, "2024-02-29")
        XCTAssertEqual(Day("2000-02-29")?.description, "2000-02-29")
        XCTAssertNil(Day("1900-02-29"))
    }

    func testLocalTimeWritesWhatISO8601Reads() throws {
        for text in ["2026-02-14T08:30:00+08:00", "2026-12-31T23:59:59+08:00", "2027-01-01T00:00:00+08:00",
                     "1970-01-01T08:00:00+08:00", "2026-03-02T17:30:00+08:00"] {
            XCTAssertEqual(LocalTime.shanghai.iso(try instant(text)), text)
        }
        XCTAssertEqual(LocalTime.shanghai.iso(try instant("2026-02-13T16:00:00Z")), "2026-02-14T00:00:00+08:00")
        XCTAssertEqual(LocalTime(offset: -5 * 3_600).iso(try instant("2026-02-14T00:00:00Z")), "2026-02-13T19:00:00-05:00")
        XCTAssertEqual(LocalTime(try XCTUnwrap(TimeZone(identifier: "Asia/Shanghai"))), .shanghai)

        let (day, second) = LocalTime.shanghai.split(try instant("2026-02-13T16:00:00Z"))
        XCTAssertEqual(day, Day("2026-02-14"))
        XCTAssertEqual(second, 0)
        let late = LocalTime.shanghai.split(try instant("2026-02-14T23:59:30+08:00"))
        XCTAssertEqual(late.day, Day("2026-02-14"))
        XCTAssertEqual(late.second, 86_370)
        XCTAssertEqual(LocalTime.shanghai.instant(try XCTUnwrap(Day("2026-02-14")), second: 30_600), try instant("2026-02-14T08:30:00+08:00"))
    }
}
