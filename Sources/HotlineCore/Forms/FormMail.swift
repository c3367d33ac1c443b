import Foundation
import HotlineMail

/// The mail that carries issued forms to their addressee (issue 4, item 5). Pure.
///
/// Subject `【交办单】[BB20261129-0007] 小区噪音扰民`; Reply-To the per-case address so the unit's
/// answer finds the case; every form attached as signed XML and as ODT; our Message-ID, which the
/// store remembers, for replies that keep In-Reply-To.
struct FormMail {
    var settings: FormSettings

    func compose(forms: [(IssuedForm, FormKind)], lead: FormKind, record: CaseRecord, to: [MailAddress], cc: [MailAddress],
                 text: String, nonce: String, now: Date, sendAfter: Date?) -> OutgoingMail {
        let s = settings.intake
        let messageID = "\(record.number).\(lead.rawValue).\(nonce)@\(s.messageIDDomain)"
        let title = FormText.line(record.subject, max: 60) ?? "（无主题）"
        var mail = MailComposer(from: s.fromAddress, to: to, subject: "【\(lead.shortTitle)】[\(record.number)] \(title)",
                                date: now, messageID: messageID, text: text)
        mail.cc = cc
        mail.timeZone = s.timeZone
        let replyTo = settings.replyAddress.address(for: record.number)
        mail.extraHeaders = [
            ("Reply-To", replyTo),
            ("Auto-Submitted", "auto-generated"),
            ("X-Loop", s.loopToken),
            ("X-Hotline-Case", record.number.description),
            ("X-Hotline-Forms", forms.map { $0.0.number.description }.joined(separator: " ")),
        ]
        for (form, kind) in forms {
            let stem = "\(form.number)-\(kind.shortTitle)"
            mail.attachments.append(.init(filename: "\(stem).xml", contentType: "application/xml", data: form.xml))
            mail.attachments.append(.init(filename: "\(stem).odt", contentType: "application/vnd.oasis.opendocument.text",
                                          data: form.odt))
        }
        return OutgoingMail(caseNumber: record.number, purpose: "form:\(lead.rawValue)", messageID: messageID,
                            recipients: (to + cc).map(\.address), raw: mail.render(), sendAfter: sendAfter)
    }
}
