import Foundation
import HotlineCore
import HotlineStore
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
