import Foundation

/// A parsed RFC 5322 message: its header, MIME tree, defects and the common fields decoded.
public struct MailMessage: Sendable {
    public var header: MessageHeader
    /// The message's own entity (its header is the message header).
    public var root: MIMEPart
    /// All defects of every part, embedded messages included.
    public var defects: [MIMEDefect]
    /// From (RFC 5322 §3.6.2); nil when the header is absent.
    public var from: [MailAddress]?
    public var to: [MailAddress]?
    public var cc: [MailAddress]?
    public var replyTo: [MailAddress]?
    /// Subject, encoded-words decoded, unfolded.
    public var subject: String?
    /// Date (RFC 5322 §3.3), nil when absent or unreadable.
    public var date: Date?
    /// The Date value, whitespace runs collapsed.
    public var dateRaw: String?
    /// The first `<...>` of Message-ID (RFC 5322 §3.6.4), whitespace removed; the raw value without one.
    public var messageID: String?
    public var inReplyTo: [String]?
    public var references: [String]?
    /// Whether the message began with an mbox `From ` line.
    public var hasUnixFrom: Bool = false

    public init(header: MessageHeader, root: MIMEPart, defects: [MIMEDefect] = []) {
        self.header = header
        self.root = root
        self.defects = defects
        let fields = HeaderFieldDecoder(header: header)
        from = fields.addresses("From")
        to = fields.addresses("To")
        cc = fields.addresses("Cc")
        replyTo = fields.addresses("Reply-To")
        subject = header.decoded("Subject")
        if let raw = header["Date"] {
            dateRaw = raw.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
            date = DateTimeParser.parse(raw)
        }
        messageID = fields.messageIDs("Message-ID").map { $0.first ?? "" }
        inReplyTo = fields.messageIDs("In-Reply-To")
        references = fields.messageIDs("References")
    }

    /// Leaves depth first with IMAP-style paths: children of a multipart N are N.1, N.2…; a
    /// message/rfc822 part N has its inner multipart's children at N.1… or its body at N.1;
    /// a non-multipart message's body is "1" (RFC 3501 §6.4.5).
    public func leaves() -> [(path: String, part: MIMEPart)] {
        var out: [(path: String, part: MIMEPart)] = []
        Self.visit(root, [], into: &out)
        return out
    }

    static func visit(_ part: MIMEPart, _ path: [Int], into out: inout [(path: String, part: MIMEPart)]) {
        if !part.children.isEmpty {
            for (i, child) in part.children.enumerated() { visit(child, path + [i + 1], into: &out) }
        } else if let inner = part.embedded?.root {
            if !inner.children.isEmpty {
                for (i, child) in inner.children.enumerated() { visit(child, path + [i + 1], into: &out) }
            } else {
                visit(inner, path + [1], into: &out)
            }
        } else {
            let joined = path.map(String.init).joined(separator: ".")
            out.append((joined.isEmpty ? "1" : joined, part))
        }
    }

    /// The best human text: the first text/plain leaf that is not an attachment; else the first
    /// text/html leaf with tags stripped and entities decoded; "" when there is none.
    public var bodyText: String {
        bodyTextLeaf().map { leaf in
            let text = leaf.part.text() ?? ""
            return leaf.part.contentType.subtype == "html" ? HTMLText.plainText(text) : text
        } ?? ""
    }

    func bodyTextLeaf() -> (path: String, part: MIMEPart)? {
        let all = leaves()
        if let plain = all.first(where: { $0.part.contentType.mimeType == "text/plain" && !$0.part.isAttachment }) {
            return plain
        }
        return all.first { $0.part.contentType.mimeType == "text/html" && $0.part.disposition != "attachment" }
    }

    /// Leaves that are attachments, without the part chosen as `bodyText`.
    public var attachments: [(path: String, part: MIMEPart)] {
        let bodyPath = bodyTextLeaf()?.path
        return leaves().filter { $0.part.isAttachment && $0.path != bodyPath }
    }
}
