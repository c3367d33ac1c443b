import _CryptoExtras
import ArgumentParser
import Foundation
import HotlineCore
import HotlineDocuments
import HotlineMail
import HotlineStore
import Logging

/// `hotline bench-clock`: one clock pass over N open cases of which a share is due (issue 11, item 7).
struct BenchClockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-clock",
        abstract: "Measure one clock pass over N open cases with 1% due: time and peak memory of the pass, per N.",
        discussion: """
            For each N, builds a store in a temporary folder: N assigned complaints, their clocks kept by the same \
            transactions as in `hotline run` (the setup is timed apart). 1% were assigned on Thursday 3 December 2026 \
            and are due a reminder at the pass (Wednesday 9 December, 15:00); the rest were assigned that day and have \
            nothing due. The pass runs in a fresh process on the store, so its peak memory is the pass's own; the \
            next pass, with nothing due, is timed too. A pass reads only the cases due (the index on the next \
            action): its cost grows with them, not with N.
            """
    )

    @Option(help: "Comma-separated case counts.")
    var cases = "10000,100000,1000000"
    @Option(help: "Share of the cases due at the pass.")
    var due = 0.01
    @Option(help: "Folder to work in (default: a new temporary folder, removed afterwards).")
    var workdir: String?
    @Option(help: .hidden)
    var passOnly: String?

    static let now = CaseHistoryTimes.at("2026-12-09T15:00:00+08:00")

    func run() throws {
        if let passOnly { return try pass(passOnly) }
        let counts = try cases.split(separator: ",").map { s -> Int in
            guard let n = Int(s.trimmingCharacters(in: .whitespaces)), n > 0 else { throw ValidationError("\"\(s)\" is not a count") }
            return n
        }
        let dir = workdir ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("hotline-bench-clock-\(getpid())")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { if workdir == nil { try? FileManager.default.removeItem(atPath: dir) } }
        guard due >= 0, due <= 1 else { throw ValidationError("--due is a share from 0 to 1") }
        print("open cases  due    setup (s)  setup cases/s  pass (s)  cases read  reminders  next pass (s)  pass peak RSS (MiB)  store (MiB)")
        for n in counts {
            let path = (dir as NSString).appendingPathComponent("clock-\(n).sqlite")
            let s0 = Date()
            let dueCount = try build(path, cases: n)
            let setup = Date().timeIntervalSince(s0)
            let child = Process()
            child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0].hasPrefix("/") ? CommandLine.arguments[0]
                                      : FileManager.default.currentDirectoryPath + "/" + CommandLine.arguments[0])
            child.arguments = ["bench-clock", "--pass-only", path]
            let out = Pipe()
            child.standardOutput = out
            try child.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            child.waitUntilExit()
            guard child.terminationStatus == 0 else { throw ValidationError("the pass failed (status \(child.terminationStatus))") }
            let fields = String(decoding: data, as: UTF8.self).split(separator: " ").map(String.init)
            let size = ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) + 
                ((try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0)
            print(String(format: "%10d  %5d  %9.1f  %13@  %8@  %10@  %9@  %13@  %19@  %11.1f", n, dueCount, setup, rate(n, setup),
                         fields[0], fields[1], fields[2], fields[4].trimmingCharacters(in: .whitespacesAndNewlines), fields[3],
                         Double(size) / 1_048_576))
            fflush(nil)
            if workdir == nil { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        }
    }

    static var settings: FormSettings {
        get throws {
            let intake = IntakeSettings()
            let units = UnitsRegistry(units: [GovernmentUnit(code: "CG", name: "市城管局", tier: .two, parent: nil, email: "cg@gov.example",
                                                             hotlineContact: nil, leaderInCharge: nil, principalLeader: nil)])
            return FormSettings(intake: intake, centerHead: "周明", replyMailbox: "hotline@center.example",
                                formSecret: Array("bench secret 0123456789".utf8),
                                deadlines: try ClockSettings.shipped.unitDeadlines(zone: intake.timeZone), units: units)
        }
    }

    /// N assigned complaints, 1% of them assigned six days before the pass; each case's clocks kept
    /// by its own transactions, 500 cases to a transaction.
    func build(_ path: String, cases n: Int) throws -> Int {
        let settings = try Self.settings
        let rules = ClockRules(deadlines: settings.deadlines)
        let store = ClockedStore(try SQLiteCaseStore(path: path), rules: rules, clock: BenchClock(Self.now))
        let raw = Array("From: bench@example.cn\r\nSubject: bench\r\n\r\nbench\r\n".utf8)
        let sha = sha256Hex(raw)
        let dueEvery = due == 0 ? Int.max : max(1, Int((1 / due).rounded()))
        var dueCount = 0
        var i = 0
        while i < n {
            let end = min(n, i + 500)
            try store.transaction { tx in
                try tx.storeRawMessage(sha256: sha, bytes: raw)
                for k in i..<end {
                    let isDue = k % dueEvery == 0
                    if isDue { dueCount += 1 }
                    let received = CaseHistoryTimes.at(isDue ? "2026-12-03T09:00:00+08:00" : "2026-12-09T13:00:00+08:00")
                    let number = CaseNumber(prefix: "BB", day: "20261203", sequence: k + 1)
                    let record = CaseRecord(number: number, channel: .mayorMailbox, receivedAt: received,
                                            petitioner: Petitioner(name: "张三", email: "p\(k)@example.cn"), subject: "投诉：夜间施工噪音",
                                            text: "每天夜里十一点以后仍在施工。", attachments: [], kind: Decided(.complaint, rule: "bench"),
                                            handlingClass: Decided(.routine, rule: "bench"), keyMatter: Decided(false, rule: "bench"),
                                            scope: Decided(.accepted, rule: "bench"), state: .assigned, rawSHA256: sha, messageID: nil)
                    try tx.insertCase(record)
                    try tx.appendEvent(CaseEvent(at: received.addingTimeInterval(60), actor: CaseEvent.system, .registered(.init(
                        source: "bench:\(k)", channel: .mayorMailbox, kind: record.kind, handlingClass: record.handlingClass,
                        keyMatter: record.keyMatter, scope: record.scope, state: .registered, citesCases: []))), to: number)
                    let form = FormNumber(kind: .assignment, year: 2026, sequence: k + 1)
                    try tx.appendEvent(CaseEvent(at: received.addingTimeInterval(3_600), actor: "bench", .formIssued(.init(
                        form: form, kind: .assignment, forms: [form], mail: "jb\(k)@center.example", sha256: sha, heavyItem: true,
                        sendAfter: nil, detail: .assignment(unit: "CG", assist: [], deadline: received, deadlineRule: nil)))), to: number)
                }
            }
            i = end
        }
        return dueCount
    }

    /// The pass alone, in this fresh process, then the next one (nothing due any more: its cost is
    /// what every pass costs when nothing is due): prints `seconds cases-read reminders peak-rss-mib next-seconds`.
    func pass(_ path: String) throws {
        let settings = try Self.settings
        let clock = BenchClock(Self.now)
        let store = ClockedStore(try SQLiteCaseStore(path: path), rules: ClockRules(deadlines: settings.deadlines), clock: clock)
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let documents = try FormDocuments.load(templates: .shipped, signingKey: key, timeZone: settings.intake.timeZone)
        let forms = FormDesk(store: store, renderer: documents, settings: settings, clock: clock, nonce: IntakeProcessor.randomNonce)
        let pass = ClockPass(store: store, forms: forms, duty: MailAddress(address: "duty@center.example"), centerHead: nil,
                             logger: Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }, nonce: IntakeProcessor.randomNonce)
        let t0 = Date()
        let summary = try pass.run()
        let seconds = Date().timeIntervalSince(t0)
        let t1 = Date()
        let next = try pass.run()
        let nextSeconds = Date().timeIntervalSince(t1)
        guard next.casesDue == 0 else { throw ValidationError("the next pass found \(next.casesDue) cases due") }
        print(String(format: "%.3f", seconds), summary.casesDue, summary.reminders, peakRSSMiB(), String(format: "%.4f", nextSeconds))
    }
}

/// The bench's fixed instant.
struct BenchClock: Clock {
    let instant: Date
    init(_ instant: Date) { self.instant = instant }
    func now() -> Date { instant }
}

enum CaseHistoryTimes {
    static func at(_ iso: String) -> Date { ISODateTime.instant(iso)! }
}
