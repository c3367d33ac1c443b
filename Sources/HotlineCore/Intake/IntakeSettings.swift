import Foundation
import HotlineMail

/// What intake needs to know about the center: numbering, its own address, its time zone, its rules.
public struct IntakeSettings: Sendable {
    /// Case number prefix (`BB` → `BB20261129-0007`).
    public var casePrefix: String
    /// The center's name, as it signs acknowledgements.
    public var centerName: String
    /// The address acknowledgements come from.
    public var fromAddress: MailAddress
    /// The center's time zone: case-number days, dates in letters.
    public var timeZone: TimeZone
    public var rules: IntakeRules
    /// Value of the loop-prevention header we put on everything we send (`X-Loop`).
    public var loopToken: String
    /// Messages larger than this are quarantined unread.
    public var maxMessageBytes: Int
    public var parseLimits: ParseLimits

    public init(casePrefix: String = "BB", centerName: String = "市长热线服务中心",
                fromAddress: MailAddress = MailAddress(name: "市长信箱", address: "mayor-mailbox@hotline.example"),
                timeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai") ?? .current,
                rules: IntakeRules = .default, loopToken: String? = nil,
                maxMessageBytes: Int = 64 << 20, parseLimits: ParseLimits = .default) {
        self.casePrefix = casePrefix
        self.centerName = centerName
        self.fromAddress = fromAddress
        self.timeZone = timeZone
        self.rules = rules
        self.loopToken = loopToken ?? "hotline \(fromAddress.address)"
        self.maxMessageBytes = maxMessageBytes
        self.parseLimits = parseLimits
    }

    /// The domain our Message-IDs carry.
    public var messageIDDomain: String {
        let parts = fromAddress.address.split(separator: "@")
        return parts.count == 2 ? String(parts[1]) : "hotline.invalid"
    }

    /// `yyyyMMdd` of a moment in the center's time zone.
    public func day(of date: Date) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = timeZone
        let c = cal.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d%02d%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// `2026年11月28日 09:15` in the center's time zone, as letters write dates.
    public func chineseDateTime(_ date: Date) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = timeZone
        let c = cal.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d年%d月%d日 %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }
}
