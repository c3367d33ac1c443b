import Foundation
import HotlineCore

/// The JSON shapes `hotline cases --json` and `hotline case show --json` print: stable, documented in
/// `docs/case-json.md`.
struct CaseJSON: Encodable {
    struct Rule<V: Encodable>: Encodable {
        var value: V
        var rule: String
    }
    var number: String
    var channel: String
    var receivedAt: String
    var petitioner: Petitioner
    var subject: String
    var text: String?
    var kind: Rule<String>
    var handlingClass: Rule<String>
    var keyMatter: Rule<Bool>
    var scope: Rule<String>
    var state: String
    var rawSHA256: String
    var messageID: String?
    var attachments: [StoredAttachment]?
    var events: [EventJSON]?

    struct EventJSON: Encodable {
        var at: String
        var actor: String
        var type: String
        var data: [String: String]
    }

    enum CodingKeys: String, CodingKey {
        case number, channel, petitioner, subject, text, kind, scope, state, attachments, events
        case receivedAt = "received_at", handlingClass = "handling_class", keyMatter = "key_matter"
        case rawSHA256 = "raw_sha256", messageID = "message_id"
    }

    /// Event dates inside `data` are written in `timeZone` (the center's), as they always were.
    init(_ r: CaseRecord, events: [CaseEvent]?, full: Bool, timeZone: TimeZone) {
        number = r.number.description
        channel = r.channel.rawValue
        receivedAt = CaseJSON.iso(r.receivedAt)
        petitioner = r.petitioner
        subject = r.subject
        text = full ? r.text : nil
        kind = Rule(value: r.kind.value.rawValue, rule: r.kind.rule)
        handlingClass = Rule(value: r.handlingClass.value.rawValue, rule: r.handlingClass.rule)
        keyMatter = Rule(value: r.keyMatter.value, rule: r.keyMatter.rule)
        scope = Rule(value: r.scope.value.text, rule: r.scope.rule)
        state = r.state.rawValue
        rawSHA256 = r.rawSHA256
        messageID = r.messageID
        attachments = full ? r.attachments : nil
        self.events = events?.map { EventJSON(at: CaseJSON.iso($0.at), actor: $0.actor, type: $0.type, data: $0.body.fields(timeZone: timeZone).texts) }
    }

    static func iso(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: d)
    }

    static func render<T: Encodable>(_ value: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(value), as: UTF8.self)
    }
}

/// Text helpers for the tables the commands print.
enum TextTable {
    /// Pads or cuts to a display width, counting CJK characters as two columns.
    static func fit(_ s: String, _ width: Int) -> String {
        var out = ""
        var w = 0
        for ch in s.replacingOccurrences(of: "\n", with: " ") {
            let cw = ch.unicodeScalars.first.map { $0.value >= 0x1100 ? 2 : 1 } ?? 1
            if w + cw > width { break }
            out.append(ch)
            w += cw
        }
        return out + String(repeating: " ", count: max(0, width - w))
    }

    static func local(_ d: Date, _ tz: TimeZone) -> String {
        let f = DateFormatter()
        f.timeZone = tz
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: d)
    }
}
