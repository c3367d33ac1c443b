import Foundation

/// The petitioner's evaluation of the answer (回访, issue 12 item 5), as people write it.
public enum Evaluation: String, Sendable, Equatable, Codable, CaseIterable {
    case satisfied
    case basicallySatisfied = "basically-satisfied"
    case notSatisfied = "not-satisfied"
    /// Nothing decides it: a clerk reads it (never counted as satisfied).
    case unclear

    public var chinese: String {
        switch self {
        case .satisfied: "满意"
        case .basicallySatisfied: "基本满意"
        case .notSatisfied: "不满意"
        case .unclear: "无法判断"
        }
    }
}

/// Reads an evaluation from the new text of a reply (issue 12, item 5), pure. The rule that matters
/// most: a reply that is not satisfied is never read as satisfied. So dissatisfaction wins over
/// everything — a negation (不满意, 不太满意, 谈不上满意), sarcasm (满意个啥, 怎么可能满意), a
/// question (满意？) — then "basically" over "satisfied"; a lone 1/2/3 (the letter's own choices,
/// full-width too) decides when no word does; anything else is unclear. Only the new text is read:
/// the quoted earlier mail below it (our own letter names all three choices) is cut off first.
public enum EvaluationReader {
    public struct Reading: Sendable, Equatable {
        public var evaluation: Evaluation
        /// The words that decided it, as they stand in the text.
        public var decidedBy: [String]
        /// The text read (the reply without the quoted mail).
        public var newText: String
    }

    public static func read(_ text: String) -> Reading {
        let fresh = newText(of: text)
        let t = normalized(fresh)
        func found(_ words: [String]) -> [String] { words.filter { t.contains($0) } }
        let negative = found(notSatisfied) + negated(t)
        if !negative.isEmpty { return Reading(evaluation: .notSatisfied, decidedBy: negative, newText: fresh) }
        if let q = questioned(t) {
            // As it stands in the text (a full-width ？ or a half-width ?).
            return Reading(evaluation: .unclear, decidedBy: [fresh.contains("满意？") ? "满意？" : q], newText: fresh)
        }
        let basic = found(basically)
        if !basic.isEmpty { return Reading(evaluation: .basicallySatisfied, decidedBy: basic, newText: fresh) }
        let good = found(satisfied)
        if !good.isEmpty { return Reading(evaluation: .satisfied, decidedBy: good, newText: fresh) }
        // The letter offers 1 满意, 2 基本满意, 3 不满意: a reply of the digit alone.
        let bare = t.filter { !"。.!！~～、,，".contains($0) }
        switch bare {
        case "1": return Reading(evaluation: .satisfied, decidedBy: ["1"], newText: fresh)
        case "2": return Reading(evaluation: .basicallySatisfied, decidedBy: ["2"], newText: fresh)
        case "3": return Reading(evaluation: .notSatisfied, decidedBy: ["3"], newText: fresh)
        default: return Reading(evaluation: .unclear, decidedBy: [], newText: fresh)
        }
    }

    /// Dissatisfaction, negations and sarcasm: any of these and the reply is not satisfied.
    static let notSatisfied = [
        "不满意", "不太满意", "不大满意", "不怎么满意", "不是很满意", "不是太满意", "不算满意", "谈不上满意", "说不上满意", "算不上满意",
        "没法满意", "无法满意", "不能满意", "难以满意", "一点也不满意", "一点都不满意", "怎么可能满意", "怎能满意", "如何满意",
        "满意个", "满意什么", "满意啥", "满意才怪", "满意你个", "满意吗", "还满意呢", "让人满意吗", "不满", "很差", "太差", "差评",
        "没解决", "没有解决", "未解决", "还没解决", "没人管", "敷衍", "糊弄", "不行", "不认可", "不接受", "不同意", "失望", "呵呵",
        "不太好", "不是很好", "很不好", "没处理", "没有处理", "未处理", "不处理", "没办", "没人处理", "根本没",
    ]

    static let basically = ["基本满意", "基本上满意", "基本还满意", "比较满意", "还算满意", "还行", "还可以", "一般", "凑合", "马马虎虎", "勉强"]

    /// Thanks alone are politeness, not an evaluation: they decide nothing.
    static let satisfied = ["非常满意", "很满意", "十分满意", "特别满意", "挺满意", "满意", "很好", "非常好", "已解决"]

    /// A positive word (满意, 很好, 已解决) negated or doubted however it is put: a negating character
    /// up to four characters before it (不是特别满意, 没满意, 并非满意, 很难满意, 谁会满意, 哪里满意),
    /// or what follows it undoing it (满意不了, 满意才怪, 满意度为零). Any lists would miss some.
    static func negated(_ t: String) -> [String] {
        let chars = Array(t)
        let negators: Set<Character> = ["不", "没", "未", "非", "无", "难", "何", "哪", "谁", "别", "甭"]
        // Words with a negating character that do not negate: 非常满意, 无比满意, 特别满意.
        let notNegations: Set<String> = ["非常", "无比", "特别", "无论"]
        var out: [String] = []
        for word in ["满意", "很好", "已解决", "解决"] {
            let w = Array(word)
            var i = 0
            while i + w.count <= chars.count {
                defer { i += 1 }
                guard Array(chars[i..<(i + w.count)]) == w else { continue }
                // Up to four characters before it, within its clause (not across ，。！…).
                var from = max(0, i - 4)
                if let p = chars[from..<i].lastIndex(where: { "，,。.！!？?、；;：:".contains($0) }) { from = p + 1 }
                let negator = (from..<i).first { k in
                    guard negators.contains(chars[k]) else { return false }
                    let next = k + 1 < chars.count ? String(chars[k...(k + 1)]) : ""
                    let previous = k > 0 ? String(chars[(k - 1)...k]) : ""
                    return !notNegations.contains(next) && !notNegations.contains(previous)
                }
                // What follows it, its dots and exclamations passed over (满意。。。才怪).
                let rest = String(chars[(i + w.count)...].drop { "。.…！!~～ ".contains($0) }.prefix(3))
                if let k = negator {
                    out.append(String(chars[k..<(i + w.count)]))
                } else if let undo = ["不了", "才怪", "度"].first(where: { rest.hasPrefix($0) }) {
                    out.append(word + undo)
                }
            }
        }
        return out
    }

    /// 满意 followed by a question mark (full-width ones are half-width by now): asked, not answered.
    static func questioned(_ t: String) -> String? { t.contains("满意?") ? "满意?" : nil }

    /// Full-width digits and letters made half-width, spaces dropped.
    static func normalized(_ s: String) -> String {
        CaseNumber.normalizeWidth(s).filter { !$0.isWhitespace }
    }

    /// The reply without what it quotes: from the first quoted line (`>`), or the first line that
    /// opens the earlier mail as mail programs write it (原始邮件, Original Message, 在…写道：,
    /// On … wrote:, 发件人：/From: after the new text), the rest is not the petitioner's new words.
    public static func newText(of text: String) -> String {
        var kept: [Substring] = []
        // By newline characters: "\r\n" is one Character in Swift, never split at "\n".
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let l = line.trimmingCharacters(in: .whitespaces)
            if l.hasPrefix(">") || l.hasPrefix("＞") { break }
            if l.contains("原始邮件") || l.localizedCaseInsensitiveContains("original message") || l.hasPrefix("-----") { break }
            if (l.hasPrefix("在") && (l.hasSuffix("写道：") || l.hasSuffix("写道:"))) || (l.hasPrefix("On ") && l.hasSuffix("wrote:")) { break }
            if !kept.isEmpty, ["发件人：", "发件人:", "From:", "寄件者：", "發件人："].contains(where: { l.hasPrefix($0) }) { break }
            kept.append(line)
        }
        return kept.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
