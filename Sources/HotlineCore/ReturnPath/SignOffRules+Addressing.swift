import Foundation

extension SignOffRules {
    /// RULES.md §8.3: when the petitioner is a person, the reply must not open by addressing a unit.
    ///
    /// The salutation is what comes before the first colon of the result's first line. It addresses
    /// an organisation when it names a unit of the registry, or ends the way organisations' names
    /// end (…公司, …物业, …委员会, …局, …中心 — `organisationEndings`): a fixed list of unit names
    /// would let every property company and owners' committee through. A person stays a person:
    /// 张先生：, 李女士：, 尊敬的市民：, 王局长： (a title ends in 长, not in 局) all pass. A
    /// petitioner whose own name is an organisation's is not a person, and is not checked.
    static func addressed(_ result: String, _ c: Context, _ fail: (Check, String) -> Void) {
        guard let name = c.record.petitioner.name, !blank(name),
              !Self.namesOrganisation(name, registered: c.unitNames) else { return }
        let firstLine = result.split(whereSeparator: \.isNewline).first.map(String.init) ?? result
        guard let colon = firstLine.firstIndex(where: { $0 == "：" || $0 == ":" }) else { return }
        let salutation = String(firstLine[..<colon])
        guard salutation.count <= 30, Self.namesOrganisation(salutation, registered: c.unitNames) else { return }
        fail(.addressedToPetitioner, "the reply is addressed to \"\(salutation)\", but the petitioner is a person (\(name))")
    }

    /// How the names of organisations end: companies, property firms, committees, offices, stations,
    /// teams, communities, factories, hospitals, schools. Single characters (局, 办, 所…) only count
    /// after at least one more character: a salutation of one character is no organisation.
    static let organisationEndings = [
        "公司", "物业", "委员会", "业委会", "居委会", "村委会", "委会", "协会", "商会", "工会", "联合会", "妇联", "合作社", "政府", "办事处",
        "部门", "单位", "中心", "集团", "社区", "街道", "医院", "法院", "检察院", "学院", "研究院", "设计院", "卫生院",
        "学校", "大学", "中学", "小学", "幼儿园", "银行", "酒店", "宾馆", "商场", "超市", "事务所", "派出所", "管理处",
        "局", "办", "所", "站", "队", "厂", "厅", "处", "委",
    ]

    /// Words a salutation to a person ends with (尊敬的市民, 张先生, 各位业主们).
    static let personEndings = [
        "先生", "女士", "小姐", "同志", "老师", "师傅", "市民", "群众", "居民", "业主", "朋友", "网友", "家长", "同学",
        "阿姨", "叔叔", "大爷", "大妈", "奶奶", "爷爷", "老人", "长", "您", "你",
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
