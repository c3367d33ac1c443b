import Foundation

extension SignOffRules {
    /// RULES.md §8.4: every policy the answer relies on is cited with its number (文号) — each one,
    /// not one citation for the lot.
    ///
    /// A policy is a name in 《》 in the result that ends like one (…办法, …通知, …条例, …法; see
    /// `policyEndings`; a newspaper such as 《蚌埠日报》 is not). It is cited when the sheet's citation
    /// list gives it with a document number, or when the number stands right after it in the text:
    /// 《…办法》（蚌政发〔2020〕12号）, 《…办法》〔2021〕3号, 《…规定》（省政府令第12号）.
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
        let listed = Set(cited.map { bareTitle($0.title) })
        let mentions = namedPolicies(in: result)
        // A title cited inline at one mention is cited at all of them.
        let inline = Set(mentions.filter { citedInline($0.after, law: isLaw($0.title)) }.map(\.title))
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

    /// Every policy named in 《》, with the text right after its closing 》.
    static func namedPolicies(in text: String) -> [(title: String, after: Substring)] {
        var out: [(String, Substring)] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "《"), let close = rest[open...].firstIndex(of: "》") {
            let title = bareTitle(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
            if policyEndings.contains(where: { title.hasSuffix($0) }) { out.append((title, rest)) }
        }
        return out
    }

    /// A law (…法, …法典: not an …办法, a government's measures) or a regulation (…条例).
    static func isLaw(_ title: String) -> Bool {
        (title.hasSuffix("法") && !title.hasSuffix("办法")) || title.hasSuffix("法典") || title.hasSuffix("条例")
    }

    /// A document number right after a policy's name: in brackets, or bare; for a law, an article.
    static func citedInline(_ after: Substring, law: Bool) -> Bool {
        let s = CaseNumber.normalizeWidth(String(after.prefix(60))).drop { $0.isWhitespace }
        if let first = s.first, first == "(" || first == "（" {
            guard let end = s.firstIndex(where: { $0 == ")" || $0 == "）" }) else { return false }
            return isDocumentNumber(String(s[s.index(after: s.startIndex)..<end]))
        }
        let word = String(s.prefix { !"，,。；;、：:《\n".contains($0) })
        if law, word.hasPrefix("第"), let tiao = word.firstIndex(of: "条"),
           word[word.index(after: word.startIndex)..<tiao].allSatisfy({ $0.isNumber || Self.chineseNumerals.contains($0) }),
           word.distance(from: word.startIndex, to: tiao) > 1 {
            return true
        }
        return word.first.map { $0 == "〔" || $0 == "[" || $0 == "第" || $0.isLetter } == true && isDocumentNumber(word)
    }

    static let chineseNumerals: Set<Character> = Set("〇零一二三四五六七八九十百千")

    /// Whether `s` contains a document number: a numeral followed by 号 (蚌政发〔2020〕12号, 第12号,
    /// 主席令第一〇四号), or a standard's code (GB 5749-2022, CJ/T 206-2005).
    static func isDocumentNumber(_ s: String) -> Bool {
        let t = Array(CaseNumber.normalizeWidth(s).filter { !$0.isWhitespace })
        for (i, c) in t.enumerated() where c == "号" && i > 0 && (t[i - 1].isNumber || chineseNumerals.contains(t[i - 1])) {
            return true
        }
        // A standard: two or more capital letters (optionally /T or /Z), then digits.
        var i = 0
        while i < t.count {
            var j = i
            while j < t.count, t[j].isASCII, t[j].isUppercase { j += 1 }
            if j - i >= 2 {
                if j + 1 < t.count, t[j] == "/", t[j + 1].isUppercase { j += 2 }
                if j < t.count, t[j].isASCII, t[j].isNumber { return true }
            }
            i = max(j, i + 1)
        }
        return false
    }

    /// A title without its 《》 and spaces, as the text and the citation list compare it.
    static func bareTitle(_ title: String) -> String {
        title.filter { !$0.isWhitespace && $0 != "《" && $0 != "》" }
    }
}
