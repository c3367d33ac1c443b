import ArgumentParser
import Foundation
import HotlineCore
import HotlineMail
import HotlineStore
import Logging

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure intake: N generated messages from an inbox folder through parse, classify, store (SQLite WAL on disk).",
        discussion: "Prints messages per second and peak memory. Works in a temporary folder; touches no configured store."
    )

    @Option(help: "How many messages.")
    var messages = 10_000
    @Option(help: "Share of messages with an attachment (20–200 KB).")
    var attachments = 0.2
    @Option(help: "Folder to work in (default: a new temporary folder, removed afterwards).")
    var workdir: String?
    @Flag(help: "Keep no clocks (as before issue 11), to see what keeping them costs.")
    var withoutClocks = false

    func run() throws {
        let dir = workdir ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("hotline-bench-\(getpid())")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { if workdir == nil { try? FileManager.default.removeItem(atPath: dir) } }
        let mail = SyntheticMail(attachmentShare: attachments)

        // The messages as files in an inbox folder, as on the embedded default.
        let inbox = (dir as NSString).appendingPathComponent("inbox")
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        var bytes = 0
        let g0 = Date()
        for i in 0..<messages {
            let raw = mail.message(i)
            bytes += raw.count
            guard FileManager.default.createFile(atPath: "\(inbox)/\(String(format: "%06d", i)).eml", contents: Data(raw)) else {
                throw ValidationError("cannot write into \(inbox)")
            }
        }
        let genSeconds = Date().timeIntervalSince(g0)

        // Parse alone.
        let p0 = Date()
        var defects = 0
        for i in 0..<messages {
            let raw = [UInt8](FileManager.default.contents(atPath: "\(inbox)/\(String(format: "%06d", i)).eml") ?? Data())
            defects += MailParser.parse(raw).defects.count
        }
        let parseSeconds = Date().timeIntervalSince(p0)

        let quiet = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
        let sqlite = try SQLiteCaseStore(path: (dir as NSString).appendingPathComponent("bench.sqlite"))
        // As `hotline run` does: every transaction keeps the clocks of the cases it touched.
        let store: any CaseStore = withoutClocks ? sqlite
            : ClockedStore(sqlite, rules: ClockRules(deadlines: try ClockSettings.shipped.unitDeadlines(zone: IntakeSettings().timeZone)),
                           clock: SystemClock())
        let processor = IntakeProcessor(store: store, vault: FolderVault(folder: (dir as NSString).appendingPathComponent("attachments")),
                                        settings: IntakeSettings(), clock: SystemClock(), logger: quiet,
                                        nonce: IntakeProcessor.randomNonce)
        let source = FolderMailSource(name: "bench", role: .citizen, folder: inbox, processedFolder: inbox + "/processed",
                                      quarantineFolder: inbox + "/quarantine")
        let run = IntakeRun(processor: processor, sources: [source], sender: nil, claimant: LocalProcessClaimant.current(), logger: quiet)
        let t0 = Date()
        let summary = run.pass()
        if let fault = summary.fault { throw fault }
        let total = Date().timeIntervalSince(t0)
        let dbBytes = (try? FileManager.default.attributesOfItem(atPath: (dir as NSString).appendingPathComponent("bench.sqlite"))[.size] as? Int) ?? 0

        print("""
            messages            \(messages) (\(String(format: "%.1f", Double(bytes) / 1_048_576)) MiB, \(Int(attachments * 100))% with attachments)
            written to inbox    \(String(format: "%.2f", genSeconds)) s (not counted below)
            read + parse only   \(rate(messages, parseSeconds)) msg/s  (\(defects) defects)
            intake              \(rate(messages, total)) msg/s  (\(String(format: "%.2f", total)) s: read, parse, classify, store, move\(withoutClocks ? "; no clocks" : ", clocks kept"))
            outcome             \(summary)
            store size          \(String(format: "%.1f", Double(dbBytes) / 1_048_576)) MiB (+ WAL)
            peak memory (RSS)   \(peakRSSMiB()) MiB
            """)
    }
}

func rate(_ n: Int, _ s: Double) -> String { String(format: "%.0f", Double(n) / max(s, 1e-9)) }
