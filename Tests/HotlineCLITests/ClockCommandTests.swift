import Foundation
import XCTest

/// `hotline clock add`, `clock day` and `calendar check` as a clerk runs them, with the shipped
/// calendar and with a configured one (issue 11, items 1–3).
final class ClockCommandTests: XCTestCase {
    var cli: CLIWorkspace!

    override func setUpWithError() throws { cli = try CLIWorkspace() }
    override func tearDown() { cli.remove() }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: cli.work + "/" + name, atomically: true, encoding: .utf8)
    }

    func testTheArithmeticAsACommand() throws {
        // Friday before the Spring Festival 2026: the make-up Saturday 02-14 is working day 1.
        XCTAssertTrue(try cli.run(["clock", "add", "2026-02-13T16:00", "1", "working-days"]).hasPrefix("2026-02-14T17:30:00+08:00"))
        // Naive and zoned starts agree; a working-hours limit may end at exactly 12:00.
        XCTAssertTrue(try cli.run(["clock", "add", "2026-12-01T08:30:00", "3.5", "working-hours"]).hasPrefix("2026-12-01T12:00:00+08:00"))
        XCTAssertTrue(try cli.run(["clock", "add", "2026-12-01T00:30:00Z", "3.5", "working-hours"]).hasPrefix("2026-12-01T12:00:00+08:00"))
        XCTAssertTrue(try cli.run(["clock", "add", "2026-12-01T08:30+08:00", "3.5", "working-hours"]).hasPrefix("2026-12-01T12:00:00+08:00"))
        XCTAssertTrue(try cli.run(["clock", "add", "2026-12-01T00:30Z", "3.5", "working-hours"]).hasPrefix("2026-12-01T12:00:00+08:00"))
        // Calendar minutes run through the night.
        XCTAssertTrue(try cli.run(["clock", "add", "2026-10-01T23:50", "15", "minutes"]).hasPrefix("2026-10-02T00:05:00+08:00"))
        // Into 2027, which has no calendar: provisional, said in words and in JSON.
        let text = try cli.run(["clock", "add", "2026-12-30T09:00", "3", "working-days"])
        XCTAssertTrue(text.contains("provisional: no calendar for 2027"), text)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try cli.run(
            ["clock", "add", "2026-12-30T09:00", "3", "working-days", "--json"]).utf8)) as? [String: Any])
        XCTAssertEqual(json["due"] as? String, "2027-01-04T17:30:00+08:00")
        XCTAssertEqual(json["provisional"] as? Bool, true)
        XCTAssertEqual(json["assumed_years"] as? [Int], [2027])
        // Mistakes are usage errors.
        try cli.run(["clock", "add", "yesterday", "1", "days"], status: 64)
        try cli.run(["clock", "add", "2026-12-01T09:00", "1.5", "working-days"], status: 64)
        try cli.run(["clock", "add", "2026-12-01T09:00", "1", "fortnights"], status: 64)
    }

    func testWhatADayIs() throws {
        XCTAssertEqual(try cli.run(["clock", "day", "2026-02-14"]), "2026-02-14 Saturday: working day (make-up working day for 春节)\n")
        XCTAssertEqual(try cli.run(["clock", "day", "2026-02-16"]), "2026-02-16 Monday: day off (holiday: 春节)\n")
        XCTAssertEqual(try cli.run(["clock", "day", "2026-03-07"]), "2026-03-07 Saturday: day off (weekend)\n")
        XCTAssertTrue(try cli.run(["clock", "day", "2027-02-15"]).contains("provisional: no calendar for 2027"))
        try cli.run(["clock", "day", "2026-02-30"], status: 64)
    }

    /// From 1 November, `calendar check` and `run` warn while next year's notice is not loaded. The
    /// expectation follows today's date in Asia/Shanghai: in November and December of 2026 they
    /// warn of 2027 (the shipped calendar ends with 2026); before, never.
    func testTheWarningFromTheFirstOfNovember() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let today = calendar.dateComponents([.year, .month], from: Date())
        let next = (today.year ?? 0) + 1
        let shippedThrough = 2026
        let expected = (today.month ?? 0) >= 11 && next > shippedThrough
        let check = try cli.run(["calendar", "check"])
        XCTAssertEqual(check.contains("warning: no calendar for \(next)"), expected, check)
        let run = try cli.run(["run"])
        XCTAssertEqual(run.contains("no calendar for \(next)"), expected, run)
    }

    /// A clerk loads 2027 from a file of their own: the count is no longer provisional, and the
    /// configured rows and hours take effect; a bad file is refused by name.
    func testAConfiguredCalendarAndDeadlineRows() throws {
        try write("calendar-2027.toml", """
            [[year]]
            year = 2027
            source = "a test notice for 2027"
              [[year.holiday]]
              name = "元旦"
              from = 2027-01-01
              to = 2027-01-01
            """)
        try write("hotline.toml", """
            [clock]
            calendar = "calendar-2027.toml"
            working_hours = ["09:00-12:00", "13:30-17:00"]
            unit_day = "days"

            [deadlines."unit.complaint"]
            limit = 3
            """)
        let text = try cli.run(["clock", "add", "2026-12-30T09:00", "3", "working-days"])
        XCTAssertTrue(text.hasPrefix("2027-01-05T17:00:00+08:00"), text)  // 12-31, (01-01 off), 01-04, 01-05; closes at 17:00
        XCTAssertFalse(text.contains("provisional"), text)
        let check = try cli.run(["calendar", "check"])
        XCTAssertTrue(check.contains("2027  1 holidays, 0 make-up working days  — a test notice for 2027"), check)
        XCTAssertFalse(check.contains("warning"), check)

        // A row the table does not have, a unit it does not know, hours that do not read: configuration errors.
        for bad in ["[deadlines.\"unit.complaints\"]\nlimit = 3", "[deadlines.\"unit.complaint\"]\nunit = \"weeks\"",
                    "[deadlines.\"unit.complaint\"]\nlimit = 1e19", "[deadlines.\"unit.emergency\"]\nextend_to = inf",
                    "[deadlines.\"unit.emergency\"]\nlimit = 0.999",
                    "[clock]\nworking_hours = [\"12:00-08:30\"]", "[clock]\nunit_day = \"hours\""] {
            try write("hotline.toml", bad)
            try cli.run(["clock", "day", "2026-02-14"], status: 64)
        }
        // A row's name written as nested tables is refused with the way to write it.
        try write("hotline.toml", "[deadlines.unit.complaint]\nlimit = 3")
        XCTAssertTrue(try cli.run(["clock", "day", "2026-02-14"], status: 64).contains("[deadlines.\"unit.complaint\"]"))
        // A make-up working day on a Wednesday is refused at loading, and by calendar check.
        try write("hotline.toml", "")
        try write("bad.toml", """
            [[year]]
            year = 2027
            source = "wrong"
              [[year.holiday]]
              name = "元旦"
              from = 2027-01-01
              to = 2027-01-01
              [[year.workday]]
              date = 2027-01-06
              for = "元旦"
            """)
        XCTAssertTrue(try cli.run(["calendar", "check", "bad.toml"], status: 1).contains("not a Saturday or Sunday"))
        try write("hotline.toml", "[clock]\ncalendar = \"bad.toml\"")
        XCTAssertTrue(try cli.run(["clock", "day", "2027-01-06"], status: 64).contains("not a Saturday or Sunday"))
    }
}
