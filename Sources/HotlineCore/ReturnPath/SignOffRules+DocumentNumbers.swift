import Foundation

extension SignOffRules {
    static let chineseNumerals: Set<Character> = Set("〇零一二三四五六七八九十百千")

    /// Whether a cell of the citation list holds a document number: a numeral followed by 号
    /// (蚌政发〔2020〕12号, 第12号, 主席令第一〇四号), or a standard's code (GB 5749-2022, CJ/T 206-2005).
    /// The cell is the number's own, so any numbered 号 is one; in running text only the shapes of
    /// `documentNumberEnd` count.
    static func isDocumentNumber(_ s: String) -> Bool {
        let t = letters(s)
        for (i, c) in t.enumerated() where c == "号" && i > 0 && isNumeral(t[i - 1]) {
            return true
        }
        return t.indices.contains { standardEnd(t, from: $0) != nil }
    }

    /// Where a document number that starts at `i` ends, or nil when none starts there. Its shapes:
    /// - an issuer's code (Han or Latin letters, none before a bare 〔2021〕3号), the year in 〔〕, [],
    ///   () or 【】, then a numeral and 号: 蚌政发〔2020〕12号, 皖建房[2021]3号;
    /// - 第, a numeral and 号 (第12号), also after an order's name ending in 令 (省政府令第12号);
    /// - a standard's code: GB 5749-2022, GB/T 14848-2017.
    static func documentNumberEnd(_ t: [Character], from i: Int) -> Int? {
        var j = i
        while j < t.count, t[j].isLetter, t[j] != "第" { j += 1 }
        if let end = yearAndNumberEnd(t, from: j) { return end }
        if t.indices.contains(j), t[j] == "第", j == i || t[j - 1] == "令", let end = numberEnd(t, from: j + 1) { return end }
        return standardEnd(t, from: i)
    }

    /// 〔2020〕12号 from `i`: a four-digit year in brackets, an optional 第, a numeral, 号.
    static func yearAndNumberEnd(_ t: [Character], from i: Int) -> Int? {
        let pairs: [Character: Character] = ["〔": "〕", "[": "]", "(": ")", "【": "】"]
        guard i + 5 < t.count, let close = pairs[t[i]], t[(i + 1)...(i + 4)].allSatisfy({ $0.isASCII && $0.isNumber }),
              t[i + 5] == close else { return nil }
        let j = i + 6
        return numberEnd(t, from: j < t.count && t[j] == "第" ? j + 1 : j)
    }

    /// A numeral (Arabic or Chinese) from `i`, then 号.
    static func numberEnd(_ t: [Character], from i: Int) -> Int? {
        var j = i
        while j < t.count, isNumeral(t[j]) { j += 1 }
        return j > i && j < t.count && t[j] == "号" ? j + 1 : nil
    }

    /// A standard's code from `i`: two or more capital letters (optionally /T or /Z), then digits
    /// with their - and . (GB5749-2022; the spaces are gone already).
    static func standardEnd(_ t: [Character], from i: Int) -> Int? {
        guard i == 0 || !(t[i - 1].isASCII && t[i - 1].isUppercase) else { return nil }
        var j = i
        while j < t.count, t[j].isASCII, t[j].isUppercase { j += 1 }
        guard j - i >= 2 else { return nil }
        if j + 1 < t.count, t[j] == "/", t[j + 1].isASCII, t[j + 1].isUppercase { j += 2 }
        guard j < t.count, t[j].isASCII, t[j].isNumber else { return nil }
        while j < t.count, t[j].isASCII, t[j].isNumber || t[j] == "-" || t[j] == "." { j += 1 }
        return j
    }

    /// Whether a document number stands anywhere in `t` (the inside of a bracket).
    static func containsDocumentNumber(_ t: ArraySlice<Character>) -> Bool {
        let a = Array(t)
        return a.indices.contains { documentNumberEnd(a, from: $0) != nil }
    }

    /// Whether the text right before a 《 ends with a document number: 按蚌政办〔2021〕5号《…通知》.
    static func documentNumberEnds(_ before: Substring) -> Bool {
        let t = letters(before.suffix(40))
        return t.indices.contains { documentNumberEnd(t, from: $0) == t.count }
    }

    static func isNumeral(_ c: Character) -> Bool {
        (c.isASCII && c.isNumber) || chineseNumerals.contains(c)
    }
}
