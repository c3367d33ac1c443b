import Foundation
import HotlineCore
import HotlineStore
import XCTest

/// The shipped deadline table against RULES.md §6, and what an override may not do (issue 11,
/// item 1).
final class DeadlineRulesTests: XCTestCase {
    /// RULES §6, row by row: id, limit, unit, extend_to. The front's "direct answer online" is real
    /// time and has no clock; the phone front is not in the mailbox path's table.
    let norms: [(String, Double, DeadlineRules.Unit, Double?)] = [
        ("front.answer-through-unit", 30, .minutes, 60),
        ("front.general-emergency", 20, .minutes, 60),
        ("front.major-emergency", 10, .minutes, 20),
        ("front.complex", 60, .minutes, 180),
        ("back.routine-dispatch", 0, .workingDays, nil),
        ("back.general-emergency", 15, .minutes, nil),
        ("back.major-emergency", 5, .minutes, nil),
        ("back.provincial-transfer", 1, .workingDays, 2),
        ("back.web-case-information", 1, .workingDays, nil),
        ("back.web-rules-and-news", 7, .days, nil),
        ("unit.consultation", 30, .minutes, 60),
        ("unit.routine-online", 1, .unitDays, nil),
        ("unit.emergency", 1, .days, 2),
        ("unit.complaint", 5, .unitDays, nil),
        ("unit.complex", 10, .unitDays, nil),
        ("unit.take-back", 1, .unitDays, nil),
    ]

    func testTheShippedTableHoldsEveryRowOfTheNorms() throws {
        let rules = try ClockFiles.shippedRules()
        XCTAssertEqual(Set(rules.rows.map(\.id)), Set(norms.map(\.0)))
        XCTAssertEqual(rules.rows.count, norms.count)
        for stage in DeadlineRules.Stage.allCases {
            let count = rules.rows.filter { $0.stage == stage }.count
            XCTAssertEqual(count, [DeadlineRules.Stage.front: 4, .back: 6, .unit: 6, .phone: 0][stage], stage.rawValue)
        }
        for (id, limit, unit, extendTo) in norms {
            let row = try XCTUnwrap(rules.row(id), id)
            XCTAssertEqual(row.limit, limit, id)
            XCTAssertEqual(row.unit, unit, id)
            XCTAssertEqual(row.extendTo, extendTo, id)
            XCTAssertTrue(row.id.hasPrefix(row.stage.rawValue + "."), id)
            XCTAssertFalse(row.matter.isEmpty, id)
        }
        XCTAssertEqual(rules.unitDay, .workingDays)
        XCTAssertNil(rules.row("front.direct-answer"))
    }

    func testARowSaysItsRule() throws {
        let rules = try ClockFiles.shippedRules()
        XCTAssertEqual(rules.row("unit.complaint")?.rule, "RULES §6 unit.complaint (complaint, request, suggestion): 5 unit-days, no extension")
        XCTAssertEqual(rules.row("front.complex")?.rule,
                       "RULES §6 front.complex (complex matter: register and submit to the back office): 60 minutes, may extend to 180")
        XCTAssertEqual(rules.row("unit.emergency")?.rule, "RULES §6 unit.emergency (emergency): 1 days, may extend to 2")
        let halved = try rules.overriding("front.major-emergency", limit: 7.5, unit: nil, extendTo: nil)
        XCTAssertEqual(halved.row("front.major-emergency")?.rule, "RULES §6 front.major-emergency (major emergency: report and submit): "
                       + "7.5 minutes, may extend to 20")
    }

    func testUnitDaysAreCountedAsConfigured() throws {
        let working = try ClockFiles.shippedRules()
        let calendar = try ClockFiles.shippedRules(unitDay: .days)
        for id in ["unit.routine-online", "unit.complaint", "unit.complex", "unit.take-back"] {
            XCTAssertEqual(working.row(id)?.unit.clockUnit(unitDay: working.unitDay), .workingDays, id)
            XCTAssertEqual(calendar.row(id)?.unit.clockUnit(unitDay: calendar.unitDay), .days, id)
        }
        // A row not in unit-days keeps its unit whatever unit_day says.
        XCTAssertEqual(calendar.row("unit.emergency")?.unit.clockUnit(unitDay: calendar.unitDay), .days)
        XCTAssertEqual(calendar.row("back.web-case-information")?.unit.clockUnit(unitDay: calendar.unitDay), .workingDays)
        XCTAssertEqual(working.row("unit.consultation")?.unit.clockUnit(unitDay: working.unitDay), .minutes)
        XCTAssertThrowsError(try ClockFiles.shippedRules(unitDay: .minutes))
        XCTAssertThrowsError(try ClockFiles.shippedRules(unitDay: .workingHours))
    }

    func testAnOverrideChangesOnlyItsRow() throws {
        let rules = try ClockFiles.shippedRules()
        let changed = try rules.overriding("unit.complaint", limit: 3, unit: .days, extendTo: .some(6))
        XCTAssertEqual(changed.row("unit.complaint")?.limit, 3)
        XCTAssertEqual(changed.row("unit.complaint")?.unit, .days)
        XCTAssertEqual(changed.row("unit.complaint")?.extendTo, 6)
        XCTAssertEqual(changed.rows.filter { $0.id != "unit.complaint" }, rules.rows.filter { $0.id != "unit.complaint" })
        let noExtension = try rules.overriding("unit.emergency", limit: nil, unit: nil, extendTo: .some(nil))
        XCTAssertNil(noExtension.row("unit.emergency")?.extendTo)
        XCTAssertEqual(try rules.overriding("unit.emergency", limit: nil, unit: nil, extendTo: nil), rules)
    }

    func testOverridesTheNormsDoNotAllowAreRefused() throws {
        let rules = try ClockFiles.shippedRules()
        let table: [(String, () throws -> DeadlineRules)] = [
            ("an unknown row", { try rules.overriding("unit.unheard-of", limit: 1, unit: nil, extendTo: nil) }),
            ("extend_to shorter than the limit", { try rules.overriding("unit.emergency", limit: nil, unit: nil, extendTo: .some(0.5)) }),
            ("a limit past its extension", { try rules.overriding("front.major-emergency", limit: 30, unit: nil, extendTo: nil) }),
            ("fractional working days", { try rules.overriding("back.web-case-information", limit: 1.5, unit: nil, extendTo: nil) }),
            ("fractional unit-days counted as working days", { try rules.overriding("unit.complaint", limit: 2.5, unit: nil, extendTo: nil) }),
            ("a fractional extension in working days", { try rules.overriding("back.provincial-transfer", limit: nil, unit: nil, extendTo: .some(1.5)) }),
            ("a negative limit", { try rules.overriding("unit.complaint", limit: -1, unit: nil, extendTo: nil) }),
        ]
        for (what, attempt) in table {
            XCTAssertThrowsError(try attempt(), what) { XCTAssertTrue($0 is ConfigurationProblem, "\(what): \($0)") }
        }
        XCTAssertThrowsError(try rules.overriding("unit.unheard-of", limit: 1, unit: nil, extendTo: nil)) { error in
            XCTAssertTrue("\(error)".hasPrefix("[deadlines] has no row unit.unheard-of (rows: "), "\(error)")
        }
        // Counted in calendar days, half a unit-day is a number like any other.
        let halfDays = try ClockFiles.shippedRules(unitDay: .days).overriding("unit.complaint", limit: 2.5, unit: nil, extendTo: nil)
        XCTAssertEqual(halfDays.row("unit.complaint")?.limit, 2.5)
    }

    func testATableFileTheRulesRefuse() throws {
        let table: [(String, String)] = [
            ("fractional working days", "[unit.x]\nmatter = \"x\"\nlimit = 1.5\nunit = \"working-days\"\n"),
            ("extend_to shorter than the limit", "[unit.x]\nmatter = \"x\"\nlimit = 5\nunit = \"days\"\nextend_to = 2\n"),
            ("an unknown unit", "[unit.x]\nmatter = \"x\"\nlimit = 5\nunit = \"weeks\"\n"),
            ("an unknown key", "[unit.x]\nmatter = \"x\"\nlimit = 5\nunit = \"days\"\nextend = 6\n"),
            ("an unknown stage", "[office.x]\nmatter = \"x\"\nlimit = 5\nunit = \"days\"\n"),
        ]
        for (what, text) in table {
            XCTAssertThrowsError(try ClockFiles.rules(text, name: "deadlines.toml", unitDay: .workingDays), what) {
                XCTAssertTrue($0 is ConfigurationProblem, "\(what): \($0)")
            }
        }
        let one = try ClockFiles.rules("[phone.x]\nmatter = \"x\"\nlimit = 1.5\nunit = \"working-hours\"\n", name: "deadlines.toml",
                                       unitDay: .workingDays)
        XCTAssertEqual(one.rows, [.init(id: "phone.x", stage: .phone, matter: "x", limit: 1.5, unit: .workingHours, extendTo: nil)])
    }

    /// Limits are bounded (about a year in each unit) and have at most two decimals, so every one
    /// can be counted and written exactly; one formatter writes them everywhere.
    func testLimitsAreBoundedAndWrittenExactly() throws {
        let rules = try ClockFiles.shippedRules()
        for (limit, unit) in [(1e19, nil), (251, DeadlineRules.Unit.workingDays), (0.999, nil), (-1, nil)] as [(Double, DeadlineRules.Unit?)] {
            XCTAssertThrowsError(try rules.overriding("unit.complaint", limit: limit, unit: unit, extendTo: nil), "\(limit)")
        }
        XCTAssertThrowsError(try rules.overriding("unit.emergency", limit: nil, unit: nil, extendTo: .some(.infinity)))
        XCTAssertNoThrow(try rules.overriding("unit.emergency", limit: 0.25, unit: nil, extendTo: nil))
        XCTAssertEqual([5, 1.5, 0.25, 2.9, 527_040].map(ClockAmount.text), ["5", "1.5", "0.25", "2.9", "527040"])
    }
}
