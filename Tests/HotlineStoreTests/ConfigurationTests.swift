import Foundation
import HotlineCore
import HotlineStore
import _CryptoExtras
import XCTest

final class ConfigurationTests: XCTestCase {
    var dir = ""

    override func setUp() {
        dir = NSTemporaryDirectory() + "hotline-config-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func load(_ text: String) throws -> HotlineConfiguration {
        try text.write(toFile: dir + "/hotline.toml", atomically: true, encoding: .utf8)
        return try HotlineConfiguration.load(path: dir + "/hotline.toml", required: true)
    }

    func testNoFileMeansTheEmbeddedDefault() throws {
        let c = try HotlineConfiguration.load(path: dir + "/absent.toml", required: false)
        XCTAssertEqual(c.folders.map(\.name), ["inbox"])
        XCTAssertTrue(c.storePath.hasSuffix("store/hotline.sqlite"))
        XCTAssertEqual(c.settings.casePrefix, "BB")
        XCTAssertThrowsError(try HotlineConfiguration.load(path: dir + "/absent.toml", required: true))
    }

    func testTheOperatorsFileFromIssue3Parses() throws {
        let c = try load("""
            [store]
            path = "hotline.sqlite"

            [[mailbox]]
            name = "citizens"
            role = "citizen"            # citizen | fax | unit-replies | provincial
            url = "imap://127.0.0.1:10143/INBOX"   # STARTTLS required; or imaps://host:port/INBOX
            user = "tester"
            password_env = "HOTLINE_IMAP_PASSWORD"
            ca_file = "certs/ca.pem"
            processed_folder = "Processed"

            [smtp]
            url = "smtp://127.0.0.1:10025"          # STARTTLS required; or smtps://
            user = "tester"
            password_env = "HOTLINE_SMTP_PASSWORD"
            ca_file = "certs/ca.pem"
            from = "mayor-mailbox@hotline.example"
            """)
        XCTAssertEqual(c.storePath, dir + "/hotline.sqlite")
        XCTAssertEqual(c.mailboxes.map(\.name), ["citizens"])
        XCTAssertEqual(c.mailboxes.first?.password, .environment("HOTLINE_IMAP_PASSWORD"))
        XCTAssertEqual(c.mailboxes.first?.caFile, dir + "/certs/ca.pem")
        XCTAssertEqual(c.mailboxes.first?.processedFolder, "Processed")
        XCTAssertEqual(c.mailboxes.first?.quarantineFolder, "Quarantine")
        XCTAssertEqual(c.smtp?.url, "smtp://127.0.0.1:10025")
        XCTAssertEqual(c.smtp?.password, .environment("HOTLINE_SMTP_PASSWORD"))
        XCTAssertEqual(try c.smtp?.password?.read(environment: ["HOTLINE_SMTP_PASSWORD": "s3"]), "s3")
        XCTAssertThrowsError(try c.smtp?.password?.read(environment: [:]))
        XCTAssertEqual(c.settings.fromAddress.address, "mayor-mailbox@hotline.example")
        XCTAssertTrue(c.folders.isEmpty)
    }

    func testEveryCenterAndRuleKey() throws {
        let c = try load("""
            [center]
            name = "蚌埠市市长热线服务中心"
            case_prefix = "bb"
            time_zone = "Asia/Shanghai"
            from = "hotline@bengbu.example"
            from_name = "蚌埠市长信箱"

            [[folder]]
            name = "fax"
            path = "fax-in"
            role = "fax"
            processed_folder = "done"

            [outbox]
            path = "out"

            [limits]
            max_message_bytes = 1000000
            max_parts = 50

            [rules]
            default_kind = "consultation"
            key_matter = ["群体"]
            [rules.kinds]
            complaint = ["不满"]
            [rules.emergencies]
            general-emergency = ["停水"]
            [rules.class_by_kind]
            consultation = "complex"
            [[rules.out_of_scope]]
            category = "petition"
            keywords = ["信访"]
            guidance = "信访部门"
            """)
        XCTAssertEqual(c.settings.casePrefix, "BB")
        XCTAssertEqual(c.settings.centerName, "蚌埠市市长热线服务中心")
        XCTAssertEqual(c.settings.fromAddress.name, "蚌埠市长信箱")
        XCTAssertEqual(c.folders.first?.role, .fax)
        XCTAssertEqual(c.folders.first?.processedFolder, dir + "/fax-in/done")
        XCTAssertEqual(c.outboxPath, dir + "/out")
        XCTAssertEqual(c.settings.maxMessageBytes, 1_000_000)
        XCTAssertEqual(c.settings.parseLimits.maxParts, 50)
        XCTAssertEqual(c.settings.rules.defaultKind, .consultation)
        XCTAssertEqual(c.settings.rules.kinds.first { $0.value == .complaint }?.keywords, ["不满"])
        XCTAssertEqual(c.settings.rules.classByKind[.consultation], .complex)
        XCTAssertEqual(c.settings.rules.outOfScope.map(\.category), ["petition"])
    }

    func testTheUnitsRegistryReadsKeysFromFiles() throws {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        try FileManager.default.createDirectory(atPath: dir + "/keys", withIntermediateDirectories: true)
        try key.publicKey.pemRepresentation.write(toFile: dir + "/keys/zhang.pem", atomically: true, encoding: .utf8)
        let c = try load("""
            [[unit]]
            code = "BSQ"
            name = "蚌山区人民政府"
            tier = 2
            email = "hotline@bsq.gov.example"
            hotline_contact = "0552-2000000"
            leader_in_charge = { name = "张明", title = "副区长", public_key = "keys/zhang.pem" }
            principal_leader = { name = "李强", title = "区长", public_key = "keys/missing.pem", email = "li@bsq.gov.example" }

            [[unit]]
            code = "BSQ-NS"
            name = "南山街道办事处"
            tier = 3
            parent = "BSQ"
            email = "ns@bsq.gov.example"
            [unit.leader_in_charge]
            name = "王芳"
            title = "副主任"
            public_key = "keys/zhang.pem"
            """)
        XCTAssertEqual(c.units.units.map(\.code), ["BSQ", "BSQ-NS"])
        XCTAssertEqual(c.units.unit("BSQ")?.leaderInCharge?.publicKeyPEM, key.publicKey.pemRepresentation)
        XCTAssertEqual(c.units.unit("BSQ")?.principalLeader?.email, "li@bsq.gov.example", "copied on an escalated sheet")
        XCTAssertNil(c.units.unit("BSQ")?.leaderInCharge?.email)
        let problems = c.units.problems().map(\.description)
        XCTAssertEqual(problems.count, 2, "\(problems)")
        XCTAssertTrue(problems.contains { $0.hasPrefix("BSQ: principal leader 李强 has no signing key (cannot read") }, "\(problems)")
        XCTAssertTrue(problems.contains { $0 == "BSQ-NS: no principal leader (RULES §8.1)" }, "\(problems)")
        XCTAssertThrowsError(try load("[[unit]]\ncode = \"X\"\nname = \"x\"\ntier = 4\nemail = \"a@b.c\"")) {
            XCTAssertTrue("\($0)".contains("tier must be 2 or 3"), "\($0)")
        }
    }

    func testTheClocksKeys() throws {
        let c = try load("""
            [clock]
            reminder_share = 0.6
            duty_address = "duty@center.example"
            center_head_address = "zhou@center.example"
            """)
        XCTAssertEqual(c.clock.reminderShare, 0.6)
        XCTAssertEqual(c.clock.dutyAddress, "duty@center.example")
        XCTAssertEqual(c.clock.centerHeadAddress, "zhou@center.example")
        XCTAssertEqual(try c.clock.clockRules(zone: c.settings.timeZone, batchMinutes: [690]).reminderShare, 0.6)
        XCTAssertEqual(try load("").clock.reminderShare, 0.75)
        for (bad, says) in [("reminder_share = 1.5", "reminder_share"), ("reminder_share = 0", "reminder_share"),
                            ("duty_address = \"duty\"", "clock.duty_address"), ("center_head_address = \"a b@c.d\"", "center_head_address")] {
            XCTAssertThrowsError(try load("[clock]\n" + bad)) { XCTAssertTrue("\($0)".contains(says), "\(bad): \($0)") }
        }
    }

    func testMistakesAreClearErrors() throws {
        let table: [(String, String)] = [
            ("[center]\ncase_prefx = \"BB\"", "unknown keys: center.case_prefx"),
            ("[center]\ncase_prefix = \"B-1\"", "case_prefix"),
            ("[center]\ntime_zone = \"Mars/Olympus\"", "unknown zone"),
            ("[[folder]]\npath = \"in\"\nrole = \"citizens\"", "folder[0].role"),
            ("[rules.kinds]\ngossip = [\"x\"]", "unknown kind"),
            ("[store\npath = 1", "hotline.toml"),
            ("[[mailbox]]\nname = \"a\"\nurl = \"imap://h/INBOX\"\nuser = \"u\"", "password_env or password_file"),
            ("[[mailbox]]\nname = \"a\"\nurl = \"imap://h/INBOX\"\npassword_env = \"P\"", "user is required"),
            ("[[mailbox]]\nname = \"a\"\nurl = \"imap://h/INBOX\"\nuser = \"u\"\npassword = \"x\"", "unknown keys"),
        ]
        for (text, needle) in table {
            XCTAssertThrowsError(try load(text), text) { error in
                XCTAssertTrue("\(error)".contains(needle), "\(text): \(error)")
            }
        }
    }
}
