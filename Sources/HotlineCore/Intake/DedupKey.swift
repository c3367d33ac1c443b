import HotlineMail

/// The identity of a message for "the same message delivered twice" (issue 2, item 7).
///
/// Two deliveries of one message differ in their trace headers (Received, Delivered-To,
/// Return-Path…) and perhaps in line ends, so the key hashes only what the author wrote:
/// the Message-ID, the originator fields and the body bytes with line ends normalised.
/// With no Message-ID the content alone decides.
public enum DedupKey {
    public static func make(message: MailMessage, raw: [UInt8]) -> String {
        var material: [UInt8] = []
        material.reserveCapacity(raw.count)
        func add(_ s: String?) {
            material.append(contentsOf: (s ?? "").utf8)
            material.append(0)
        }
        add(message.messageID)
        for name in ["From", "To", "Cc", "Subject", "Date"] {
            add(message.header.all(name).map { $0.value }.joined(separator: "\n"))
        }
        var i = bodyStart(raw)
        while i < raw.count {
            let b = raw[i]
            if b != 0x0D { material.append(b) }
            i += 1
        }
        // Trailing blank lines are not content.
        while material.last == 0x0A { material.removeLast() }
        return sha256Hex(material)
    }

    /// Offset of the first body byte: after the first empty line (CRLF CRLF or LF LF).
    static func bodyStart(_ raw: [UInt8]) -> Int {
        var i = 0
        var lineStart = true
        while i < raw.count {
            let b = raw[i]
            if lineStart {
                if b == 0x0A { return i + 1 }
                if b == 0x0D, i + 1 < raw.count, raw[i + 1] == 0x0A { return i + 2 }
            }
            lineStart = b == 0x0A
            i += 1
        }
        return raw.count
    }
}
