import Foundation
import HotlineDocuments
import HotlineMail
import HotlineXML
import XCTest

/// `hotline assign`, `supervise`, `approve-request` and `templates check` as a clerk runs them, on
/// the sample inbox: files under outbox/forms/<case>/, a signature that verifies with the
/// configured key, the schema, the ODF package, dispatch batches, and the mail units receive.
final class FormCommandTests: XCTestCase {
    var cli: CLIWorkspace!

    override func setUpWithError() throws {
        cli = try CLIWorkspace()
        let work = cli.work
        let openssl = try XCTUnwrap(["/usr/bin/openssl", "/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) })
        try FileManager.default.createDirectory(atPath: work + "/keys", withIntermediateDirectories: true)
        for (args, label) in [(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "keys/center.pem"], "genpkey"),
                              (["pkey", "-in", "keys/center.pem", "-pubout", "-out", "keys/center-pub.pem"], "pubout")] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: openssl)
            p.arguments = args
            p.currentDirectoryURL = URL(fileURLWithPath: work)
            try p.run()
            p.waitUntilExit()
            XCTAssertEqual(p.terminationStatus, 0, label)
        }
        try """
            [center]
            name = "蚌埠市市长热线服务中心"
            head = "周明"
            reply_address = "hotline@center.example"
            signing_key = "keys/center.pem"
            form_secret_env = "HOTLINE_TEST_FORM_SECRET"

            [approval]
            leader_name = "王市长"
            leader_email = "leader@gov.example"

            [forms]
            templates = "\(CLIWorkspace.repo.path)/templates"
            pdf = false

            [[unit]]
            code = "CG"
            name = "蚌埠市城市管理局"
            tier = 2
            email = "hotline@cg.gov.example"

            [[unit]]
            code = "BSQ"
            name = "蚌山区人民政府"
            tier = 2
            email = "hotline@bsq.gov.example"
            """.write(toFile: work + "/hotline.toml", atomically: true, encoding: .utf8)
        setenv("HOTLINE_TEST_FORM_SECRET", "a test secret of enough length", 1)
    }

    override func tearDown() { cli.remove() }

    func testAssignWritesSignedFormsAndQueuesTheMailForTheRightTime() throws {
        try cli.run(["run"])
        // BB20261128-0002 is a general emergency (停水): it goes at once. -0001 is a routine complaint.
        let out = try cli.run(["assign", "BB20261128-0002", "--unit", "CG", "--assist", "BSQ", "--clerk", "李文"])
        XCTAssertTrue(out.contains("JB2026-00001  交办单"), out)
        XCTAssertTrue(out.contains("to go at once"), out)
        let folder = cli.work + "/outbox/forms/BB20261128-0002/"
        let xml = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "JB2026-00001-交办单.xml")))
        let pub = try String(contentsOfFile: cli.work + "/keys/center-pub.pem", encoding: .utf8)
        let verifier = XMLSignatureVerifier(pinnedKeys: [try PinnedKey(label: "center", pem: pub)])
        XCTAssertTrue(verifier.verify(xml, name: "JB").isValid)
        let schema = try XMLSchema(xsd: [UInt8](Data(contentsOf: CLIWorkspace.repo.appendingPathComponent("templates/forms.xsd"))))
        XCTAssertEqual(schema.violations(in: try XMLTree(parsing: xml)), [])
        let odt = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "FK2026-00001-反馈单.odt")))
        XCTAssertEqual(ODFPackageReader.firstLocalHeader(odt)?.path, "mimetype")
        let content = String(decoding: try ODFPackageReader(bytes: odt).read("content.xml"), as: UTF8.self)
        XCTAssertTrue(content.contains("BB20261128-0002"))

        let routine = try cli.run(["assign", "BB20261128-0001", "--unit", "BSQ", "--clerk", "李文"])
        XCTAssertTrue(routine.contains("with the dispatch batch of"), routine)
        let pass = try cli.run(["run"])
        XCTAssertTrue(pass.contains("sent=1 "), "only the emergency goes now: \(pass)")
        let outbox = try cli.run(["outbox"])
        XCTAssertTrue(outbox.contains("with the dispatch batch of"), outbox)

        let sent = try FileManager.default.contentsOfDirectory(atPath: cli.work + "/outbox").filter { $0.contains(".assignment.") }
        XCTAssertEqual(sent.count, 1, "\(sent)")
        let mail = MailParser.parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: cli.work + "/outbox/" + sent[0]))))
        XCTAssertEqual(mail.subject?.hasPrefix("【交办单】[BB20261128-0002]"), true)
        XCTAssertEqual(mail.to?.map(\.address), ["hotline@cg.gov.example"])
        XCTAssertEqual(mail.cc?.map(\.address), ["hotline@bsq.gov.example"])
        XCTAssertEqual(mail.replyTo?.first?.address.hasPrefix("hotline+bb20261128-0002."), true)
        XCTAssertEqual(mail.attachments.map { $0.part.filename ?? "" },
                       ["JB2026-00001-交办单.xml", "JB2026-00001-交办单.odt", "FK2026-00001-反馈单.xml", "FK2026-00001-反馈单.odt"])
        XCTAssertEqual(mail.attachments.first?.part.decodedBody(), xml, "the mail carries the very bytes that were signed")

        let show = try cli.run(["case", "show", "BB20261128-0002"])
        XCTAssertTrue(show.contains("state       assigned"), show)
        XCTAssertTrue(show.contains("JB2026-00001  交办单  to CG,BSQ"), show)
        XCTAssertTrue(show.contains("form-issued"), show)

        // The files are a copy: lost, they are written again from the exact bytes stored.
        try FileManager.default.removeItem(atPath: folder)
        let export = try cli.run(["forms", "export", "BB20261128-0002"])
        XCTAssertTrue(export.contains("JB2026-00001-交办单.odt"), export)
        XCTAssertEqual(try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "JB2026-00001-交办单.xml"))), xml)
        let list = try cli.run(["forms", "BB20261128-0002"])
        XCTAssertTrue(list.contains("FK2026-00001  反馈单") && list.contains("answers JB2026-00001"), list)

        let sup = try cli.run(["supervise", "BB20261128-0002", "--reason", "逾期未反馈", "--clerk", "李文"])
        XCTAssertTrue(sup.contains("DB2026-00001  督办单"), sup)
        let refused = try cli.run(["approve-request", "BB20261128-0003", "--proposal", "建议", "--clerk", "李文"], status: 65)
        XCTAssertTrue(refused.contains("is not a key matter"), refused)
        let unknown = try cli.run(["assign", "BB20261128-0004", "--unit", "NOPE", "--clerk", "李文"], status: 64)
        XCTAssertTrue(unknown.contains("no unit NOPE"), unknown)
    }

    func testTheEmbeddedDefaultCreatesTheCenterKeyOnFirstUseAndWritesPDFs() throws {
        try FileManager.default.removeItem(atPath: cli.work + "/hotline.toml")
        try """
            [forms]
            templates = "\(CLIWorkspace.repo.path)/templates"

            [[unit]]
            code = "CG"
            name = "蚌埠市城市管理局"
            tier = 2
            email = "hotline@cg.gov.example"
            """.write(toFile: cli.work + "/hotline.toml", atomically: true, encoding: .utf8)
        try cli.run(["run"])
        try cli.run(["assign", "BB20261128-0001", "--unit", "CG", "--clerk", "李文"])
        for name in ["center-signing-key.pem", "form-secret"] {
            let attrs = try FileManager.default.attributesOfItem(atPath: cli.work + "/store/keys/" + name)
            XCTAssertEqual((attrs[.posixPermissions] as? NSNumber)?.intValue, 0o600, name)
        }
        // With LibreOffice installed (CI installs it), each form also gets a PDF beside its ODT.
        let soffice = ["/usr/bin/soffice", "/usr/local/bin/soffice", "/usr/bin/libreoffice"].contains {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: cli.work + "/outbox/forms/BB20261128-0001").sorted()
        XCTAssertEqual(files.filter { $0.hasSuffix(".pdf") },
                       soffice ? ["FK2026-00001-反馈单.pdf", "JB2026-00001-交办单.pdf"] : [], "\(files)")
        for pdf in files where pdf.hasSuffix(".pdf") {
            let head = FileManager.default.contents(atPath: cli.work + "/outbox/forms/BB20261128-0001/" + pdf)?.prefix(5)
            XCTAssertEqual(head.map { String(decoding: $0, as: UTF8.self) }, "%PDF-", pdf)
        }
    }

    func testAShortConfiguredFormSecretIsRefused() throws {
        try cli.run(["run"])
        setenv("HOTLINE_TEST_FORM_SECRET", "short", 1)
        defer { setenv("HOTLINE_TEST_FORM_SECRET", "a test secret of enough length", 1) }
        let out = try cli.run(["assign", "BB20261128-0002", "--unit", "CG", "--clerk", "李文"], status: 1)
        XCTAssertTrue(out.contains("16 or more are required"), out)
    }

    func testTheShippedExampleConfigurationIssuesForms() throws {
        try FileManager.default.removeItem(atPath: cli.work + "/hotline.toml")
        let example = try String(contentsOfFile: CLIWorkspace.repo.path + "/hotline.example.toml", encoding: .utf8)
        try (example + "\n[forms]\ntemplates = \"\(CLIWorkspace.repo.path)/templates\"\npdf = false\n")
            .write(toFile: cli.work + "/hotline.toml", atomically: true, encoding: .utf8)
        try cli.run(["run"])
        XCTAssertTrue(try cli.run(["assign", "BB20261128-0002", "--unit", "WATER", "--assist", "HQ", "--clerk", "李文"]).contains("JB2026-00001"))
        XCTAssertTrue(try cli.run(["approve-request", "BB20261128-0006", "--proposal", "建议由燃气公司立即处置。", "--unit", "GAS",
                                   "--clerk", "李文"]).contains("CP2026-00001"))
        XCTAssertTrue(try cli.run(["units"], status: 1).contains("has no signing key"), "the example says so")
    }

    func testTemplatesCheckFindsWhatAClerkBroke() throws {
        let ok = try cli.run(["templates", "check", "--config", cli.work + "/hotline.toml"])
        XCTAssertEqual(ok.components(separatedBy: ": ok").count - 1, 4, ok)
        var text = try String(contentsOfFile: CLIWorkspace.repo.path + "/templates/assignment.fodt", encoding: .utf8)
        text = text.replacingOccurrences(of: "text:name=\"case_number\"/>", with: "text:name=\"case_numbr\"/>")
        text = text.replacingOccurrences(of: "</office:text>", with: "<text:p>{{deadline}}</text:p></office:text>")
        try text.write(toFile: cli.work + "/assignment-edited.fodt", atomically: true, encoding: .utf8)
        let bad = try cli.run(["templates", "check", "assignment-edited.fodt"], status: 1)
        XCTAssertTrue(bad.contains("case_numbr"), bad)
        XCTAssertTrue(bad.contains("{{deadline}}"), bad)
    }

    /// The clock as a clerk sees it (issue 11, items 4–6): `case show` explains each clock, `due`
    /// lists what falls due by unit, `clock hold` and `release` stop and restart it, each an event.
    func testDueListsTheClocksAndAHoldTakesACaseOffIt() throws {
        try cli.run(["run"])
        // The water outage (a general emergency) to CG: the unit has 1 day of 24 hours from now.
        try cli.run(["assign", "BB20261128-0002", "--unit", "CG", "--clerk", "李文"])
        let show = try cli.run(["case", "show", "BB20261128-0002"])
        XCTAssertTrue(show.contains("clocks\n"), show)
        XCTAssertTrue(show.contains("  unit: due ") && show.contains("unit.emergency (emergency), 1 days from "), show)
        XCTAssertTrue(show.contains("  back office: due ") && show.contains("back.general-emergency"), show)
        XCTAssertTrue(show.contains("(calendar cn-2025-2026-"), show)

        func listed(_ args: [String]) throws -> [[String: Any]] {
            let out = try cli.run(["due", "--json"] + args)
            return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]], out)
        }
        let due = try listed(["--within", "2d", "--unit", "CG"])
        XCTAssertEqual(due.count, 1, "\(due)")
        XCTAssertEqual(due.first?["case"] as? String, "BB20261128-0002")
        XCTAssertEqual(due.first?["stage"] as? String, "unit")
        XCTAssertEqual(due.first?["rule"] as? String, "unit.emergency")
        XCTAssertEqual(due.first?["overdue"] as? Bool, false)
        XCTAssertTrue((due.first?["left"] as? String)?.hasSuffix(" left") == true, "\(due)")
        let seconds = try XCTUnwrap(due.first?["left_seconds"] as? Double)
        XCTAssertTrue(seconds > 23 * 3_600 && seconds <= 24 * 3_600, "\(seconds)")
        let text = try cli.run(["due", "--within", "2d"])
        XCTAssertTrue(text.contains("CG 蚌埠市城市管理局\n  due     BB20261128-0002  unit  "), text)
        XCTAssertTrue(try listed(["--within", "1m", "--unit", "CG"]).isEmpty, "not due within a minute")
        try cli.run(["due", "--within", "soon"], status: 64)

        let held = try cli.run(["clock", "hold", "BB20261128-0002", "--reason", "等待供水管网抢修方案", "--clerk", "李文"])
        XCTAssertTrue(held.contains("clock held"), held)
        XCTAssertTrue(try listed(["--within", "2d", "--unit", "CG"]).isEmpty, "a held clock is not running")
        try cli.run(["clock", "hold", "BB20261128-0002", "--reason", "again", "--clerk", "李文"], status: 65)
        let released = try cli.run(["clock", "release", "BB20261128-0002", "--clerk", "李文"])
        XCTAssertTrue(released.contains("clock released") && released.contains("given back"), released)
        XCTAssertEqual(try listed(["--within", "2d", "--unit", "CG"]).count, 1)
        try cli.run(["clock", "release", "BB20261128-0002", "--clerk", "李文"], status: 65)

        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try cli.run(["case", "show", "BB20261128-0002", "--json"]).utf8))
            as? [String: Any])
        let types = (json["events"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String }
        for t in ["clock-started", "clock-hold", "clock-held", "clock-release", "clock-released"] {
            XCTAssertTrue(types.contains(t), "\(t) in \(types)")
        }
    }
}
