/// The kinds of matter the center accepts (RULES.md §3, 规范 §二).
public enum MatterKind: String, Sendable, Codable, CaseIterable {
    case complaint        // 投诉
    case report           // 举报
    case criticism        // 批评
    case opinion          // 意见
    case suggestion       // 建议
    case consultation     // 咨询
    case requestForHelp = "request-for-help"  // 求助

    public var chinese: String {
        switch self {
        case .complaint: "投诉"
        case .report: "举报"
        case .criticism: "批评"
        case .opinion: "意见"
        case .suggestion: "建议"
        case .consultation: "咨询"
        case .requestForHelp: "求助"
        }
    }
}

/// Handling classes, which set the deadlines (RULES.md §3 and §6, 规范 §三).
public enum HandlingClass: String, Sendable, Codable, CaseIterable {
    case routine                                   // 常规咨询
    case generalEmergency = "general-emergency"    // 一般应急
    case majorEmergency = "major-emergency"        // 重大应急
    case complex                                   // 复杂诉求

    public var chinese: String {
        switch self {
        case .routine: "常规"
        case .generalEmergency: "一般应急"
        case .majorEmergency: "重大应急"
        case .complex: "复杂诉求"
        }
    }
}

/// Where a matter came in (RULES.md §2). The mailbox role decides it for mail.
public enum Channel: String, Sendable, Codable, CaseIterable {
    case mayorMailbox = "mayor-mailbox"   // 市长信箱
    case fax                              // 传真
    case email                            // 电子邮件
    case provincialTransfer = "provincial-transfer"  // 省长热线转办
    case paper                            // 纸质来信

    public var chinese: String {
        switch self {
        case .mayorMailbox: "市长信箱"
        case .fax: "传真"
        case .email: "电子邮件"
        case .provincialTransfer: "省长热线转办"
        case .paper: "纸质来信"
        }
    }
}

/// Whether the center takes a matter (RULES.md §3, last paragraph).
public enum ScopeDecision: Sendable, Equatable, Codable {
    case accepted
    /// Not accepted: the person is guided to the proper body; no case is dispatched.
    case outOfScope(category: String)

    public var text: String {
        switch self {
        case .accepted: "accepted"
        case .outOfScope(let c): "out-of-scope:\(c)"
        }
    }

    public init?(text: String) {
        if text == "accepted" { self = .accepted; return }
        guard text.hasPrefix("out-of-scope:") else { return nil }
        self = .outOfScope(category: String(text.dropFirst("out-of-scope:".count)))
    }
}
