import Foundation

/// Parses RFC 5322 §3.3 date-time values, obsolete forms (§4.3) included.
///
/// Follows the lenient reading of Python's `email.utils._parsedate_tz`, which the corpus
/// records: optional weekday, 2-digit years (69–99 → 19xx, else 20xx), missing seconds,
/// `.` as time separator, alphabetic zones UT/GMT/EST/EDT/CST/CDT/MST/MDT/PST/PDT as RFC 5322
/// §4.3 defines them (US zones), `-0000` and unknown zones as UTC, trailing comments ignored.
enum DateTimeParser {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
                         "january", "february", "march", "april", "may", "june", "july", "august",
                         "september", "october", "november", "december"]
    static let days: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    static let zones: [String: Int] = ["UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "AST": -400, "ADT": -300,
                                       "EST": -500, "EDT": -400, "CST": -600, "CDT": -500,
                                       "MST": -700, "MDT": -600, "PST": -800, "PDT": -700]

    /// The instant of a Date field value, or nil when it cannot be read.
    static func parse(_ value: String) -> Date? {
        guard let f = fields(value) else { return nil }
        guard (1...9999).contains(f.year), (1...12).contains(f.month), (0...23).contains(f.hour),
              (0...59).contains(f.minute), (0...59).contains(f.second),
              f.day >= 1, f.day <= CivilCalendar.daysIn(month: f.month, year: f.year), abs(f.offset) < 86_400
        else { return nil }
        let days = CivilCalendar.daysFromCivil(year: f.year, month: f.month, day: f.day)
        let seconds = days * 86_400 + f.hour * 3600 + f.minute * 60 + f.second - f.offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    struct Fields {
        var year, month, day, hour, minute, second: Int
        var offset: Int
    }

    /// The numeric fields, with the zone as seconds east of UTC (0 when unknown).
    static func fields(_ value: String) -> Fields? {
        var data = value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }).map(String.init)
        guard !data.isEmpty else { return nil }
        if data[0].hasSuffix(",") || days.contains(data[0].lowercased()) {
            data.removeFirst()
        } else if let comma = data[0].lastIndex(of: ",") {
            data[0] = String(data[0][data[0].index(after: comma)...])
        }
        if data.count == 3 {                       // RFC 850: 01-Jan-99 10:00:00 GMT
            let stuff = data[0].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            if stuff.count == 3 { data = stuff + data[1...] }
        }
        if data.count == 4 {
            let s = data[3]
            var cut = s.firstIndex(of: "+")
            if cut == nil { cut = s.firstIndex(of: "-") }
            if let c = cut, c > s.startIndex {
                data[3...] = [String(s[..<c]), String(s[c...])]
            } else {
                data.append("")
            }
        }
        guard data.count >= 5 else { return nil }
        var (dd, mm, yy, tm, tz) = (data[0], data[1].lowercased(), data[2], data[3], data[4])
        guard !dd.isEmpty, !mm.isEmpty, !yy.isEmpty else { return nil }
        if !months.contains(mm) {
            (dd, mm) = (mm, dd.lowercased())
            guard months.contains(mm) else { return nil }
        }
        guard var month = months.firstIndex(of: mm).map({ $0 + 1 }) else { return nil }
        if month > 12 { month -= 12 }
        if dd.hasSuffix(",") { dd.removeLast() }
        if let colon = yy.firstIndex(of: ":"), colon > yy.startIndex { (yy, tm) = (tm, yy) }
        if yy.hasSuffix(",") { yy.removeLast(); if yy.isEmpty { return nil } }
        if let first = yy.first, !first.isNumber { (yy, tz) = (tz, yy) }
        if tm.hasSuffix(",") { tm.removeLast() }
        var time = tm.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if time.count == 1 && tm.contains(".") { time = tm.split(separator: ".", omittingEmptySubsequences: false).map(String.init) }
        guard time.count == 2 || time.count == 3 else { return nil }
        guard let year0 = pyInt(yy), let day = pyInt(dd), let hour = pyInt(time[0]), let minute = pyInt(time[1]),
              let second = time.count == 3 ? pyInt(time[2]) : 0 else { return nil }
        var year = year0
        if year < 100 { year += year > 68 ? 1900 : 2000 }
        var offset = 0
        let zone = tz.uppercased()
        if let z = zones[zone] {
            offset = z
        } else if let z = pyInt(zone) {
            offset = z
        }
        let sign = offset < 0 ? -1 : 1
        let magnitude = abs(offset)
        return Fields(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                      offset: sign * ((magnitude / 100) * 3600 + (magnitude % 100) * 60))
    }

    /// Python's `int()` of a short decimal string: optional sign, digits only.
    static func pyInt(_ s: String) -> Int? {
        let t = s.mailTrimmed
        guard !t.isEmpty, t.count <= 12 else { return nil }
        var body = Substring(t)
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(t)
    }
}
