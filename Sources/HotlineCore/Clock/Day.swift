import Foundation
import HotlineMail

/// A civil day (a date without a time), as the calendar of holidays counts: `2026-02-14`.
/// Stored as days since 1970-01-01; the proleptic Gregorian calendar (`CivilCalendar`), never the
/// machine's.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let number: Int

    public init(number: Int) { self.number = number }

    /// nil for a date that does not exist (2026-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), (1...CivilCalendar.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        number = CivilCalendar.daysFromCivil(year: year, month: month, day: day)
    }

    /// `2026-02-14`, exactly.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var year: Int { CivilCalendar.civil(fromDays: number).0 }
    public var month: Int { CivilCalendar.civil(fromDays: number).1 }
    public var day: Int { CivilCalendar.civil(fromDays: number).2 }

    /// 1 Monday … 7 Sunday (ISO 8601). 1970-01-01 was a Thursday.
    public var weekday: Int { ((number % 7) + 7 + 3) % 7 + 1 }
    public var isWeekend: Bool { weekday >= 6 }

    public static func < (a: Day, b: Day) -> Bool { a.number < b.number }
    public func adding(_ days: Int) -> Day { Day(number: number + days) }

    public var description: String {
        let (y, m, d) = CivilCalendar.civil(fromDays: number)
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    /// The weekday in English, for what `hotline clock day` prints.
    public var weekdayName: String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][weekday - 1]
    }
}

/// Instants and days in one fixed-offset zone. Asia/Shanghai has had no daylight saving since
/// 1991: the center's zone is a constant offset over any date a case can have, which makes the
/// arithmetic exact and independent of the machine's zone database.
public struct LocalTime: Sendable, Equatable {
    /// Seconds east of UTC (+08:00 = 28,800).
    public let offset: Int

    public init(offset: Int) { self.offset = offset }

    /// The zone's offset on 2026-01-01, taken for every date (for Asia/Shanghai, +08:00 all year):
    /// the clock supports zones without daylight saving only (README, "The clock").
    public init(_ zone: TimeZone) { offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: 1_767_225_600)) }

    public static let shanghai = LocalTime(offset: 8 * 3_600)

    /// The local day of an instant and the seconds since its midnight.
    public func split(_ instant: Date) -> (day: Day, second: Double) {
        let local = instant.timeIntervalSince1970 + Double(offset)
        let dayNumber = Int((local / 86_400).rounded(.down))
        return (Day(number: dayNumber), local - Double(dayNumber) * 86_400)
    }

    /// The instant `second` seconds after the local midnight that begins `day`.
    public func instant(_ day: Day, second: Double) -> Date {
        Date(timeIntervalSince1970: Double(day.number) * 86_400 + second - Double(offset))
    }

    /// `2026-12-01T17:30:00+08:00`.
    public func iso(_ instant: Date) -> String {
        let (day, second) = split(instant)
        let s = Int(second.rounded(.down))
        let sign = offset < 0 ? "-" : "+"
        return "\(day)T" + String(format: "%02d:%02d:%02d", s / 3_600, s % 3_600 / 60, s % 60)
            + String(format: "%@%02d:%02d", sign, abs(offset) / 3_600, abs(offset) % 3_600 / 60)
    }
}
