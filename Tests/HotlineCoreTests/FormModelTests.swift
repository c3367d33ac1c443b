import Foundation
import HotlineCore
import HotlineTestSupport
import XCTest

final class FormModelTests: XCTestCase {
    let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    func at(_ text: String) -> Date {
        let f = ISO8601DateFormatter()
        return f.date(from: text)!
    }

    func testFormNumbersPrintAndParse() {
        let n = FormNumber(kind: .assignment, year: 2026, sequence: 17)
        XCTAssertEqual(n.description, "JB2026-00017")
        XCTAssertEqual(FormNumber("jb2026-00017"), n)
        XCTAssertEqual(FormNumber("FK2026-123456")?.kind, .feedback)
        for bad in ["", "JB2026", "XX2026-00001", "JB26-00001", "JB2026-0", "JB2026-00001-1", "JB２０２６-00001"] {
            XCTAssertNil(FormNumber(bad), bad)
        }
    }

    /// The units' rows of the shipped table, counted by the clock (issue 11): 天 as working days,
    /// an emergency's day as 24 hours.
    func testUnitDeadlinesFollowTheNorms() {
        let d = UnitDeadlines.shipped
        let table: [(MatterKind, HandlingClass, Double, ClockUnit, Double?)] = [
            (.consultation, .routine, 1, .workingDays, nil),
            (.complaint, .routine, 5, .workingDays, nil),
            (.suggestion, .routine, 5, .workingDays, nil),
            (.requestForHelp, .generalEmergency, 1, .days, 2),
            (.complaint, .majorEmergency, 1, .days, 2),
            (.report, .complex, 10, .workingDays, nil),
        ]
        for (kind, cls, amount, unit, ext) in table {
            let l = d.limit(kind: kind, handlingClass: cls)
            XCTAssertEqual(l.amount, amount, "\(kind) \(cls)")
            XCTAssertEqual(l.unit, unit, "\(kind) \(cls)")
            XCTAssertEqual(l.extendTo, ext, "\(kind) \(cls)")
        }
        // Tuesday 1 December 10:00 + 5 working days: 2, 3, 4, 7, 8 December, at 17:30.
        let issued = at("2026-12-01T02:00:00Z")
        XCTAssertEqual(d.due(kind: .complaint, handlingClass: .routine, from: issued).0, at("2026-12-08T09:30:00Z"))
        // Across the National Day week of 2026 (1–7 October off, Saturday 10 October worked).
        XCTAssertEqual(d.due(kind: .complaint, handlingClass: .routine, from: at("2026-09-30T02:00:00Z")).0, at("2026-10-13T09:30:00Z"))
        // The emergency cap: 2 days of 24 hours.
        XCTAssertEqual(d.extensionCap(kind: .complaint, handlingClass: .majorEmergency, from: issued), at("2026-12-03T02:00:00Z"))
        XCTAssertNil(d.extensionCap(kind: .complaint, handlingClass: .routine, from: issued))
    }

    /// Batches run on working days: a routine form made on a day off leaves in the first batch of the
    /// next working day, and a make-up Saturday has its batches (issue 11).
    func testBatchesRunOnWorkingDays() {
        let s = DispatchSchedule(batchMinutes: [11 * 60 + 30, 17 * 60], timeZone: shanghai, workingDays: UnitDeadlines.shipped.clock.calendar)
        let table: [(String, String)] = [
            ("2026-12-04T18:00:00+08:00", "2026-12-07T11:30:00+08:00"),  // Friday evening → Monday
            ("2026-12-05T09:00:00+08:00", "2026-12-07T11:30:00+08:00"),  // Saturday → Monday
            ("2026-02-14T09:00:00+08:00", "2026-02-14T11:30:00+08:00"),  // a make-up working Saturday
            ("2026-02-15T09:00:00+08:00", "2026-02-24T11:30:00+08:00"),  // the Spring Festival → Tuesday 24th
            ("2026-09-30T17:00:00+08:00", "2026-09-30T17:00:00+08:00"),  // the last batch before National Day, sharp
            ("2026-09-30T17:01:00+08:00", "2026-10-08T11:30:00+08:00"),
        ]
        for (now, batch) in table {
            XCTAssertEqual(s.sendAt(handlingClass: .routine, now: at(now)), at(batch), now)
            XCTAssertEqual(s.sendAt(handlingClass: .majorEmergency, now: at(now)), at(now), "emergencies go at once")
        }
    }

    func testRoutineFormsWaitForTheNextBatchEmergenciesGoAtOnce() {
        let s = DispatchSchedule(batchMinutes: [17 * 60, 11 * 60 + 30], timeZone: shanghai)
        XCTAssertEqual(s.batchMinutes, [690, 1020])
        // 09:00 Shanghai → 11:30 the same day; 11:30 sharp → 11:30; 12:00 → 17:00; 18:00 → 11:30 next day.
        let table: [(String, String)] = [
            ("2026-12-01T01:00:00Z", "2026-12-01T03:30:00Z"),
            ("2026-12-01T03:30:00Z", "2026-12-01T03:30:00Z"),
            ("2026-12-01T04:00:00Z", "2026-12-01T09:00:00Z"),
            ("2026-12-01T10:00:00Z", "2026-12-02T03:30:00Z"),
        ]
        for (now, expected) in table {
            XCTAssertEqual(s.sendAt(handlingClass: .routine, now: at(now)), at(expected), now)
            XCTAssertEqual(s.sendAt(handlingClass: .complex, now: at(now)), at(expected), now)
            XCTAssertEqual(s.sendAt(handlingClass: .majorEmergency, now: at(now)), at(now))
            XCTAssertEqual(s.sendAt(handlingClass: .generalEmergency, now: at(now)), at(now))
        }
        XCTAssertEqual(DispatchSchedule.minutes("9:05"), 545)
        XCTAssertNil(DispatchSchedule.minutes("24:00"))
        XCTAssertNil(DispatchSchedule.minutes("11:3"))
    }

    func testReplyAddressesFindTheirCaseAndForgiveRetyping() throws {
        let r = ReplyAddress(mailbox: "hotline@center.example", casePrefix: "BB", tagger: FormTag(secret: Array("s3cret".utf8)))
        let n = CaseNumber(prefix: "BB", day: "20261101", sequence: 107)
        let a = r.address(for: n)
        XCTAssertTrue(a.hasPrefix("hotline+bb20261101-0107."), a)
        XCTAssertTrue(a.hasSuffix("@center.example"))
        XCTAssertEqual(r.caseNumber(in: a), n)
        XCTAssertEqual(r.caseNumber(in: a.uppercased()), n)
        // Retyped from paper: 0 as o, 1 as l, full-width letters.
        let local = a.split(separator: "@")[0]
        let retyped = local.replacingOccurrences(of: "0", with: "o").replacingOccurrences(of: "1", with: "l") + "@center.example"
        XCTAssertEqual(r.caseNumber(in: retyped), n, retyped)
        XCTAssertEqual(r.caseNumber(in: "ｈｏｔｌｉｎｅ" + a.dropFirst(7)), n)
        // Another case's number with this tag, a wrong tag, a foreign domain, another mailbox: no case.
        let other = a.replacingOccurrences(of: "0107", with: "0108")
        XCTAssertNil(r.caseNumber(in: other))
        XCTAssertNil(r.caseNumber(in: a.replacingOccurrences(of: "@center.example", with: "@evil.example")))
        XCTAssertNil(r.caseNumber(in: "other+" + a.split(separator: "+")[1]))
        XCTAssertNil(r.caseNumber(in: "hotline@center.example"))
        let forged = ReplyAddress(mailbox: "hotline@center.example", casePrefix: "BB", tagger: FormTag(secret: Array("guess".utf8)))
        XCTAssertNil(r.caseNumber(in: forged.address(for: n)))
    }

    func testQRPayloadCarriesKindCaseFormAndATag() throws {
        let tagger = FormTag(secret: Array("s3cret".utf8))
        let p = FormQRPayload(kind: .feedback, caseNumber: CaseNumber(prefix: "BB", day: "20261101", sequence: 7),
                              formNumber: FormNumber(kind: .feedback, year: 2026, sequence: 3))
        let text = p.text(tagger: tagger)
        XCTAssertTrue(text.hasPrefix("HLF1 feedback BB20261101-0007 FK2026-00003 "), text)
        XCTAssertEqual(try FormQRPayload.parse(text, casePrefix: "BB", tagger: tagger), p)
        XCTAssertThrowsError(try FormQRPayload.parse(text.replacingOccurrences(of: "0007", with: "0008"), casePrefix: "BB",
                                                     tagger: tagger)) { XCTAssertEqual($0 as? FormQRPayload.Rejection, .badTag) }
        XCTAssertThrowsError(try FormQRPayload.parse(text, casePrefix: "BB", tagger: FormTag(secret: [1, 2, 3]))) {
            XCTAssertEqual($0 as? FormQRPayload.Rejection, .badTag)
        }
        XCTAssertThrowsError(try FormQRPayload.parse("https://example.com", casePrefix: "BB", tagger: tagger)) {
            XCTAssertEqual($0 as? FormQRPayload.Rejection, .notOurs)
        }
        let wrongKind = text.replacingOccurrences(of: "HLF1 feedback", with: "HLF1 assignment")
        XCTAssertThrowsError(try FormQRPayload.parse(wrongKind, casePrefix: "BB", tagger: tagger))
    }

    func testXMLEscapingDropsWhatXMLCannotCarry() {
        XCTAssertEqual(FormXMLWriter.escape("a<b>&\"c\"\r\n\u{1}\u{FFFE}d", attribute: false), "a&lt;b&gt;&amp;\"c\"\nd")
        XCTAssertEqual(FormXMLWriter.escape("x\"\ny\t", attribute: true), "x&quot;&#xA;y&#x9;")
    }
}
