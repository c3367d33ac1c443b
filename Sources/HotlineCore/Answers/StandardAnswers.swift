import Foundation

/// One standard answer (常见问题答复, issue 12, item 1): a file a clerk edits, with the words it
/// answers and the policy it relies on.
public struct StandardAnswer: Sendable, Equatable {
    /// The file's name without `.toml` (`provident-fund-withdrawal`).
    public var id: String
    public var title: String
    /// Words that, found in a case's subject or text, make it a candidate.
    public var keywords: [String]
    /// The policy it relies on, cited with its document number (§8.4).
    public var policy: String?
    /// The answer's body, without the salutation (the draft adds the petitioner's).
    public var text: String

    public init(id: String, title: String, keywords: [String], policy: String?, text: String) {
        self.id = id
        self.title = title
        self.keywords = keywords
        self.policy = policy
        self.text = text
    }
}

/// The library of standard answers, and which of them fit a case. Pure.
public struct StandardAnswers: Sendable, Equatable {
    public var answers: [StandardAnswer]

    public init(_ answers: [StandardAnswer]) { self.answers = answers.sorted { $0.id < $1.id } }

    public func answer(_ id: String) -> StandardAnswer? { answers.first { $0.id == id } }

    /// A candidate and the keywords of it the case's text holds.
    public struct Suggestion: Sendable, Equatable {
        public var answer: StandardAnswer
        public var matched: [String]
        /// The characters of the keywords matched: a long, specific word counts for more than a short one.
        public var score: Int
    }

    /// The answers whose keywords the case's subject and text hold, best first (most matched
    /// characters, then most keywords, then id). Matching ignores case and full-width/half-width.
    public func suggestions(for record: CaseRecord, limit: Int = 5) -> [Suggestion] {
        let haystack = Self.folded(record.subject + "\n" + record.text)
        let found = answers.compactMap { a -> Suggestion? in
            let matched = a.keywords.filter { k in
                let f = Self.folded(k)
                return !f.isEmpty && haystack.contains(f)
            }
            guard !matched.isEmpty else { return nil }
            return Suggestion(answer: a, matched: matched, score: matched.reduce(0) { $0 + $1.count })
        }
        return Array(found.sorted { ($1.score, $1.matched.count, $0.answer.id) < ($0.score, $0.matched.count, $1.answer.id) }.prefix(limit))
    }

    /// Text compared without case, width or spaces (Ｐ = p, 　 = nothing).
    static func folded(_ s: String) -> String {
        CaseNumber.normalizeWidth(s).lowercased().filter { !$0.isWhitespace }
    }

    /// The answer as it would be sent to this petitioner: their salutation, the text, the policy.
    public static func draft(_ a: StandardAnswer, for record: CaseRecord) -> String {
        let name = record.petitioner.name.flatMap { FormText.line($0) }
        var lines = ["\(name ?? "您好")：", "", a.text.trimmingCharacters(in: .whitespacesAndNewlines)]
        if let policy = a.policy, !policy.isEmpty { lines += ["", "政策依据：\(policy)"] }
        return lines.joined(separator: "\n")
    }
}
