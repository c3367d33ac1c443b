import ArgumentParser
import Foundation
import HotlineCore
import HotlineMail
import HotlineStore
import Logging

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure intake: N generated messages through parse + classify + store (SQLite WAL on disk).",
        discussion: "Prints messages per second and peak memory. Works in a temporary folder; touches no configured store."
    )

    @Option(help: "How many messages.")
    var messages = 10_000
    @Option(help: "Share of messages with an attachment (20–200 KB).")
    var attachments = 0.2
    @Option(help: "Folder to work in (default: a new temporary folder, removed afterwards).")
    var workdir: String?

    /// Hands out generated messages one at a time, so the generator holds no backlog in memory.
    final class GeneratedSource: MailSource {
        let name = "bench"
        let role = MailboxRole.citizen
        let mail: SyntheticMail
        let count: Int
        init(mail: SyntheticMail, count: Int) {
            self.mail = mail
            self.count = count
        }
        func pending() throws -> [SourceKey] { (0..<count).map { SourceKey(source: name, key: String($0)) } }
        func load(_ key: SourceKey) throws -> IncomingMessage {
            IncomingMessage(key: key, raw: mail.message(Int(key.key) ?? 0))
        }
        func finish(_ key: SourceKey, disposition: IntakeDisposition, reason: String) throws {}
    }

    func run() throws {
        let dir = workdir ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("hotline-bench-\(getpid())")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { if workdir == nil { try? FileManager.default.removeItem(atPath: dir) } }
        let mail = SyntheticMail(attachmentShare: attachments)

        // Generation alone, to subtract it out.
        var bytes = 0
        let g0 = Date()
        for i in 0..<messages { bytes += mail.message(i).count }
        let genSeconds = Date().timeIntervalSince(g0)

        // Parse alone.
        let p0 = Date()
        var defects = 0
        for i in 0..<messages { defects += MailParser.parse(mail.message(i)).defects.count }
        let parseSeconds = Date().timeIntervalSince(p0) - genSeconds

        let store = try SQLiteCaseStore(path: (dir as NSString).appendingPathComponent("bench.sqlite"))
        let processor = IntakeProcessor(store: store, vault: FolderVault(folder: (dir as NSString).appendingPathComponent("attachments")),
                                        settings: IntakeSettings(), logger: .init(label: "bench") { _ in SwiftLogNoOpLogHandler() })
        let run = IntakeRun(processor: processor, sources: [GeneratedSource(mail: mail, count: messages)], sender: nil,
                            logger: .init(label: "bench") { _ in SwiftLogNoOpLogHandler() })
        let t0 = Date()
        let summary = try run.pass()
        let total = Date().timeIntervalSince(t0) - genSeconds
        let dbBytes = (try? FileManager.default.attributesOfItem(atPath: (dir as NSString).appendingPathComponent("bench.sqlite"))[.size] as? Int) ?? 0

        print("""
            messages            \(messages) (\(String(format: "%.1f", Double(bytes) / 1_048_576)) MiB, \(Int(attachments * 100))% with attachments)
            generation          \(String(format: "%.2f", genSeconds)) s (subtracted below)
            parse only          \(rate(messages, parseSeconds)) msg/s  (\(defects) defects)
            parse+classify+store \(rate(messages, total)) msg/s  (\(String(format: "%.2f", total)) s)
            outcome             \(summary)
            store size          \(String(format: "%.1f", Double(dbBytes) / 1_048_576)) MiB (+ WAL)
            peak memory (RSS)   \(peakRSSMiB()) MiB
            """)
    }
}

func rate(_ n: Int, _ s: Double) -> String { String(format: "%.0f", Double(n) / max(s, 1e-9)) }
