import Foundation
@testable import HotlineMail
import XCTest

/// The one ISO 8601 reader (issue 10, item 6), table-driven, and checked against Foundation's
/// `ISO8601DateFormatter` on what that writes.
final class ISODateTimeTests: XCTestCase {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    func testInstants() {
        let t0 = Date(timeIntervalSince1970: 1_796_086_800)  // 2026-12-01T01:00:00Z
        let table: [(String, ISODateTime.Parsed)] = [
            ("2026-12-01T01:00:00Z", .instant(t0)),
            ("2026-12-01T09:00:00+08:00", .instant(t0)),
            ("2026-11-30T20:00:00-05:00", .instant(t0)),
            (" 2026-12-01T09:00:00+08:00\n", .instant(t0)),
            ("2026-12-01T09:00:00.25+08:00", .instant(t0 + 0.25)),
            ("2026-11-30T24:00:00Z", .instant(Date(timeIntervalSince1970: 1_796_083_200))),
            ("2028-02-29T00:00:00Z", .instant(Date(timeIntervalSince1970: 1_835_395_200))),
            ("2026-02-29T00:00:00Z", .malformed),
            ("2026-12-01T09:00:00", .malformed),
            ("2026-12-01 09:00:00+08:00", .malformed),
            ("2026-12-01T24:00:01Z", .malformed),
            ("2026-12-01T09:00:00+15:00", .malformed),
            ("0000-01-01T00:00:00Z", .yearOutOfRange),
            ("-2026-12-01T00:00:00Z", .yearOutOfRange),
            ("12026-12-01T00:00:00Z", .yearOutOfRange),
            ("", .malformed),
        ]
        for (text, expected) in table { XCTAssertEqual(ISODateTime.parse(text), expected, text) }
    }

    func testWhatFoundationWritesReadsBack() {
        let f = ISO8601DateFormatter()
        for seconds in stride(from: 0, to: 4_000_000_000, by: 123_456_789) {
            let d = Date(timeIntervalSince1970: TimeInterval(seconds))
            XCTAssertEqual(ISODateTime.instant(f.string(from: d)), d, f.string(from: d))
        }
    }

    func testDatesAClerkTypes() {
        let table: [(String, Bool, String?)] = [
            ("2026-12-10", true, "2026-12-10T15:59:00Z"),
            ("2026-12-10", false, "2026-12-09T16:00:00Z"),
            ("2026-12-10T17:30", true, "2026-12-10T09:30:00Z"),
            (" 2026-12-10 ", true, "2026-12-10T15:59:00Z"),
            ("2026-02-30", true, nil),
            ("2026-12-10T24:00", true, nil),
            ("2026-12-10T17:30:00", true, nil),
            ("10/12/2026", true, nil),
            ("2026-1-5", true, nil),
        ]
        for (text, endOfDay, expected) in table {
            XCTAssertEqual(ISODateTime.local(text, timeZone: Self.shanghai, endOfDay: endOfDay), expected.flatMap(ISODateTime.instant), text)
        }
    }
}
