import Crypto
import HotlineMail

/// The identity of a message for "the same message delivered twice" (issue 2, item 7).
///
/// Two deliveries of one message differ in their trace headers (Received, Delivered-To,
/// Return-Path…) and perhaps in line ends, so the key hashes only what the author wrote:
/// the Message-ID, the originator fields and the body bytes with line ends normalised.
/// With no Message-ID the content alone decides.
public enum DedupKey {
    public static func make(message: MailMessage, raw: [UInt8]) -> String {
        // Hashed as it goes: a 20 MB message must not be copied to be hashed.
        var hasher = SHA256()
        func add(_ s: String?) {
            hasher.update(data: Array((s ?? "").utf8) + [0])
        }
        add(message.messageID)
        for name in ["From", "To", "Cc", "Subject", "Date"] {
            add(message.header.all(name).map { $0.value }.joined(separator: "\n"))
        }
        // The body without CR, and without trailing line ends (they are not content).
        var end = raw.count
        while end > 0, raw[end - 1] == 0x0A || raw[end - 1] == 0x0D { end -= 1 }
        raw.withUnsafeBytes { buf in
            var runStart = bodyStart(raw)
            var i = runStart
            while i < end {
                if buf[i] == 0x0D {
                    if i > runStart { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buf[runStart..<i])) }
                    runStart = i + 1
                }
                i += 1
            }
            if end > runStart { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buf[runStart..<end])) }
        }
        return hexString(hasher.finalize())
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
