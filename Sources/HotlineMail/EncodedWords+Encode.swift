import Foundation

extension EncodedWords {
    /// Encodes `text` as UTF-8 B encoded-words (RFC 2047 §4.1), folded to `maxLineLength`.
    ///
    /// Words are split at character boundaries so each decodes alone (RFC 2047 §5), and are
    /// separated by CRLF SP, which a decoder drops (RFC 2047 §6.2).
    public static func encode(_ text: String, maxLineLength: Int = 76) -> String {
        encode(text, maxLineLength: maxLineLength, firstLineUsed: 0)
    }

    /// As `encode(_:maxLineLength:)`, the first line already holding `firstLineUsed` characters
    /// (e.g. "Subject: ").
    static func encode(_ text: String, maxLineLength: Int, firstLineUsed: Int) -> String {
        let overhead = "=?UTF-8?B??=".count
        var lines: [String] = []
        var chunk: [UInt8] = []
        var budget = maxLineLength - firstLineUsed
        func maxBytes(_ room: Int) -> Int { max(3, (room - overhead) / 4 * 3) }
        func emit() {
            guard !chunk.isEmpty else { return }
            lines.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
            chunk = []
            budget = maxLineLength - 1
        }
        for character in text {
            let bytes = Array(String(character).utf8)
            if !chunk.isEmpty && chunk.count + bytes.count > maxBytes(budget) { emit() }
            chunk += bytes
        }
        emit()
        if lines.isEmpty { return "" }
        return lines.joined(separator: "\r\n ")
    }

    /// Whether `text` can go into a header as is: printable ASCII, no "=?" that would read as a word.
    static func isPlainASCII(_ text: String) -> Bool {
        !text.contains("=?") && text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }
}
