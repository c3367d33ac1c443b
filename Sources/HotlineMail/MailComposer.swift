import Crypto
import Foundation

/// Builds an outgoing RFC 5322 message as bytes (CRLF line ends), the writer half of this module.
///
/// Non-ASCII in Subject and display names becomes RFC 2047 UTF-8 B-words split at character
/// boundaries, lines ≤ 78 characters (RFC 5322 §2.1.1). The body is text/plain; charset=utf-8
/// in base64 (RFC 2045 §6.8, 76-column lines). Attachments make a multipart/mixed (RFC 2046
/// §5.1.3) whose filenames are given both RFC 2231 (`filename*=utf-8''…`) and, for old
/// clients, RFC 2047 (`name="=?UTF-8?B?…?="`). Whatever it writes, `MailParser` reads back.
public struct MailComposer: Sendable {
    /// A file to attach.
    public struct Attachment: Sendable {
        public var filename: String
        public var contentType: String
        public var data: [UInt8]

        public init(filename: String, contentType: String, data: [UInt8]) {
            self.filename = filename
            self.contentType = contentType
            self.data = data
        }
    }

    public var from: MailAddress
    public var to: [MailAddress]
    public var cc: [MailAddress] = []
    public var subject: String
    public var date: Date
    /// Without angle brackets.
    public var messageID: String
    /// Without angle brackets.
    public var inReplyTo: String? = nil
    /// Without angle brackets.
    public var references: [String] = []
    /// Extra fields, written after the standard ones; ASCII values as given.
    public var extraHeaders: [(String, String)] = []
    public var text: String
    public var attachments: [Attachment] = []
    /// The multipart boundary; nil → one made from the Message-ID.
    public var boundary: String? = nil
    /// The zone whose offset the Date field shows.
    public var timeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600) ?? .current

    public init(from: MailAddress, to: [MailAddress], subject: String, date: Date, messageID: String, text: String) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.text = text
    }

    /// The whole message.
    public func render() -> [UInt8] {
        var out = HeaderWriter()
        out.field("From", addressList([from]))
        out.field("To", addressList(to))
        if !cc.isEmpty { out.field("Cc", addressList(cc)) }
        out.field("Subject", unstructured(subject, nameLength: "Subject".count))
        out.field("Date", Self.rfc5322Date(date, timeZone: timeZone))
        out.field("Message-ID", "<\(messageID)>")
        if let inReplyTo { out.field("In-Reply-To", "<\(inReplyTo)>") }
        if !references.isEmpty { out.field("References", fold(references.map { "<\($0)>" }, nameLength: 10)) }
        out.field("MIME-Version", "1.0")
        for (name, value) in extraHeaders { out.field(name, value) }
        if attachments.isEmpty {
            out.field("Content-Type", "text/plain; charset=utf-8")
            out.field("Content-Transfer-Encoding", "base64")
            out.line("")
            out.base64(Array(text.utf8))
            return out.bytes
        }
        let boundary = self.boundary ?? Self.boundary(for: messageID)
        out.field("Content-Type", "multipart/mixed;\r\n boundary=\"\(boundary)\"")
        out.line("")
        out.line("This is a multi-part message in MIME format.")
        out.line("--" + boundary)
        out.field("Content-Type", "text/plain; charset=utf-8")
        out.field("Content-Transfer-Encoding", "base64")
        out.line("")
        out.base64(Array(text.utf8))
        for attachment in attachments {
            out.line("--" + boundary)
            let name = EncodedWords.isPlainASCII(attachment.filename) && !attachment.filename.contains("\"")
                ? "\"\(attachment.filename)\""
                : "\"" + EncodedWords.encode(attachment.filename, maxLineLength: 76, firstLineUsed: 7) + "\""
            out.field("Content-Type", "\(attachment.contentType);\r\n name=\(name)")
            out.field("Content-Disposition", "attachment;\r\n " + Self.rfc2231Parameter("filename", attachment.filename))
            out.field("Content-Transfer-Encoding", "base64")
            out.line("")
            out.base64(attachment.data)
        }
        out.line("--" + boundary + "--")
        return out.bytes
    }

    /// A boundary that cannot occur in base64 text (it contains "=_", RFC 2046 §5.1.1), made from
    /// the Message-ID: the same mail composes to the same bytes, and no randomness of its own
    /// reaches the composer (issue 10, item 4; the Message-ID carries the caller's nonce).
    static func boundary(for messageID: String) -> String {
        "=_hotline_" + SHA256.hash(data: Data(messageID.utf8)).prefix(12).map { String(format: "%02x", $0) }.joined()
    }
}
