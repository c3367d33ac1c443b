import ArgumentParser
import Foundation
import HotlineCore
import HotlineMail
import HotlineNet
import HotlineStore
import Logging

struct BenchMailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-mail",
        abstract: "Measure IMAP intake against a bare libcurl fetch, and SMTP sending, on the configured servers.",
        discussion: """
            Uses the [[mailbox]] entries and [smtp] of --config, with a temporary case store. The baseline is a bare \
            libcurl fetch of every waiting message, twice (first unseen, which also sets \\Seen, then seen), of the \
            second mailbox when there is one (holding the same messages), else of the first. Then the first mailbox \
            is taken in (fetch, parse, classify, store, move), and --send generated mails go through SMTP from the \
            spool. scripts/bench-mail.sh sets up servers and mail for it. Loopback servers only.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "How many mails to send through SMTP (0: skip).")
    var send = 2000

    func run() throws {
        var config = try global.loadConfiguration()
        let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("hotline-bench-mail-\(getpid())")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        config.storePath = dir + "/bench.sqlite"
        config.attachmentsPath = dir + "/attachments"
        let quiet = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
        let wiring = Wiring(configuration: config, logger: quiet)
        let accounts = try wiring.imapAccounts()
        guard let account = accounts.first else { throw ValidationError("bench-mail needs a [[mailbox]]") }
        let baseline = accounts.count > 1 ? accounts[1] : account

        // A first fetch marks every message \Seen (libcurl has no peek; Dovecot renames each file),
        // which a second fetch does not pay: both are shown, and intake is compared with the faster.
        let t00 = Date()
        let firstBare = try IMAPMailSource(account: baseline, logger: quiet).fetchAll()
        let firstSeconds = Date().timeIntervalSince(t00)
        let t0 = Date()
        let bare = try IMAPMailSource(account: baseline, logger: quiet).fetchAll()
        let bareSeconds = Date().timeIntervalSince(t0)

        let store = try SQLiteCaseStore(path: config.storePath)
        let run = IntakeRun(processor: try wiring.processor(store: store), sources: [IMAPMailSource(account: account, logger: quiet)],
                            sender: nil, claimant: LocalProcessClaimant.current(), logger: quiet)
        let t1 = Date()
        let cpu1 = cpuSeconds()
        let summary = run.pass()
        if let fault = summary.fault { throw fault }
        let intakeSeconds = Date().timeIntervalSince(t1)
        let intakeCPU = cpuSeconds() - cpu1
        let bareRate = Double(bare.messages) / max(bareSeconds, 1e-9)
        let unseenRate = Double(firstBare.messages) / max(firstSeconds, 1e-9)
        let intakeRate = Double(summary.fetched) / max(intakeSeconds, 1e-9)
        let intakeOf = baseline.name == account.name ? "already seen" : "new (unseen)"
        print("""
            baseline mailbox    \(baseline.name)
            bare fetch, new     \(firstBare.messages) messages in \(String(format: "%.2f", firstSeconds)) s = \
            \(rate(firstBare.messages, firstSeconds)) msg/s (the first read of new mail)
            bare fetch, again   \(bare.messages) messages, \(String(format: "%.1f", Double(bare.bytes) / 1_048_576)) MiB in \
            \(String(format: "%.2f", bareSeconds)) s = \(rate(bare.messages, bareSeconds)) msg/s
            intake              \(summary.fetched) \(intakeOf) messages of \(account.name) in \(String(format: "%.2f", intakeSeconds)) s = \
            \(rate(summary.fetched, intakeSeconds)) msg/s (fetch, parse, classify, store, move)
            intake CPU          \(String(format: "%.2f", intakeCPU)) s of our process (user + system) in \
            \(String(format: "%.2f", intakeSeconds)) s
            intake / bare new    \(String(format: "%.2f", intakeRate / max(unseenRate, 1e-9)))
            intake / bare again \(String(format: "%.2f", intakeRate / max(bareRate, 1e-9)))
            outcome             \(summary)
            """)
        if send > 0 {
            let sender = try wiring.sender()
            let to = account.user.contains("@") ? account.user : "sink@hotline.test"
            try store.transaction { tx in
                for i in 0..<send {
                    var m = MailComposer(from: config.settings.fromAddress, to: [MailAddress(name: "市民", address: to)],
                                         subject: "受理回执 [BB20261129-\(String(format: "%04d", i % 9999 + 1))] 测试",
                                         date: Date(), messageID: "bench.\(i).\(getpid())@hotline.test",
                                         text: "您反映的事项已收到并登记受理。第\(i)封。")
                    m.extraHeaders = [("Auto-Submitted", "auto-replied")]
                    try tx.queueOutgoing(OutgoingMail(caseNumber: nil, purpose: "bench", messageID: "bench.\(i).\(getpid())@hotline.test",
                                                      recipients: [to], raw: m.render()))
                }
            }
            var sent = PassSummary()
            let t2 = Date()
            try run.deliver(through: sender, into: &sent)
            let sendSeconds = Date().timeIntervalSince(t2)
            print("smtp send           \(sent.sent) sent (\(send) generated + the acknowledgements intake queued), \(sent.sendFailures) failed in \(String(format: "%.2f", sendSeconds)) s = "
                  + "\(rate(sent.sent, sendSeconds)) msg/s")
        }
        print("peak memory (RSS)   \(peakRSSMiB()) MiB")
    }
}

/// User + system CPU seconds of this process so far.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
