import HotlineMail

/// Recognises mail no person wrote: auto-replies, bounces, list traffic. Such mail never opens a
/// case and is never answered (RFC 3834 §2 and §5; RFC 3464 delivery status notifications).
public enum AutomaticMail {
    /// Why a message counts as automatic, or nil when a person wrote it.
    public static func reason(_ m: MailMessage) -> String? {
        let h = m.header
        if let v = h["Auto-Submitted"] {
            let token = v.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            if token != "no" { return "auto-submitted: \(token)" }
        }
        if let v = h["Precedence"]?.trimmingCharacters(in: .whitespaces).lowercased(), ["bulk", "junk", "list"].contains(v) {
            return "precedence: \(v)"
        }
        for name in ["X-Autoreply", "X-Autorespond", "X-Auto-Response"] where h[name] != nil {
            return "header: \(name)"
        }
        if let v = h["X-Auto-Response-Suppress"]?.lowercased(), v.contains("all") || v.contains("oof"),
           h["X-MS-Exchange-Inbox-Rules-Loop"] != nil || h["Auto-Submitted"] != nil {
            return "exchange auto-response"
        }
        let ct = m.root.contentType
        if ct.mimeType == "multipart/report" {
            let report = (ct.parameters["report-type"] ?? "").lowercased()
            return "report: \(report.isEmpty ? "unspecified" : report)"
        }
        if ct.mimeType == "message/delivery-status" { return "report: delivery-status" }
        if let sender = m.from?.first?.address.lowercased() {
            let local = sender.split(separator: "@").first.map(String.init) ?? sender
            if ["mailer-daemon", "postmaster"].contains(local) { return "sender: \(local)" }
        }
        if let rp = h["Return-Path"]?.trimmingCharacters(in: .whitespaces), rp == "<>" {
            return "null return path"
        }
        if let subject = m.subject?.lowercased() {
            for prefix in subjectPrefixes where subject.hasPrefix(prefix) {
                return "subject: \(prefix)"
            }
        }
        return nil
    }

    /// Subject prefixes that mail clients put on out-of-office and delivery-failure notices.
    static let subjectPrefixes = [
        "自动回复", "自動回覆", "自动答复", "auto-reply", "autoreply", "automatic reply", "auto reply", "out of office",
        "undeliverable:", "undelivered mail returned", "delivery status notification", "mail delivery failed",
        "退信", "系统退信",
    ]
}
