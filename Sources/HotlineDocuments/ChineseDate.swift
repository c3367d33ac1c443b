import Foundation

/// Dates as people write them on Chinese forms: `2026年12月11日` (how `FormTemplateValues`
/// prints them), `2026-12-11`, `2026/12/11`, `2026.12.11`, with full-width digits
/// (`２０２６年１２月１１日`), in Chinese numerals (`二〇二六年十二月十一日`), with `号` for `日`,
/// and an optional time `09:30`. Pure.
enum ChineseDate {
    /// The moment in `timeZone`: the start of the day, or the time when one is given; nil when
    /// `text` is not such a date or names no real day (`2026年2月30日`).
    static func parse(_ text: String, timeZone: TimeZone) -> Date? {
        let normalized = String(text.map(halfWidth)).trimmingCharacters(in: .whitespacesAndNewlines)
        let numeral = "[0-9〇零一二三四五六七八九十]"
        guard let pattern = try? Regex(
            "^(\(numeral){4})\\s*[年\\-/.]\\s*(\(numeral){1,3})\\s*[月\\-/.]\\s*(\(numeral){1,3})\\s*[日号]?"
                + "(?:\\s*([0-9]{1,2})[:：]([0-9]{2}))?$"),
            let match = try? pattern.wholeMatch(in: normalized) else { return nil }
        func group(_ index: Int) -> Int? {
            guard let part = match.output[index].substring else { return nil }
            return number(part)
        }
        guard let year = group(1), let month = group(2), let day = group(3) else { return nil }
        let hour = group(4) ?? 0, minute = group(5) ?? 0
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute)
        guard let date = calendar.date(from: components) else { return nil }
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        guard back.year == year, back.month == month, back.day == day else { return nil }  // 2月30日
        return date
    }

    /// Full-width digits and punctuation (U+FF01–FF5E) as their ASCII forms; anything else as is.
    static func halfWidth(_ character: Character) -> Character {
        guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first,
              (0xFF01...0xFF5E).contains(scalar.value), let ascii = Unicode.Scalar(scalar.value - 0xFEE0) else { return character }
        return Character(ascii)
    }

    /// `2026`, `二〇二六` (digit by digit), `十二`, `二十三`, `十`.
    static func number(_ text: Substring) -> Int? {
        if let value = Int(text) { return value }
        let digits: [Character: Int] = ["〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
        if let ten = text.firstIndex(of: "十") {
            let tens = text[..<ten].isEmpty ? 1 : text[..<ten].count == 1 ? digits[text[text.startIndex]] : nil
            let unitPart = text[text.index(after: ten)...]
            let units = unitPart.isEmpty ? 0 : unitPart.count == 1 ? digits[unitPart[unitPart.startIndex]] : nil
            guard let tens, let units else { return nil }
            return tens * 10 + units
        }
        var value = 0
        for character in text {
            guard let digit = digits[character] else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}
