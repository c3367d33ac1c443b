import _CryptoExtras
import ArgumentParser
import Foundation
import HotlineCore
import HotlineDocuments
import HotlineMail
import HotlineStore
import HotlineXML
import Logging

/// `hotline bench-feedback`: how fast signed feedback sheets are verified and recorded.
struct BenchFeedbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-feedback",
        abstract: "Measure the return path: N assigned cases, then a unit's reply with a signed feedback sheet for each.",
        discussion: """
            Works in a temporary folder with the shipped templates: N cases taken in and assigned (not timed), each \
            blank feedback sheet answered and signed with the unit's principal-leader key (RSA-2048, not timed), each put \
            in a reply mail to the case's reply address. Then times the reader alone (safe parse, XSD, signature against \
            the pinned keys) and the whole intake of the replies (parse, match, read, verify, sign-off checks, state, \
            events, commit), and prints peak memory.
            """
    )

    @Option(help: "How many cases and signed replies.")
    var forms = 1_000
    @Option(help: "A templates folder (default: the templates shipped with hotline).")
    var templates: String?
    @Option(help: "Other units in the registry, each with two RSA-2048 leader keys (a realistic registry makes the key search count).")
    var units = 30

    func run() throws {
        let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("hotline-bench-feedback-\(getpid())")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let quiet = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
        let vault = BenchVault()
        let intake = IntakeSettings()
        let leader = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let cg = GovernmentUnit(code: "CG", name: "蚌埠市城市管理局", tier: .two, parent: nil, email: "cg@gov.example", hotlineContact: nil,
                                leaderInCharge: .init(name: "孙立", title: "副局长", publicKeyPEM: nil, keySource: nil),
                                principalLeader: .init(name: "钱进", title: "局长", publicKeyPEM: leader.publicKey.pemRepresentation,
                                                       keySource: "bench"))
        let k0 = Date()
        let others = try (0..<units).map { i in
            GovernmentUnit(code: "U\(i)", name: "单位\(i)", tier: .two, parent: nil, email: "u\(i)@gov.example", hotlineContact: nil,
                           leaderInCharge: .init(name: "甲\(i)", title: "副职", publicKeyPEM: try _RSA.Signing.PrivateKey(keySize: .bits2048)
                                .publicKey.pemRepresentation, keySource: "bench"),
                           principalLeader: .init(name: "乙\(i)", title: "正职", publicKeyPEM: try _RSA.Signing.PrivateKey(keySize: .bits2048)
                                .publicKey.pemRepresentation, keySource: "bench"))
        }
        let keySeconds = Date().timeIntervalSince(k0)
        // CG last: a search in registry order would try every other key first.
        let settings = FormSettings(intake: intake, centerHead: "周明", replyMailbox: "hotline@center.example",
                                    formSecret: Array("bench secret 0123456789".utf8),
                                    deadlines: try ClockSettings.shipped.unitDeadlines(zone: intake.timeZone),
                                    units: UnitsRegistry(units: others + [cg]))
        let store = try SQLiteCaseStore(path: (dir as NSString).appendingPathComponent("bench.sqlite"))
        let processor = IntakeProcessor(store: store, vault: vault, settings: intake, clock: SystemClock(), logger: quiet,
                                        nonce: IntakeProcessor.randomNonce)
        let mail = SyntheticMail(attachmentShare: 0)
        for i in 0..<forms {
            _ = try processor.process(IncomingMessage(key: SourceKey(source: "bench", key: "\(i)"), raw: mail.message(i)), role: .citizen)
        }
        let documents = try FormDocuments.load(templates: templates.map(TemplateSource.folder) ?? .shipped, signingKey: try _RSA.Signing.PrivateKey(keySize: .bits2048),
                                               timeZone: intake.timeZone)
        let desk = FormDesk(store: store, renderer: documents, settings: settings, clock: SystemClock(), nonce: IntakeProcessor.randomNonce)
        let schema = documents.xml.schema
        let formReader = FormXMLReader(schema: schema, casePrefix: intake.casePrefix, timeZone: intake.timeZone)
        let signer = XMLSigner(key: .rsa(leader))
        var replies: [IncomingMessage] = []
        var sheets: [[UInt8]] = []
        for (i, record) in try store.cases(CaseFilter(state: .registered)).enumerated() {
            let issued = try desk.assign(record.number, lead: "CG", assisting: [], clerk: "bench")
            guard let blank = issued.forms.last, case .feedback(var sheet) = try formReader.read(blank.xml, name: "blank").form else { continue }
            sheet.answer = Self.answer
            let signed = try signer.sign(Array(FormXMLWriter(timeZone: intake.timeZone).xml(.feedback(sheet)).utf8))
            sheets.append(signed)
            var composer = MailComposer(from: MailAddress(name: "城管局", address: "cg@gov.example"),
                                        to: [MailAddress(name: "", address: settings.replyAddress.address(for: record.number))],
                                        subject: "回复：交办单", date: Date(), messageID: "reply\(i)@cg.gov.example", text: "反馈见附件。")
            composer.attachments = [.init(filename: "\(blank.number).xml", contentType: "application/xml", data: signed)]
            replies.append(IncomingMessage(key: SourceKey(source: "units", key: "\(i)"), raw: composer.render()))
        }
        let n = replies.count
        guard n > 0 else { throw ValidationError("no reply was made") }

        let reader = FeedbackDocumentReader(schema: schema, casePrefix: intake.casePrefix, timeZone: intake.timeZone,
                                            units: settings.units)
        var valid = 0
        let r0 = Date()
        for s in sheets {
            let a = (StoredAttachment(originalName: "FK.xml", storedName: "x.xml", contentType: "application/xml", size: s.count,
                                      sha256: sha256Hex(s), partPath: "2"), s)
            if case .valid = reader.feedback(in: [a], role: .unitReplies).first?.signature { valid += 1 }
        }
        let readSeconds = Date().timeIntervalSince(r0)

        let replyProcessor = IntakeProcessor(store: store, vault: vault, settings: intake, clock: SystemClock(), logger: quiet,
                                             nonce: IntakeProcessor.randomNonce, returnPath: ReturnPath(settings: settings, reader: reader))
        let t0 = Date()
        for batch in stride(from: 0, to: n, by: 32).map({ Array(replies[$0..<min($0 + 32, n)]) }) {
            for r in replyProcessor.process(batch: batch, role: .unitReplies) { _ = try r.get() }
        }
        let intakeSeconds = Date().timeIntervalSince(t0)
        let accepted = try store.cases(CaseFilter(state: .awaitingReview)).count
        print("""
            signed feedback     \(n) sheets (\(sheets.map { $0.count }.reduce(0, +) / n) bytes each), signed with an RSA-2048 leader key
            registry            \(units + 1) units, \(2 * units + 1) pinned keys (made in \(String(format: "%.1f", keySeconds)) s, not counted)
            read + verify       \(rate(n, readSeconds)) sheets/s  (safe parse, XSD, exc-c14n, SHA-256, RSA; \(valid) valid)
            return path         \(rate(n, intakeSeconds)) replies/s  (parse mail, match, read, verify, §8 checks, state, events; group commit)
            accepted            \(accepted) of \(n) cases now awaiting review
            peak memory (RSS)   \(peakRSSMiB()) MiB
            """)
    }

    static var answer: FeedbackSheet.Answer {
        var a = FeedbackSheet.Answer()
        a.result = "您好：经查，已责令有关单位整改，问题已解决。"
        a.satisfaction = "满意"
        a.petitionerContact = "电话联系来信人，告知处理结果"
        a.responsibleUnit = "蚌埠市城市管理局"
        a.responsiblePerson = "刘建国"
        a.handlerName = "陈晓"
        a.handlerUnit = "蚌埠市城市管理局"
        a.handlerPhone = "0552-3012345"
        a.signOff = .init(name: "钱进", title: "局长")
        return a
    }
}
