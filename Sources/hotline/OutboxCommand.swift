import ArgumentParser
import Foundation
import HotlineCore

struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "The outgoing spool: what is queued, sent (with the server's proof) or failed (with the reason)."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var list: ListOptions

    func run() throws {
        let config = try global.loadConfiguration()
        let store = try Wiring(configuration: config, logger: global.logger("hotline")).store()
        let mail = try store.outgoing(limit: list.limit)
        if list.json {
            struct Row: Encodable {
                var id: Int64
                var status, purpose, messageID: String
                var caseNumber: String?
                var recipients: [String]
                var attempts: Int
                var lastError, proof, nextAttemptAt, sendAfter: String?
                enum CodingKeys: String, CodingKey {
                    case id, status, purpose, recipients, attempts, proof
                    case messageID = "message_id", caseNumber = "case", lastError = "last_error", nextAttemptAt = "next_attempt_at"
                    case sendAfter = "send_after"
                }
            }
            print(try CaseJSON.render(mail.map {
                Row(id: $0.id, status: $0.status.rawValue, purpose: $0.mail.purpose, messageID: $0.mail.messageID,
                    caseNumber: $0.mail.caseNumber?.description, recipients: $0.mail.recipients, attempts: $0.attempts,
                    lastError: $0.lastError, proof: $0.proof, nextAttemptAt: $0.nextAttemptAt.map(CaseJSON.iso),
                    sendAfter: $0.mail.sendAfter.map(CaseJSON.iso))
            }))
            return
        }
        for m in mail {
            var detail = m.status == .sent ? (m.proof ?? "") : (m.lastError ?? "")
            if m.status == .queued, let after = m.mail.sendAfter, after > Date() {
                detail = "with the dispatch batch of \(TextTable.local(after, config.settings.timeZone)) " + detail
            }
            print(TextTable.fit(m.status.rawValue, 8) + TextTable.fit(m.mail.caseNumber?.description ?? "-", 17)
                  + TextTable.fit(m.mail.purpose, 20) + TextTable.fit(m.mail.recipients.joined(separator: ","), 32)
                  + "tries=\(m.attempts)  " + detail)
        }
        let counts = Dictionary(grouping: mail, by: \.status).mapValues(\.count)
        print("queued=\(counts[.queued] ?? 0) sent=\(counts[.sent] ?? 0) failed=\(counts[.failed] ?? 0)")
    }
}
