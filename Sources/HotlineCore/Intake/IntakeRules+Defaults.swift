extension IntakeRules {
    /// The defaults the norms imply (规范 §二, §三). Every list can be replaced in `hotline.toml`.
    public static let `default` = IntakeRules(
        outOfScope: [
            OutOfScope(category: "petition", keywords: ["信访件", "信访事项", "上访", "信访局", "信访部门", "到信访"],
                       guidance: "信访部门（按《信访工作条例》提出信访事项）"),
            OutOfScope(category: "judiciary",
                       keywords: ["法院判决", "法院裁定", "判决书", "裁定书", "强制执行", "申请执行", "执行案件",
                                  "上诉", "申诉", "再审", "检察院", "诉讼", "开庭", "法官"],
                       guidance: "人民法院或人民检察院（依法通过诉讼、上诉、申诉等法定途径）"),
            OutOfScope(category: "military", keywords: ["部队", "军队", "军人", "军区", "武警", "兵役", "退役军人安置"],
                       guidance: "军队或退役军人事务部门"),
            OutOfScope(category: "peoples-congress", keywords: ["人大代表", "人民代表大会", "人大常委会"],
                       guidance: "人民代表大会常务委员会"),
            OutOfScope(category: "political-consultative", keywords: ["政协委员", "政协提案", "政治协商会议"],
                       guidance: "政协机关"),
            OutOfScope(category: "party-affairs", keywords: ["党务", "党费", "入党", "党组织关系", "党员身份", "党籍", "纪委"],
                       guidance: "党的组织或纪检监察机关"),
        ],
        kinds: [
            KeywordRule(.report, ["举报", "检举", "揭发"]),
            KeywordRule(.complaint, ["投诉", "扰民", "不作为", "乱收费", "噪音", "噪声"]),
            KeywordRule(.criticism, ["批评", "态度恶劣", "态度蛮横", "态度差", "推诿"]),
            KeywordRule(.requestForHelp, ["求助", "救助", "帮帮", "帮忙", "请求帮助", "困难"]),
            KeywordRule(.suggestion, ["建议", "提议", "倡议"]),
            KeywordRule(.consultation, ["咨询", "请问", "如何办理", "怎么办理", "能否", "是否可以", "需要哪些"]),
            KeywordRule(.opinion, ["意见", "看法"]),
        ],
        defaultKind: .opinion,
        emergencies: [
            KeywordRule(.majorEmergency, ["燃气泄漏", "燃气泄露", "煤气泄漏", "煤气泄露", "煤气味", "天然气泄漏", "着火", "火灾",
                                          "爆炸", "坍塌", "塌方", "溺水", "中毒", "被困", "伤亡", "山体滑坡", "决堤"]),
            KeywordRule(.generalEmergency, ["停水", "断水", "没水", "没有水", "停电", "断电", "没电", "停气", "断气", "燃气中断",
                                            "燃气停供", "没有燃气", "暖气不热", "暖气不通", "没有暖气", "供暖不", "停暖",
                                            "停止供暖", "供热不", "燃油短缺", "加不上油", "公交停运", "交通中断", "道路中断",
                                            "交通瘫痪"]),
        ],
        classByKind: [
            .complaint: .complex, .report: .complex, .criticism: .complex, .suggestion: .complex,
            .opinion: .routine, .consultation: .routine, .requestForHelp: .routine,
        ],
        keyMatterKeywords: ["群体", "集体", "联名", "多名", "上百", "数百", "上千", "媒体", "记者", "曝光", "重大", "死亡"],
        majorEmergencyIsKeyMatter: true
    )
}
