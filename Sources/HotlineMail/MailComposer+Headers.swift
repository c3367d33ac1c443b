import Foundation

/// Accumulates header lines and bodies with CRLF line ends.
struct HeaderWriter {
    var bytes: [UInt8] = []

    mutating func field(_ name: String, _ value: String) {
        line(name + ": " + value)
    }

    mutating func line(_ text: String) {
        bytes += Array(text.utf8)
        bytes += [0x0D, 0x0A]
    }

    /// RFC 2045 §6.8 base64 in lines of 76 characters.
    mutating func base64(_ data: [UInt8]) {
        let encoded = Data(data).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        if !encoded.isEmpty { line(encoded) }
    }
}

extension MailComposer {
    /// An unstructured value (RFC 5322 §3.2.5): as is when plain ASCII, else RFC 2047 words.
    func unstructured(_ text: String, nameLength: Int) -> String {
        if EncodedWords.isPlainASCII(text) {
            return fold(text.split(separator: " ", omittingEmptySubsequences: false).map(String.init),
                        nameLength: nameLength)
        }
        return EncodedWords.encode(text, maxLineLength: 78, firstLineUsed: nameLength + 2)
    }

    /// Joins words with spaces, folding (CRLF SP) before a word that would pass 78 columns.
    func fold(_ words: [String], nameLength: Int) -> String {
        var out = ""
        var column = nameLength + 2
        for (i, word) in words.enumerated() {
            if i > 0 {
                if column + 1 + word.count > 78 {
                    out += "\r\n "
                    column = 1
                } else {
                    out += " "
                    column += 1
                }
            }
            out += word
            column += word.count
        }
        return out
    }

    /// An address list, one mailbox per line after the first when long.
    func addressList(_ list: [MailAddress]) -> String {
        list.map(mailbox).joined(separator: ",\r\n ")
    }

    /// RFC 5322 §3.4 mailbox: `phrase <addr-spec>`, the phrase quoted or RFC 2047-encoded as needed.
    func mailbox(_ address: MailAddress) -> String {
        guard !address.name.isEmpty else { return address.address }
        let name: String
        if EncodedWords.isPlainASCII(address.name) {
            let atomText = address.name.allSatisfy { $0.isLetter || $0.isNumber || " !#$%&'*+-/=?^_`{|}~".contains($0) }
            name = atomText ? address.name
                : "\"" + address.name.replacingOccurrences(of: "\\", with: "\\\\")
                    .replacingOccurrences(of: "\"", with: "\\\"") + "\""
        } else {
            name = EncodedWords.encode(address.name, maxLineLength: 76, firstLineUsed: 10)
        }
        return "\(name) <\(address.address)>"
    }

    /// RFC 2231 §3–4 `name*=utf-8''%XX…`, split into `name*N*=` continuations to keep lines short.
    static func rfc2231Parameter(_ name: String, _ value: String) -> String {
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
        var pieces: [String] = []
        for byte in value.utf8 {
            pieces.append(unreserved.contains(byte) ? String(UnicodeScalar(byte)) : String(format: "%%%02X", byte))
        }
        let full = pieces.joined()
        if full.count <= 60 { return "\(name)*=utf-8''\(full)" }
        var segments: [String] = []
        var current = ""
        for piece in pieces {
            if current.count + piece.count > 48 {
                segments.append(current)
                current = ""
            }
            current += piece
        }
        if !current.isEmpty { segments.append(current) }
        return segments.enumerated().map { i, s in
            i == 0 ? "\(name)*0*=utf-8''\(s)" : "\(name)*\(i)*=\(s)"
        }.joined(separator: ";\r\n ")
    }

    /// RFC 5322 §3.3 date-time, e.g. `Sun, 29 Nov 2026 11:02:03 +0800`.
    public static func rfc5322Date(_ date: Date, timeZone: TimeZone) -> String {
        let offset = timeZone.secondsFromGMT(for: date)
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        var days = local / 86_400
        var rest = local % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        let (y, m, d) = CivilCalendar.civil(fromDays: days)
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][((days % 7) + 7) % 7]
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][m - 1]
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
        let sign = offset < 0 ? "-" : "+"
        let zone = sign + two(abs(offset) / 3600) + two(abs(offset) % 3600 / 60)
        return "\(weekday), \(d) \(month) \(y) \(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60)) \(zone)"
    }
}

extension MailComposer {
    /// `raw` (a message this composer wrote) with its `Date:` field set to `date`: a form held for a
    /// dispatch batch is dated when it leaves, not hours earlier when it was made. Only the header's
    /// own `Date:` line changes; the body, attachments and every other field keep their bytes.
    public static func redate(_ raw: [UInt8], date: Date, timeZone: TimeZone) -> [UInt8] {
        var lineStart = 0
        while let end = firstCRLF(in: raw, from: lineStart), end > lineStart {  // an empty line ends the header
            if raw[lineStart..<end].starts(with: Array("Date:".utf8)) {
                return Array(raw[..<lineStart]) + Array("Date: \(rfc5322Date(date, timeZone: timeZone))".utf8) + Array(raw[end...])
            }
            lineStart = end + 2
        }
        return raw
    }

    private static func firstCRLF(in bytes: [UInt8], from start: Int) -> Int? {
        var i = start
        while i + 1 < bytes.count {
            if bytes[i] == 13, bytes[i + 1] == 10 { return i }
            i += 1
        }
        return nil
    }
}
