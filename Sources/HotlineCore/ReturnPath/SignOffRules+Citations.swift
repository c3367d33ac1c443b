import Foundation

extension SignOffRules {
    /// RULES.md §8.4: every policy the answer relies on is cited with its number (文号) — each one,
    /// not one citation for the lot.
    ///
    /// A policy is a name in 《》 in the result that ends like one (…办法, …通知, …条例, …法; see
    /// `policyEndings`; a newspaper such as 《蚌埠日报》 is not), judged without a bracketed suffix
    /// (《…办法（试行）》, 《…条例（2019年修订）》 are the …办法 and the …条例). It is cited when the
    /// sheet's citation list gives it with a document number, or when a document number stands right
    /// by it in the text (`citedInline`, `documentNumberEnd`): 《…办法》（蚌政发〔2020〕12号）,
    /// 《…办法》〔2021〕3号, 《…规定》（省政府令第12号）, 按蚌政办〔2021〕5号《关于…的通知》. A short name
    /// the text gives the policy (…（…，以下简称《办法》）) is that policy wherever it is used.
    ///
    /// Laws and regulations (…法, …法典, …条例) are also cited by their article: 《中华人民共和国噪声污染
    /// 防治法》第八十七条 names the rule relied on exactly — the title identifies the statute and its
    /// source (the people's congress), the article the provision — which is how a careful clerk cites
    /// them; a law named without an article or a number is not cited. A document number in the
    /// citation list must look like one (a numeral and 号, or a standard's code): 暂无 is not.
    static func citations(_ result: String, _ cited: [FeedbackSheet.Citation], _ fail: (Check, String) -> Void) {
        for c in cited where !isDocumentNumber(c.documentNumber) {
            fail(.citations, "the policy \(c.title) is cited without its document number (文号)"
                 + (blank(c.documentNumber) ? "" : ": \"\(c.documentNumber)\" is not one"))
        }
        // A title listed with a bad number has failed above, once.
        let listed = Set(cited.flatMap { listedTitles($0.title) })
        let mentions = namedPolicies(in: result)
        // A title cited inline at one mention is cited at all of them.
        let inline = Set(mentions.filter {
            $0.numberedInTitle || documentNumberEnds($0.before) || citedInline($0.after, law: isLaw($0.title))
        }.map(\.title))
        var uncited: [String] = []
        for m in mentions where !listed.contains(m.title) && !inline.contains(m.title) && !uncited.contains(m.title) {
            uncited.append(m.title)
        }
        if !uncited.isEmpty {
            fail(.citations, "the answer relies on " + uncited.map { "《\($0)》" }.joined(separator: "、")
                 + " without citing \(uncited.count == 1 ? "its" : "their") document number (文号)")
        }
    }

    /// The endings of the names of policies, laws and regulations.
    static let policyEndings = ["法", "法典", "条例", "规定", "办法", "细则", "通知", "意见", "决定", "方案", "规划", "规范", "标准",
                                "规则", "制度", "纲要", "批复", "公告", "通告", "令", "决议", "准则", "目录"]

    /// A policy named in the result: its title as compared, the text between the previous 》 and its
    /// 《, the text after its 》, and whether its own 《》 carried the number (《…通知（蚌政〔2020〕1号）》).
    struct PolicyMention {
        var title: String
        var before: Substring
        var after: Substring
        var numberedInTitle: Bool
    }

    /// Every policy named in 《》, short names (以下简称《办法》) read as the title they abbreviate.
    static func namedPolicies(in text: String) -> [PolicyMention] {
        var out: [PolicyMention] = []
        var aliases: [String: String] = [:]
        var previous: String?
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "《"), let close = rest[open...].firstIndex(of: "》") {
            let before = rest[..<open]
            let named = policyTitle(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
            let lead = before.filter { !$0.isWhitespace }
            if let previous, ["简称", "简称为", "下称"].contains(where: { lead.hasSuffix($0) }) {
                aliases[named.title] = previous
                continue
            }
            let title = aliases[named.title] ?? named.title
            previous = title
            if policyEndings.contains(where: { title.hasSuffix($0) }) {
                out.append(PolicyMention(title: title, before: before, after: rest, numberedInTitle: named.numbered))
            }
        }
        return out
    }

    /// The titles a cell of the citation list names: each 《》 title in it, or the cell's lines when it
    /// has none — two policies typed on two lines of one cell are two titles.
    static func listedTitles(_ cell: String) -> [String] {
        cell.split(whereSeparator: \.isNewline).flatMap { line -> [String] in
            var titles: [String] = []
            var rest = line[...]
            while let open = rest.firstIndex(of: "《"), let close = rest[open...].firstIndex(of: "》") {
                titles.append(String(rest[rest.index(after: open)..<close]))
                rest = rest[rest.index(after: close)...]
            }
            return (titles.isEmpty ? [String(line)] : titles).map { policyTitle($0).title }
        }.filter { !$0.isEmpty }
    }

    /// A law (…法, …法典: not an …办法, a government's measures) or a regulation (…条例).
    static func isLaw(_ title: String) -> Bool {
        (title.hasSuffix("法") && !title.hasSuffix("办法")) || title.hasSuffix("法典") || title.hasSuffix("条例")
    }

    /// A document number right after a policy's name — bare (〔2021〕3号, 第12号, GB 5749-2022) or in
    /// brackets; for a law, an article (第八十七条). A bracket holding no number (（2018年修订）) is
    /// passed over and what follows it is read. A number of some other thing (要求对3号楼整改) is not
    /// one: only the shapes of `documentNumberEnd` count.
    static func citedInline(_ after: Substring, law: Bool) -> Bool {
        var t = letters(after.prefix(80))
        while !t.isEmpty {
            if documentNumberEnd(t, from: 0) != nil || (law && startsWithArticle(t)) { return true }
            guard t.first == "(", let end = t.firstIndex(of: ")") else { return false }
            if containsDocumentNumber(t[1..<end]) { return true }
            t = Array(t[(end + 1)...])
        }
        return false
    }

    /// 第, a numeral, 条: an article of a law.
    static func startsWithArticle(_ t: [Character]) -> Bool {
        guard t.first == "第" else { return false }
        let digits = t.dropFirst().prefix { $0.isNumber || chineseNumerals.contains($0) }
        return !digits.isEmpty && t.dropFirst(1 + digits.count).first == "条"
    }

    /// The text as the number shapes read it: full width as ASCII, no spaces.
    static func letters<S: StringProtocol>(_ s: S) -> [Character] {
        Array(CaseNumber.normalizeWidth(String(s)).filter { !$0.isWhitespace })
    }

    /// A title without its 《》, spaces and bracketed suffixes (（试行）, （2019年修订）), full width as
    /// ASCII; `numbered` when a suffix was a document number.
    static func policyTitle(_ raw: String) -> (title: String, numbered: Bool) {
        var t = letters(raw).filter { $0 != "《" && $0 != "》" }
        var numbered = false
        while t.last == ")", let open = t.lastIndex(of: "("), open > 0 {
            numbered = numbered || containsDocumentNumber(t[(open + 1)..<(t.count - 1)])
            t.removeSubrange(open...)
        }
        return (String(t), numbered)
    }
}
