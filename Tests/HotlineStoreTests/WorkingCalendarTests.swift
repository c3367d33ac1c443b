import Foundation
import HotlineCore
import HotlineStore
import XCTest

/// What the shipped calendar says a day is, and what the loader refuses or flags in a clerk's
/// calendar file (issue 11, item 2).
final class WorkingCalendarTests: XCTestCase {
    func day(_ text: String, line: UInt = #line) throws -> Day { try XCTUnwrap(Day(text), text, line: line) }

    /// One `[[year]]` of a calendar file, for the loader's tests.
    func year(_ y: Int, source: String = "a notice", holidays: [(String, String, String)] = [], workdays: [(String, String)] = [],
              extra: String = "") -> String {
        var text = "[[year]]\nyear = \(y)\nsource = \"\(source)\"\n\(extra)\n"
        for (name, from, to) in holidays { text += "[[year.holiday]]\nname = \"\(name)\"\nfrom = \(from)\nto = \(to)\n" }
        for (date, festival) in workdays { text += "[[year.workday]]\ndate = \(date)\nfor = \"\(festival)\"\n" }
        return text
    }

    func load(_ text: String) throws -> WorkingCalendar { try ClockFiles.calendar(text, name: "test.toml") }

    // MARK: the shipped calendar

    func testWhatTheShippedCalendarSaysADayIs() throws {
        let calendar = try ClockFiles.shippedCalendar()
        XCTAssertEqual(calendar.loadedYears, [2025, 2026])
        XCTAssertEqual(calendar.problems, [])
        let table: [(String, DayKind.Reason, Bool, String)] = [
            ("2025-01-01", .holiday("元旦"), true, "2025-01-01 Wednesday: day off (holiday: 元旦)"),
            ("2025-01-26", .makeUpWorkingDay("春节"), true, "2025-01-26 Sunday: working day (make-up working day for 春节)"),
            ("2025-02-04", .holiday("春节"), true, "2025-02-04 Tuesday: day off (holiday: 春节)"),
            ("2025-02-08", .makeUpWorkingDay("春节"), true, "2025-02-08 Saturday: working day (make-up working day for 春节)"),
            ("2025-04-27", .makeUpWorkingDay("劳动节"), true, "2025-04-27 Sunday: working day (make-up working day for 劳动节)"),
            ("2025-09-28", .makeUpWorkingDay("国庆节、中秋节"), true,
             "2025-09-28 Sunday: working day (make-up working day for 国庆节、中秋节)"),
            ("2025-10-06", .holiday("国庆节、中秋节"), true, "2025-10-06 Monday: day off (holiday: 国庆节、中秋节)"),
            ("2025-10-11", .makeUpWorkingDay("国庆节、中秋节"), true,
             "2025-10-11 Saturday: working day (make-up working day for 国庆节、中秋节)"),
            ("2026-01-03", .holiday("元旦"), true, "2026-01-03 Saturday: day off (holiday: 元旦)"),
            ("2026-01-04", .makeUpWorkingDay("元旦"), true, "2026-01-04 Sunday: working day (make-up working day for 元旦)"),
            ("2026-02-14", .makeUpWorkingDay("春节"), true, "2026-02-14 Saturday: working day (make-up working day for 春节)"),
            ("2026-02-17", .holiday("春节"), true, "2026-02-17 Tuesday: day off (holiday: 春节)"),
            ("2026-02-28", .makeUpWorkingDay("春节"), true, "2026-02-28 Saturday: working day (make-up working day for 春节)"),
            ("2026-05-09", .makeUpWorkingDay("劳动节"), true, "2026-05-09 Saturday: working day (make-up working day for 劳动节)"),
            ("2026-06-20", .holiday("端午节"), true, "2026-06-20 Saturday: day off (holiday: 端午节)"),
            ("2026-09-20", .makeUpWorkingDay("国庆节"), true, "2026-09-20 Sunday: working day (make-up working day for 国庆节)"),
            ("2026-09-26", .holiday("中秋节"), true, "2026-09-26 Saturday: day off (holiday: 中秋节)"),
            ("2026-10-07", .holiday("国庆节"), true, "2026-10-07 Wednesday: day off (holiday: 国庆节)"),
            ("2026-10-10", .makeUpWorkingDay("国庆节"), true, "2026-10-10 Saturday: working day (make-up working day for 国庆节)"),
            ("2026-03-07", .weekend, true, "2026-03-07 Saturday: day off (weekend)"),
            ("2026-03-08", .weekend, true, "2026-03-08 Sunday: day off (weekend)"),
            ("2026-03-04", .weekday, true, "2026-03-04 Wednesday: working day"),
            ("2025-10-09", .weekday, true, "2025-10-09 Thursday: working day"),
            ("2027-01-01", .weekday, false, "2027-01-01 Friday: working day — provisional: no calendar for 2027"),
            ("2027-01-02", .weekend, false, "2027-01-02 Saturday: day off (weekend) — provisional: no calendar for 2027"),
            ("2024-10-01", .weekday, false, "2024-10-01 Tuesday: working day — provisional: no calendar for 2024"),
        ]
        for (text, reason, covered, description) in table {
            let kind = calendar.kind(of: try day(text))
            XCTAssertEqual(kind.reason, reason, text)
            XCTAssertEqual(kind.covered, covered, text)
            XCTAssertEqual(kind.description, description)
            switch reason {
            case .weekday, .makeUpWorkingDay: XCTAssertTrue(kind.isWorkingDay, text)
            case .weekend, .holiday: XCTAssertFalse(kind.isWorkingDay, text)
            }
        }
    }

    func testTheVersionNamesTheYearsAndChangesWithTheDays() throws {
        let shipped = try ClockFiles.shippedCalendar()
        XCTAssertTrue(shipped.version.hasPrefix("cn-2025-2026-"), shipped.version)
        XCTAssertEqual(shipped.version, try ClockFiles.shippedCalendar().version)
        let one = try load(year(2026, holidays: [("国庆节", "2026-10-01", "2026-10-07")]))
        XCTAssertTrue(one.version.hasPrefix("cn-2026-"), one.version)
        let other = try load(year(2026, holidays: [("国庆节", "2026-10-01", "2026-10-08")]))
        XCTAssertNotEqual(one.version, other.version)
    }

    // MARK: refusals

    func testAMakeUpDayOnAWeekdayIsRefused() throws {
        let text = year(2026, holidays: [("劳动节", "2026-05-01", "2026-05-05")], workdays: [("2026-05-06", "劳动节")])
        XCTAssertThrowsError(try load(text)) { error in
            guard let p = error as? CalendarProblem else { return XCTFail("\(error)") }
            XCTAssertTrue(p.refusesTheCalendar)
            XCTAssertEqual(p.year, 2026)
            XCTAssertEqual(p.description, "2026: make-up working day 2026-05-06 is a Wednesday, not a Saturday or Sunday")
        }
    }

    func testADayBothOffAndWorkedIsRefused() throws {
        let text = year(2026, holidays: [("劳动节", "2026-05-01", "2026-05-05")], workdays: [("2026-05-02", "劳动节")])
        XCTAssertThrowsError(try load(text)) { error in
            guard let p = error as? CalendarProblem else { return XCTFail("\(error)") }
            XCTAssertTrue(p.refusesTheCalendar)
            XCTAssertEqual(p.description, "2026: 2026-05-02 is both a day off (劳动节) and a make-up working day")
        }
    }

    func testAYearGivenTwiceIsRefused() throws {
        let text = year(2026, holidays: [("元旦", "2026-01-01", "2026-01-03")]) + year(2026, holidays: [("元旦", "2026-01-01", "2026-01-01")])
        XCTAssertThrowsError(try load(text)) { error in
            XCTAssertEqual((error as? CalendarProblem)?.description, "2026: the year is given twice")
        }
    }

    /// A holiday typed backwards holds no day at all: refused, not loaded as if the festival were not there.
    func testAHolidayThatRunsBackwardsIsRefused() throws {
        XCTAssertThrowsError(try load(year(2026, holidays: [("元旦", "2026-01-03", "2026-01-01")]))) { error in
            XCTAssertEqual((error as? CalendarProblem)?.description, "2026: 元旦 ends (2026-01-01) before it begins (2026-01-03)")
        }
    }

    /// A year loaded without holidays is not taken as known; a notice's 元旦 may begin in December.
    func testAYearWithoutHolidaysStaysProvisionalAndANoticeMayReachIntoDecember() throws {
        let empty = try load(year(2027, workdays: [("2027-02-06", "春节")]))
        XCTAssertFalse(empty.kind(of: Day("2027-02-10")!).covered)
        XCTAssertNotNil(empty.missingNextYear(today: Day("2026-11-01")!))
        let crossing = try load(year(2023, holidays: [("元旦", "2022-12-31", "2023-01-02")]))
        XCTAssertTrue(crossing.problems.isEmpty, "\(crossing.problems)")
        XCTAssertEqual(crossing.kind(of: Day("2022-12-31")!).reason, .holiday("元旦"))
        XCTAssertFalse(crossing.kind(of: Day("2022-12-31")!).covered, "2022 itself is not loaded")
        XCTAssertEqual(crossing.kind(of: Day("2023-01-02")!).reason, .holiday("元旦"))
    }

    // MARK: problems that load

    func testDoubtfulYearsLoadWithTheirProblemsListed() throws {
        let table: [(String, String, [String])] = [
            ("overlapping holidays", year(2026, holidays: [("中秋节", "2026-09-25", "2026-10-01"), ("国庆节", "2026-10-01", "2026-10-07")]),
             ["2026: 中秋节 and 国庆节 overlap"]),
            ("no holidays", year(2027, workdays: [("2027-02-06", "春节")]),
             ["2027: 2027 has no holidays: its days are counted as provisional until they are given"]),
            ("an empty source", year(2026, source: "", holidays: [("元旦", "2026-01-01", "2026-01-03")]),
             ["2026: 2026 does not name its notice (source)"]),
            ("a blank source", year(2026, source: "   ", holidays: [("元旦", "2026-01-01", "2026-01-03")]),
             ["2026: 2026 does not name its notice (source)"]),
            ("a holiday in the wrong year", year(2026, holidays: [("国庆节", "2025-10-01", "2025-10-07")]),
             ["2026: 国庆节 (2025-10-01…2025-10-07) is not in 2026"]),
            ("a make-up day in the wrong year", year(2026, holidays: [("元旦", "2026-01-01", "2026-01-03")], workdays: [("2025-09-28", "国庆节")]),
             ["2026: make-up day 2025-09-28 is not in 2026"]),
            ("a make-up day given twice", year(2026, holidays: [("春节", "2026-02-15", "2026-02-23")],
                                               workdays: [("2026-02-14", "春节"), ("2026-02-14", "春节")]),
             ["2026: a make-up working day is given twice"]),
        ]
        for (what, text, expected) in table {
            let calendar: WorkingCalendar
            do { calendar = try load(text) } catch {
                XCTFail("\(what): \(error)")
                continue
            }
            XCTAssertEqual(calendar.problems.map(\.description), expected, what)
            XCTAssertFalse(calendar.problems.contains(where: \.refusesTheCalendar), what)
        }
    }

    func testAYearWithoutItsSourceLoadsWithAProblem() throws {
        let text = "[[year]]\nyear = 2027\n[[year.holiday]]\nname = \"元旦\"\nfrom = 2027-01-01\nto = 2027-01-01\n"
        let calendar = try load(text)
        XCTAssertEqual(calendar.problems.map(\.description), ["2027: 2027 does not name its notice (source)"])
    }

    func testWhatDoesNotReadIsAConfigurationProblem() throws {
        let table: [(String, String)] = [
            ("a date that does not exist", year(2026, holidays: [("春节", "2026-02-15", "2026-02-30")])),
            ("a month that does not exist", year(2026, holidays: [("春节", "2026-13-01", "2026-13-02")])),
            ("a date written as a string", year(2026, holidays: [("春节", "\"2026-02-15\"", "2026-02-23")])),
            ("a date with a time", year(2026, holidays: [("春节", "2026-02-15T00:00:00", "2026-02-23")])),
            ("an unknown key in a year", year(2026, holidays: [("春节", "2026-02-15", "2026-02-23")], extra: "notice = \"x\"")),
            ("an unknown key in a holiday", year(2026) + "[[year.holiday]]\nname = \"春节\"\nfrom = 2026-02-15\nto = 2026-02-23\ndays = 9\n"),
            ("a workday without its festival", year(2026) + "[[year.workday]]\ndate = 2026-02-14\n"),
            ("no year", "[[year]]\nsource = \"x\"\n"),
            ("not TOML", "[[year]\n"),
        ]
        for (what, text) in table {
            XCTAssertThrowsError(try load(text), what) { error in
                guard let p = error as? ConfigurationProblem else { return XCTFail("\(what): \(error)") }
                XCTAssertTrue(p.description.hasPrefix("test.toml"), "\(what): \(p)")
            }
        }
    }

    // MARK: the 1 November warning, merging

    func testNextYearIsMissedFromTheFirstOfNovember() throws {
        let shipped = try ClockFiles.shippedCalendar()
        XCTAssertNil(shipped.missingNextYear(today: try day("2026-10-31")))
        let warning = try XCTUnwrap(shipped.missingNextYear(today: try day("2026-11-01")))
        XCTAssertTrue(warning.hasPrefix("no calendar for 2027: "), warning)
        XCTAssertNotNil(shipped.missingNextYear(today: try day("2026-12-31")))
        XCTAssertNil(shipped.missingNextYear(today: try day("2025-11-01")), "2026 is loaded")
        XCTAssertNil(shipped.missingNextYear(today: try day("2026-01-15")))

        let with2027 = try shipped.merging(try load(year(2027, holidays: [("元旦", "2027-01-01", "2027-01-01")])))
        XCTAssertNil(with2027.missingNextYear(today: try day("2026-11-01")))
        XCTAssertEqual(with2027.loadedYears, [2025, 2026, 2027])
        XCTAssertEqual(with2027.kind(of: try day("2027-01-01")).reason, .holiday("元旦"))
        XCTAssertTrue(with2027.kind(of: try day("2027-01-01")).covered)
    }

    func testMergingReplacesAYear() throws {
        let shipped = try ClockFiles.shippedCalendar()
        let clerk = try load(year(2026, source: "a corrected notice", holidays: [("春节", "2026-02-16", "2026-02-22")]))
        let merged = try shipped.merging(clerk)
        XCTAssertEqual(merged.loadedYears, [2025, 2026])
        XCTAssertEqual(merged.years[2026], clerk.years[2026])
        XCTAssertEqual(merged.years[2025], shipped.years[2025])
        XCTAssertEqual(merged.kind(of: try day("2026-02-15")).reason, .weekend, "the shipped 春节 is gone")
        XCTAssertEqual(merged.kind(of: try day("2026-02-14")).reason, .weekend, "and its make-up days with it")
        XCTAssertEqual(merged.kind(of: try day("2026-02-16")).reason, .holiday("春节"))
        XCTAssertEqual(merged.kind(of: try day("2025-01-26")).reason, .makeUpWorkingDay("春节"))
        XCTAssertNotEqual(merged.version, shipped.version)
        XCTAssertEqual(try shipped.merging(shipped), shipped)
    }
}
