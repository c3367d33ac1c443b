import Crypto
import Foundation

/// The JSON of `hotline inspect`, in the field names of the corpus schema
/// (`/work/shared/corpus/mime/README.md`, `mayor-mail-eval/expected-v1`).
public enum MessageInspection {
    /// Characters of `text_head` (corpus schema).
    static let textHeadLength = 200

    /// Pretty-printed JSON, sorted keys, unescaped slashes.
    public static func json(for message: MailMessage, raw: [UInt8]) -> Data {
        let object = dictionary(for: message, raw: raw)
        let options: JSONSerialization.WritingOptions = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? JSONSerialization.data(withJSONObject: object, options: options)) ?? Data("{}".utf8)
    }

    /// The inspection as a JSON-compatible dictionary.
    static func dictionary(for message: MailMessage, raw: [UInt8]) -> [String: Any] {
        var out: [String: Any] = [:]
        out["schema"] = "mayor-mail-eval/expected-v1"
        out["raw_size"] = raw.count
        out["raw_sha256"] = hex(SHA256.hash(data: raw))
        out["unixfrom"] = message.hasUnixFrom
        out["from"] = addresses(message.from)
        out["to"] = addresses(message.to)
        out["cc"] = addresses(message.cc)
        out["subject"] = message.subject ?? NSNull()
        out["date"] = ["raw": message.dateRaw as Any? ?? NSNull(),
                       "iso_utc": message.date.map(isoUTC) as Any? ?? NSNull()] as [String: Any]
        out["message_id"] = message.messageID ?? NSNull()
        out["in_reply_to"] = message.inReplyTo ?? NSNull()
        out["references"] = message.references ?? NSNull()
        out["structure"] = structure(message.root)
        out["parts"] = message.leaves().map { part(path: $0.path, $0.part) }
        out["defective"] = !message.defects.isEmpty
        out["defects"] = message.defects.map { d -> [String: Any] in
            ["part": d.part, "defect": d.kind, "detail": d.detail, "offset": d.offset ?? NSNull()]
        }
        return out
    }

    static func addresses(_ list: [MailAddress]?) -> Any {
        guard let list else { return NSNull() }
        return list.map { a -> [String: Any] in
            var item: [String: Any] = ["name": a.name, "address": a.address]
            if let g = a.group { item["group"] = g }
            return item
        }
    }

    /// One leaf in the corpus `parts` schema.
    static func part(path: String, _ part: MIMEPart) -> [String: Any] {
        let data = part.decodedBody()
        var out: [String: Any] = [
            "path": path,
            "content_type": part.contentType.mimeType,
            "charset": part.contentType.charset ?? NSNull(),
            "filename": part.filename ?? NSNull(),
            "disposition": part.disposition ?? NSNull(),
            "transfer_encoding": part.transferEncoding ?? NSNull(),
            "size": data.count,
            "sha256": hex(SHA256.hash(data: data)),
        ]
        if part.contentType.type == "text" {
            let text = part.decodeText(data)
            let scalars = text.text.unicodeScalars
            var head = String.UnicodeScalarView()
            head.append(contentsOf: scalars.prefix(textHeadLength))
            out["text_head"] = String(head)
            out["text_chars"] = scalars.count
            if text.lossy { out["text_has_replacement_char"] = true }
        }
        return out
    }

    /// Python-style structure string, e.g. `multipart/mixed(text/plain,message/rfc822(text/plain))`.
    static func structure(_ part: MIMEPart) -> String {
        if !part.children.isEmpty {
            return part.contentType.mimeType + "(" + part.children.map(structure).joined(separator: ",") + ")"
        }
        if let inner = part.embedded?.root {
            return part.contentType.mimeType + "(" + structure(inner) + ")"
        }
        return part.contentType.mimeType
    }

    static func isoUTC(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        let (y, m, d) = CivilCalendar.civil(fromDays: days)
        let pad = { (v: Int, w: Int) -> String in
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(rest / 3600, 2)):\(pad(rest % 3600 / 60, 2)):\(pad(rest % 60, 2))Z"
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in digest {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
