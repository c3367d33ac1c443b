import ArgumentParser
import Foundation
import HotlineCore

struct IntakeLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake",
        abstract: "What came in and what became of each message (case, reply, duplicate, automatic, quarantined), with the reason."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var list: ListOptions

    func run() throws {
        let config = try global.loadConfiguration()
        let store = try Wiring(configuration: config, logger: global.logger("hotline")).store()
        let entries = try store.intakeEntries(limit: list.limit)
        if list.json {
            struct Row: Encodable {
                var at, source, key, disposition, reason: String
                var caseNumber, messageID, rawSHA256: String?
                enum CodingKeys: String, CodingKey {
                    case at, source, key, disposition, reason
                    case caseNumber = "case", messageID = "message_id", rawSHA256 = "raw_sha256"
                }
            }
            print(try CaseJSON.render(entries.map {
                Row(at: CaseJSON.iso($0.at), source: $0.source.source, key: $0.source.key, disposition: $0.disposition.rawValue,
                    reason: $0.reason, caseNumber: $0.caseNumber?.description, messageID: $0.messageID, rawSHA256: $0.rawSHA256)
            }))
            return
        }
        for e in entries {
            print(TextTable.fit(TextTable.local(e.at, config.settings.timeZone), 17) + TextTable.fit(e.disposition.rawValue, 12)
                  + TextTable.fit(e.caseNumber?.description ?? "-", 17) + TextTable.fit(e.source.description, 60) + "  " + e.reason)
        }
        let counts = Dictionary(grouping: entries, by: \.disposition).mapValues(\.count)
        print(IntakeDisposition.allCases.map { "\($0.rawValue)=\(counts[$0] ?? 0)" }.joined(separator: " "))
    }
}
