import _CryptoExtras
import ArgumentParser
import Foundation
import HotlineCore
import HotlineDocuments
import HotlineStore
import Logging

/// `hotline bench-forms`: how fast forms are made — XML, signature and ODT — and issued.
struct BenchFormsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-forms",
        abstract: "Measure form making: N cases taken in, then an assignment sheet and a blank feedback sheet for each.",
        discussion: """
            Works in a temporary folder with the shipped templates and a fresh RSA-3072 center key; touches no \
            configured store. Prints forms per second for the signed XML alone, the ODT alone, both (render), and \
            the whole `assign` (numbers, render, store, event, mail into the spool) — no PDF — and peak memory.
            """
    )

    @Option(help: "How many cases.")
    var cases = 1_000
    @Option(help: "A templates folder (default: the templates shipped with hotline).")
    var templates: String?
    @Option(help: "Folder to work in (default: a new temporary folder, removed afterwards).")
    var workdir: String?

    func run() throws {
        let dir = workdir ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("hotline-bench-forms-\(getpid())")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { if workdir == nil { try? FileManager.default.removeItem(atPath: dir) } }
        let quiet = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
        let vault = BenchVault()

        // Cases, through intake of generated mail (no attachments), into SQLite on disk.
        let store = try SQLiteCaseStore(path: (dir as NSString).appendingPathComponent("bench.sqlite"))
        let intake = IntakeSettings()
        let mail = SyntheticMail(attachmentShare: 0)
        let processor = IntakeProcessor(store: store, vault: vault, settings: intake, clock: SystemClock(), logger: quiet,
                                        nonce: IntakeProcessor.randomNonce)
        for i in 0..<cases {
            _ = try processor.process(IncomingMessage(key: SourceKey(source: "bench", key: "\(i)"), raw: mail.message(i)), role: .citizen)
        }
        let records = try store.cases(CaseFilter(state: .registered))
        guard !records.isEmpty else { throw ValidationError("no case was registered") }

        let k0 = Date()
        let key = try _RSA.Signing.PrivateKey(keySize: .bits3072)
        let keySeconds = Date().timeIntervalSince(k0)
        let documents = try FormDocuments.load(templates: templates.map(TemplateSource.folder) ?? .shipped, signingKey: key, timeZone: intake.timeZone)
        let units = UnitsRegistry(units: ["CG", "BSQ", "HB", "WATER"].map {
            GovernmentUnit(code: $0, name: "单位\($0)", tier: .two, parent: nil, email: "\($0.lowercased())@gov.example",
                           hotlineContact: nil, leaderInCharge: nil, principalLeader: nil)
        })
        let settings = FormSettings(intake: intake, centerHead: "周明", replyMailbox: "hotline@center.example",
                                    formSecret: Array("bench secret 0123456789".utf8),
                                    deadlines: try ClockSettings.shipped.unitDeadlines(zone: intake.timeZone), units: units)

        // The parts, on assignment sheets built from the cases.
        let sheets: [Form] = records.enumerated().map { i, r in
            let due = settings.deadlines.due(kind: r.kind.value, handlingClass: r.handlingClass.value, from: Date())
            return .assignment(AssignmentSheet(particulars: FormParticulars(
                caseNumber: r.number, formNumber: FormNumber(kind: .assignment, year: 2026, sequence: i + 1), issuedAt: Date(),
                centerName: intake.centerName, receivedAt: r.receivedAt, channel: r.channel, petitioner: r.petitioner,
                subject: String(r.subject.prefix(100)), summary: FormParticulars.summary(of: r.text), kind: r.kind.value,
                handlingClass: r.handlingClass.value, heavyItem: true, leadUnit: .init(code: "CG", name: "单位CG"),
                assistingUnits: [.init(code: "BSQ", name: "单位BSQ")], deadline: due.0, deadlineLimit: due.1,
                replyAddress: settings.replyAddress.address(for: r.number)), centerHead: "周明"))
        }
        var xmlBytes = 0
        let x0 = Date()
        for s in sheets { xmlBytes += try documents.xml.signed(s).count }
        let xmlSeconds = Date().timeIntervalSince(x0)
        var odtBytes = 0
        let o0 = Date()
        for s in sheets {
            let fields = FormTemplateValues(s, timeZone: intake.timeZone)
            let qr = FormQRPayload(kind: .assignment, caseNumber: s.particulars.caseNumber, formNumber: s.particulars.formNumber)
            odtBytes += try documents.templates[.assignment]!.renderPackage(
                values: fields.values, rows: fields.rows, qrPNG: try QRCode.png(for: qr.text(tagger: settings.tagger))).count
        }
        let odtSeconds = Date().timeIntervalSince(o0)
        let r0 = Date()
        for s in sheets { _ = try documents.render(s, qrText: "HLF1 bench") }
        let renderSeconds = Date().timeIntervalSince(r0)

        // The whole command, per case: two forms (assignment + blank feedback sheet), stored, event, mail.
        let desk = FormDesk(store: store, renderer: documents, settings: settings, clock: SystemClock(), nonce: IntakeProcessor.randomNonce)
        let a0 = Date()
        for r in records { _ = try desk.assign(r.number, lead: "CG", assisting: ["BSQ"], clerk: "bench") }
        let assignSeconds = Date().timeIntervalSince(a0)
        let n = records.count
        print("""
            cases               \(n) (registered through intake; SQLite WAL on disk)
            center key          RSA-3072, made in \(String(format: "%.2f", keySeconds)) s (not counted below)
            signed XML          \(rate(n, xmlSeconds)) forms/s  (write, parse, XSD, exc-c14n, RSA-SHA256; \(xmlBytes / n) bytes each)
            ODT                 \(rate(n, odtSeconds)) forms/s  (template fill, QR code, ODF package; \(odtBytes / n) bytes each)
            XML + signature + ODT \(rate(n, renderSeconds)) forms/s
            assign              \(rate(n, assignSeconds)) cases/s = \(rate(2 * n, assignSeconds)) forms/s  (2 forms each, stored, event, mail spooled)
            peak memory (RSS)   \(peakRSSMiB()) MiB
            """)
    }
}
