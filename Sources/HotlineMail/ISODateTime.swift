import Foundation

/// The one reader of ISO 8601 date-times in hotline (issue 10, item 6): the forms' `xs:dateTime`
/// attributes, the instants stored in case history, and the dates a clerk types on the command line.
///
/// `instant` reads the `xs:dateTime` lexical form with a zone (XSD 1.0 Part 2 §3.2.7.1), which is
/// also RFC 3339's `date-time` and what `ISO8601DateFormatter` writes: `2026-12-01T09:00:00+08:00`,
/// `…Z`, fractional seconds kept, `24:00:00` the first moment of the next day (§3.2.7.2). `local`
/// reads a day or a minute without a zone, as a clerk types it (`2026-12-10`, `2026-12-10T17:30`),
/// in the center's zone. Pure: the calendar is `CivilCalendar`, never the machine's.
public enum ISODateTime {
    public enum Parsed: Equatable, Sendable {
        case instant(Date)
        /// A well-formed year outside 0001–9999, which the lexical space admits but no form dates from.
        case yearOutOfRange
        case malformed
    }

    /// An `xs:dateTime` with its zone. XML whitespace around it is collapsed (Part 2 §4.3.6).
    public static func parse(_ text: String) -> Parsed {
        var s = Array(collapsed(text).utf8)[...]
        if s.first == UInt8(ascii: "-") { return .yearOutOfRange }
        let yearDigits = s.prefix { isDigit($0) }.count
        guard yearDigits >= 4 else { return .malformed }
        guard yearDigits == 4, let year = number(&s, 4), year >= 1 else { return .yearOutOfRange }
        guard take(&s, "-"), let month = number(&s, 2), take(&s, "-"), let day = number(&s, 2), take(&s, "T"),
              let hour = number(&s, 2), take(&s, ":"), let minute = number(&s, 2), take(&s, ":"),
              let second = number(&s, 2) else { return .malformed }
        var fraction = 0.0
        if take(&s, ".") {
            let digits = s.prefix { isDigit($0) }
            guard !digits.isEmpty, let f = Double("0." + String(decoding: digits, as: UTF8.self)) else { return .malformed }
            fraction = f
            s = s.dropFirst(digits.count)
        }
        guard let offset = zoneOffset(&s), s.isEmpty,
              (1...12).contains(month), (1...CivilCalendar.daysIn(month: month, year: year)).contains(day),
              minute < 60, second < 60, hour < 24 || (hour == 24 && minute == 0 && second == 0 && fraction == 0)
        else { return .malformed }
        let days = CivilCalendar.daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offset
        return .instant(Date(timeIntervalSince1970: TimeInterval(seconds) + fraction))
    }

    /// The instant of an `xs:dateTime` with its zone; nil for anything else.
    public static func instant(_ text: String) -> Date? {
        if case .instant(let date) = parse(text) { return date }
        return nil
    }

    /// A day (`2026-12-10`, meaning its last minute, 23:59, unless `endOfDay` is false: 00:00) or a
    /// minute (`2026-12-10T17:30`) without a zone, in `timeZone`; nil for anything else.
    public static func local(_ text: String, timeZone: TimeZone, endOfDay: Bool = true) -> Date? {
        var s = Array(text.trimmingCharacters(in: .whitespaces).utf8)[...]
        guard let year = number(&s, 4), year >= 1, take(&s, "-"), let month = number(&s, 2), take(&s, "-"),
              let day = number(&s, 2), (1...12).contains(month), (1...CivilCalendar.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        var (hour, minute) = endOfDay ? (23, 59) : (0, 0)
        if !s.isEmpty {
            guard take(&s, "T"), let h = number(&s, 2), take(&s, ":"), let m = number(&s, 2), s.isEmpty, h < 24, m < 60 else { return nil }
            (hour, minute) = (h, m)
        }
        // The zone's offset at that wall-clock time: found from the UTC reading, corrected once (a
        // zone without daylight saving, as Asia/Shanghai, needs no correction).
        let wall = TimeInterval(CivilCalendar.daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60)
        let guess = wall - TimeInterval(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: wall)))
        return Date(timeIntervalSince1970: wall - TimeInterval(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: guess))))
    }

    /// XML whitespace (XML 1.0 §2.3 `S`) off both ends.
    public static func collapsed(_ text: String) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        let start = text.drop(while: isSpace)
        return start[..<(start.lastIndex { !isSpace($0) }.map { start.index(after: $0) } ?? start.startIndex)]
    }

    /// `Z`, or `+hh:mm`/`-hh:mm` up to 14:00 (Part 2 §3.2.7.3), in seconds east of UTC.
    static func zoneOffset(_ s: inout ArraySlice<UInt8>) -> Int? {
        if take(&s, "Z") { return 0 }
        guard let sign = s.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        s = s.dropFirst()
        guard let h = number(&s, 2), take(&s, ":"), let m = number(&s, 2), m < 60, h * 60 + m <= 14 * 60 else { return nil }
        return (sign == UInt8(ascii: "-") ? -1 : 1) * (h * 3_600 + m * 60)
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    static func number(_ s: inout ArraySlice<UInt8>, _ count: Int) -> Int? {
        guard s.count >= count, s.prefix(count).allSatisfy(isDigit) else { return nil }
        let value = s.prefix(count).reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        s = s.dropFirst(count)
        return value
    }

    static func take(_ s: inout ArraySlice<UInt8>, _ c: Unicode.Scalar) -> Bool {
        guard s.first == UInt8(ascii: c) else { return false }
        s = s.dropFirst()
        return true
    }
}
