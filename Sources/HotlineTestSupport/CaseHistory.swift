import Foundation
import HotlineCore

/// Builds case histories for the clock's tests: the events the desks write, at chosen instants.
public enum CaseHistory {
    public static let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    /// `2026-12-01T09:00` in Shanghai (seconds optional), or with a zone.
    public static func at(_ text: String) -> Date {
        let withZone = text.count <= 16 ? text + ":00+08:00" : (text.count == 19 ? text + "+08:00" : text)
        guard let d = ISO8601DateFormatter().date(from: withZone) else { preconditionFailure("not an instant: \(text)") }
        return d
    }

    public static func record(_ number: CaseNumber, received: Date, kind: MatterKind = .complaint,
                              handlingClass: HandlingClass = .routine, channel: Channel = .mayorMailbox,
                              scope: ScopeDecision = .accepted) -> CaseRecord {
        CaseRecord(number: number, channel: channel, receivedAt: received,
                   petitioner: Petitioner(name: "张三", address: nil, phone: "13800000000", email: "zhangsan@example.cn"),
                   subject: "小区夜间施工噪音扰民", text: "每天夜里十一点以后仍在施工。", attachments: [],
                   kind: Decided(kind, rule: "t"), handlingClass: Decided(handlingClass, rule: "t"), keyMatter: Decided(false, rule: "t"),
                   scope: Decided(scope, rule: "t"), state: scope == .accepted ? .registered : .guided,
                   rawSHA256: String(repeating: "0", count: 64), messageID: "petition@example.cn")
    }

    public static func registered(_ r: CaseRecord, at: Date) -> CaseEvent {
        CaseEvent(at: at, actor: CaseEvent.system, .registered(.init(
            source: "inbox:\(r.number)", channel: r.channel, kind: r.kind, handlingClass: r.handlingClass, keyMatter: r.keyMatter,
            scope: r.scope, state: r.state, citesCases: [])))
    }

    public static func assigned(_ unit: String, at: Date, leaves: Date? = nil, form: Int = 1) -> CaseEvent {
        let f = FormNumber(kind: .assignment, year: 2026, sequence: form)
        return CaseEvent(at: at, actor: "李文", .formIssued(.init(
            form: f, kind: .assignment, forms: [f], mail: "jb\(form)@center.example", sha256: "", heavyItem: true, sendAfter: leaves,
            detail: .assignment(unit: unit, assist: [], deadline: at, deadlineRule: nil))))
    }

    public static func supervised(_ unit: String, round: Int, at: Date, form: Int = 1) -> CaseEvent {
        let f = FormNumber(kind: .supervision, year: 2026, sequence: round)
        return CaseEvent(at: at, actor: CaseEvent.system, .formIssued(.init(
            form: f, kind: .supervision, forms: [f], mail: "db\(round)@center.example", sha256: "", heavyItem: true, sendAfter: nil,
            detail: .supervision(unit: unit, round: round, reason: "overdue", supervises: FormNumber(kind: .assignment, year: 2026, sequence: form)))))
    }

    public static func reply(_ outcome: CaseEvent.UnitReply.Outcome, at: Date, received: Date? = nil) -> CaseEvent {
        CaseEvent(at: at, actor: CaseEvent.system, .unitReply(.init(mail: nil, received: received ?? at, sheet: nil, outcome: outcome)))
    }

    public static func reviewed(accepted: Bool, at: Date) -> CaseEvent {
        CaseEvent(at: at, actor: "李文", .reviewed(.init(
            decision: accepted ? .accepted : .returned(reason: "答复不完整", returnNotice: "r@center.example"),
            state: accepted ? .reviewed : .assigned)))
    }

    public static func extensionGranted(until: Date, at: Date) -> CaseEvent {
        CaseEvent(at: at, actor: "李文", .extensionDecided(.init(requestForm: nil, reason: "需现场勘查",
                                                                 decision: .granted(until: until, petitionerNotice: nil))))
    }

    public static func held(_ reason: String, at: Date) -> CaseEvent { CaseEvent(at: at, actor: "李文", .clockHeld(reason: reason)) }
    public static func released(at: Date) -> CaseEvent { CaseEvent(at: at, actor: "李文", .clockReleased(reason: nil)) }

    public static func classChanged(to c: HandlingClass, from: HandlingClass = .routine, at: Date) -> CaseEvent {
        CaseEvent(at: at, actor: "李文", .override(.init(field: .handlingClass, from: from.rawValue, to: c.rawValue, reason: nil, state: nil)))
    }
}
