import Foundation

extension SignOffRules {
    /// RULES.md §8.3: when the petitioner is a person, the reply must not open by addressing a unit.
    ///
    /// The salutation is the start of the result's first line, up to the first of ：:，,！! or 您好
    /// (`尊敬的锦绣花园物业公司，您好！` addresses 尊敬的锦绣花园物业公司). It addresses an organisation
    /// when it names a unit of the registry, or ends the way organisations' names end (…公司, …物业,
    /// …委员会, …局, …中心, …项目部, …办公室 — `organisationEndings`): a fixed list of unit names would
    /// let every property company and owners' committee through. A person stays a person: 张先生：,
    /// 李女士：, 尊敬的市民：, 王局长：, 王院长： (a title ends in 长, not in 局 or 院) all pass. A first
    /// clause that opens an answer (经查，, 关于…，) is no salutation.
    ///
    /// A petitioner is taken for a person unless the name on record is an organisation's: one who gave
    /// no name is still a person, and is not to be answered as a unit.
    static func addressed(_ result: String, _ c: Context, _ fail: (Check, String) -> Void) {
        addressed(result, petitioner: c.record.petitioner, unitNames: c.unitNames, fail)
    }

    static func addressed(_ result: String, petitioner: Petitioner, unitNames: [String], _ fail: (Check, String) -> Void) {
        let name = petitioner.name.flatMap { blank($0) ? nil : $0 }
        if let name, Self.namesOrganisation(name, registered: unitNames) { return }
        // The first line with words on it; a greeting that opens it (您好，锦绣物业公司：) is passed over.
        var firstLine = result.split(whereSeparator: \.isNewline).map(String.init)
            .first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? result
        for greeting in ["您好", "你好"] where firstLine.trimmingCharacters(in: .whitespaces).hasPrefix(greeting) {
            let rest = firstLine.trimmingCharacters(in: .whitespaces).dropFirst(greeting.count).drop { "，,！!：: ".contains($0) }
            if !rest.isEmpty { firstLine = String(rest) }
        }
        guard let salutation = Self.salutation(firstLine), salutation.count <= 30,
              Self.namesOrganisation(salutation, registered: unitNames) else { return }
        fail(.addressedToPetitioner, "the reply is addressed to \"\(salutation)\", but the petitioner is a person"
             + (name.map { " (\($0))" } ?? ""))
    }

    /// What a first line opens with before its first ：:，,！! or 您好; nil when it has none of them, or
    /// when what comes before is an answer's opening clause (经查，…), not a salutation.
    static func salutation(_ firstLine: String) -> String? {
        let mark = firstLine.firstIndex { "：:，,！!".contains($0) }
        let greeting = firstLine.range(of: "您好")?.lowerBound
        guard let end = [mark, greeting].compactMap({ $0 }).min() else { return nil }
        let s = String(firstLine[..<end])
        let isColon = mark == end && "：:".contains(firstLine[end])
        if !isColon, answerOpenings.contains(where: { s.hasPrefix($0) }) { return nil }
        return s
    }

    /// How the first clause of an answer opens (经查，, 关于您反映的…，): before a comma these are no
    /// salutation, even when the clause ends in a unit's name (关于锦绣花园物业，…).
    static let answerOpenings = [
        "经查", "经核", "经调查", "经了解", "经现场", "经与", "关于", "根据", "依据", "按照", "针对", "对于", "鉴于", "您反映",
        "现将", "接到", "收到", "我们", "我单位", "我局", "我委", "我办", "我司", "我公司",
    ]

    /// How the names of organisations end: companies, property firms, committees, offices, stations,
    /// teams, communities, factories, hospitals, schools, project departments (项目部), offices (…室),
    /// shops (…店), homes and institutes (养老院, …院). Single characters (局, 办, 所…) only count
    /// after at least one more character: a salutation of one character is no organisation.
    static let organisationEndings = [
        "公司", "物业", "委员会", "业委会", "居委会", "村委会", "委会", "协会", "商会", "工会", "联合会", "妇联", "合作社", "政府", "办事处",
        "部门", "单位", "中心", "集团", "社区", "街道", "医院", "法院", "检察院", "学院", "研究院", "设计院", "卫生院",
        "学校", "大学", "中学", "小学", "幼儿园", "银行", "酒店", "宾馆", "商场", "超市", "事务所", "派出所", "管理处",
        "局", "办", "所", "站", "队", "厂", "厅", "处", "委", "部", "室", "店", "院",
    ]

    /// Words a salutation to a person ends with (尊敬的市民, 张先生, 各位业主们).
    static let personEndings = [
        "先生", "女士", "小姐", "同志", "老师", "师傅", "市民", "群众", "居民", "业主", "朋友", "网友", "家长", "同学",
        "阿姨", "叔叔", "大爷", "大妈", "奶奶", "爷爷", "老人", "干部", "长", "您", "你",
    ]

    /// Whether `text` (a salutation or a petitioner's name) names an organisation.
    static func namesOrganisation(_ text: String, registered: [String]) -> Bool {
        var s = text.filter { !$0.isWhitespace && !"，,、。.!！“”\"'‘’".contains($0) }
        for prefix in ["尊敬的", "亲爱的", "致", "各位"] where s.hasPrefix(prefix) { s.removeFirst(prefix.count) }
        for suffix in ["您好", "你好", "们"] where s.hasSuffix(suffix) { s.removeLast(suffix.count) }
        guard !s.isEmpty, !personEndings.contains(where: { s.hasSuffix($0) }) else { return false }
        if registered.contains(where: { !$0.isEmpty && s.contains($0) }) { return true }
        return organisationEndings.contains { s.hasSuffix($0) && s.count > $0.count }
    }
}
