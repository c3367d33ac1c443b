import Foundation

extension MailMessage {
    /// When the topmost `Received:` trace field says the message arrived (RFC 5322 §3.6.7: the
    /// date-time after the last `;`). That is the receiving server's clock, not the sender's.
    public var lastReceivedDate: Date? {
        guard let field = header.all("Received").first,
              let semicolon = field.value.lastIndex(of: ";") else { return nil }
        return DateTimeParser.parse(String(field.value[field.value.index(after: semicolon)...]))
    }
}
