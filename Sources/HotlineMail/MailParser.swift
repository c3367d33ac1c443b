import Foundation

/// Parses RFC 5322 / MIME (RFC 2045–2049) messages. Never throws, never traps.
///
/// Like Python's `email.feedparser`, every repair is recorded as a `MIMEDefect` and parsing
/// goes on; `ParseLimits` bound the work on hostile input (each limit hit is a defect too).
public enum MailParser {
    /// Parses a whole message.
    public static func parse(_ bytes: [UInt8], limits: ParseLimits = .default) -> MailMessage {
        var context = EntityParser(bytes: bytes, limits: limits)
        return context.parseMessage(start: 0, end: bytes.count, path: "", depth: 0)
    }
}

/// The recursive-descent state shared by all entities of one message.
struct EntityParser {
    let bytes: [UInt8]
    let limits: ParseLimits
    var partCount = 0
    var defects: [MIMEDefect] = []
    var partLimitReported = false
    /// Charset of undeclared 8-bit text in this message (`Charset.messageFallback`).
    let fallback: String?

    init(bytes: [UInt8], limits: ParseLimits) {
        self.bytes = bytes
        self.limits = limits
        self.fallback = Charset.messageFallback(bytes)
    }

    /// A message (RFC 5322 §3.5): header section, then the body as its root entity.
    ///
    /// `stripFinalLineEnd`: the message is a part of a multipart (see `parseEntity`).
    mutating func parseMessage(start: Int, end: Int, path: String, depth: Int,
                               stripFinalLineEnd: Bool = false) -> MailMessage {
        let firstDefect = defects.count
        var unixFrom = false
        let root = parseEntity(start: start, end: end, path: path, depth: depth, defaultType: .textPlainDefault,
                               stripFinalLineEnd: stripFinalLineEnd, unixFrom: &unixFrom)
        var message = MailMessage(header: root.header, root: root, defects: Array(defects[firstDefect...]))
        message.hasUnixFrom = unixFrom
        return message
    }

    mutating func defect(_ kind: String, _ path: String, _ detail: String, offset: Int? = nil) {
        defects.append(MIMEDefect(kind: kind, part: path, detail: detail, offset: offset))
    }

    /// One entity (RFC 2045 §2.4): header section, then a leaf body, a multipart or an embedded message.
    ///
    /// `stripFinalLineEnd`: inside a multipart the line end before a delimiter belongs to the
    /// delimiter (RFC 2046 §5.1.1), so a leaf's body loses it.
    mutating func parseEntity(start: Int, end: Int, path: String, depth: Int, defaultType: ContentType,
                              stripFinalLineEnd: Bool, unixFrom: inout Bool, forceLeaf: Bool = false) -> MIMEPart {
        partCount += 1
        let section = HeaderSectionParser(bytes: bytes, end: end, limits: limits, path: path, fallback: fallback)
            .parse(from: start)
        unixFrom = section.unixFrom
        defects += section.defects
        var part = MIMEPart(header: section.header, path: path)
        part.fallbackCharset = fallback
        describe(&part, defaultType: defaultType)
        let bodyStart = min(section.bodyStart, end)
        let type = part.contentType
        if !forceLeaf, type.type == "multipart" {
            if depth >= limits.maxDepth {
                defect("depthLimitExceeded", path, "nesting deeper than \(limits.maxDepth); treated as a leaf")
            } else if let boundary = type.boundary {
                switch parseMultipart(boundary: Array(("--" + boundary).utf8), start: bodyStart, end: end,
                                      path: path, depth: depth, digest: type.subtype == "digest") {
                case .parts(let children):
                    part.children = children
                    part.body = bytes[bodyStart..<bodyStart]
                case .noStartBoundary(let payloadEnd):
                    part.body = bytes[bodyStart..<payloadEnd]
                }
                return part
            } else {
                defect("noBoundaryInMultipart", path, "multipart without a boundary parameter; treated as a leaf")
            }
            part.body = bytes[bodyStart..<end]
            return part
        }
        if !forceLeaf, type.type == "message", ["rfc822", "global", "news"].contains(type.subtype) {
            if depth >= limits.maxDepth {
                defect("depthLimitExceeded", path, "nesting deeper than \(limits.maxDepth); treated as a leaf")
            } else {
                part.embedded = parseMessage(start: bodyStart, end: end, path: path, depth: depth + 1,
                                             stripFinalLineEnd: stripFinalLineEnd)
                part.body = bytes[bodyStart..<bodyStart]
                return part
            }
        }
        var bodyEnd = end
        if stripFinalLineEnd && bodyEnd > bodyStart && bytes[bodyEnd - 1] == 0x0A {
            bodyEnd -= 1
            if bodyEnd > bodyStart && bytes[bodyEnd - 1] == 0x0D { bodyEnd -= 1 }
        }
        part.body = bytes[bodyStart..<bodyEnd]
        checkBody(part)
        return part
    }

    /// Records transfer-decoding defects of a leaf.
    mutating func checkBody(_ part: MIMEPart) {
        if part.contentType.type == "text", let label = part.contentType.charset, Charset.decoder(for: label) == nil {
            defect("unknownCharset", part.path, "unknown charset \"\(label)\"; text read as UTF-8, GB18030 or Latin-1")
        }
        guard let cte = part.transferEncoding, cte != "7bit", cte != "8bit", cte != "binary" else { return }
        if !["base64", "quoted-printable", "x-uuencode", "uuencode", "x-uue", "uue"].contains(cte) {
            defect("unknownTransferEncoding", part.path, "unknown Content-Transfer-Encoding \"\(cte)\"; body kept verbatim")
            return
        }
        if cte == "base64", let kind = TransferEncoding.decodeBase64(part.body).defect {
            defect(kind, part.path, "base64 body is not well-formed; decoded tolerantly")
        }
    }
}
