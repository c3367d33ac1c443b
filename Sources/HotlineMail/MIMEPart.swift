import Foundation

/// One MIME entity (RFC 2045 §2.4): its header, effective content type, and body or children.
///
/// The body is kept transfer-encoded, as a slice of the original message bytes; decoding
/// happens on demand (`decodedBody()`, `text()`), as in go-message's entity layer.
public struct MIMEPart: Sendable {
    public var header: MessageHeader
    /// The effective type: declared, else the RFC 2045 §5.2 / RFC 2046 §5.1.5 default.
    public var contentType: ContentType
    /// Content-Transfer-Encoding, lower case; nil when absent.
    public var transferEncoding: String?
    /// Content-Disposition type (RFC 2183 §2), lower case; nil when absent.
    public var disposition: String?
    /// Content-Disposition `filename`, else Content-Type `name`; decoded (RFC 2231, RFC 2047).
    public var filename: String?
    /// The body, still transfer-encoded (empty for multiparts).
    public var body: ArraySlice<UInt8>
    /// Children of a multipart.
    public var children: [MIMEPart]
    /// IMAP-style path of this entity within its message ("" for the message itself).
    public var path: String
    var embeddedBox: MessageBox?
    /// The message's likeliest charset for undeclared 8-bit text (`Charset.messageFallback`).
    var fallbackCharset: String?

    /// The parsed message of a message/rfc822 part.
    public var embedded: MailMessage? {
        get { embeddedBox?.message }
        set { embeddedBox = newValue.map(MessageBox.init) }
    }

    public init(header: MessageHeader = MessageHeader(), contentType: ContentType = .textPlainDefault,
                transferEncoding: String? = nil, disposition: String? = nil, filename: String? = nil,
                body: ArraySlice<UInt8> = [], children: [MIMEPart] = [], embedded: MailMessage? = nil,
                path: String = "") {
        self.header = header
        self.contentType = contentType
        self.transferEncoding = transferEncoding
        self.disposition = disposition
        self.filename = filename
        self.body = body
        self.children = children
        self.path = path
        self.embeddedBox = embedded.map(MessageBox.init)
    }

    /// The body with its Content-Transfer-Encoding undone (RFC 2045 §6); verbatim for
    /// 7bit/8bit/binary and for unknown encodings.
    public func decodedBody() -> [UInt8] {
        decodeBody().bytes
    }

    /// Decoded body plus the kind of defect met while decoding, if any.
    func decodeBody() -> (bytes: [UInt8], defect: String?) {
        switch transferEncoding {
        case "base64":
            let r = TransferEncoding.decodeBase64(body)
            return (r.bytes, r.defect)
        case "quoted-printable":
            let r = TransferEncoding.decodeQuotedPrintable(body)
            return (r.bytes, r.badEscape ? "invalidQuotedPrintableEscape" : nil)
        case "x-uuencode", "uuencode", "x-uue", "uue":
            if let bytes = TransferEncoding.decodeUU(body) { return (bytes, nil) }
            return (Array(body), "invalidUUEncoding")
        case nil, "7bit", "8bit", "binary":
            return (Array(body), nil)
        default:
            return (Array(body), "unknownTransferEncoding")
        }
    }

    /// The text of a text/* part, decoded with its charset (undeclared: UTF-8, else GB18030);
    /// nil for other types.
    public func text() -> String? {
        guard contentType.type == "text" else { return nil }
        return decodeText(decodedBody()).text
    }

    /// Decodes body bytes with this part's charset, falling back for unknown labels.
    func decodeText(_ bytes: [UInt8]) -> (text: String, lossy: Bool, unknownCharset: Bool) {
        guard let label = contentType.charset else {
            let r = Charset.decodeUndeclared(bytes, fallback: fallbackCharset)
            return (r.text, r.lossy, false)
        }
        if Charset.decoder(for: label) != nil {
            let r = Charset.decode(bytes, label: label)
            return (r.text, r.lossy, false)
        }
        // Unknown charset: UTF-8, then GB18030, then Latin-1 (which cannot fail).
        if let utf8 = Charset.validUTF8(bytes) { return (utf8, false, true) }
        if let fallback = fallbackCharset, let decoder = Charset.decoder(for: fallback) {
            let r = Charset.decode(bytes, with: decoder)
            if !r.lossy { return (r.text, false, true) }
        }
        let gb = Charset.decode(bytes, with: .iconv("GB18030"))
        if !gb.lossy { return (gb.text, false, true) }
        return (Charset.decode(bytes, with: .latin1).text, false, true)
    }

    /// Whether this part is an attachment: disposition "attachment", a filename, or a
    /// non-text leaf that is not a multipart.
    public var isAttachment: Bool {
        if disposition == "attachment" || filename != nil { return true }
        let isLeaf = children.isEmpty && embeddedBox == nil
        return isLeaf && contentType.type != "text" && contentType.type != "multipart"
    }
}

/// Indirect storage for an embedded message (a struct cannot contain itself).
final class MessageBox: Sendable {
    let message: MailMessage
    init(_ message: MailMessage) { self.message = message }
}
