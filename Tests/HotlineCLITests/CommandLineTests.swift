import Foundation
import XCTest

/// Runs the built `hotline` binary as a user would, on a copy of the sample mail (the test fixture
/// of the `inbox/` shipped for the main job).
final class CommandLineTests: XCTestCase {
    static var repo: URL { CLIWorkspace.repo }
    var workspace: CLIWorkspace!
    var work: String { workspace.work }

    override func setUpWithError() throws {
        workspace = try CLIWorkspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    @discardableResult
    func hotline(_ args: String..., status expected: Int32 = 0) throws -> String {
        try workspace.run(args, status: expected)
    }

    func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    /// `hotline init DIR` (issue 9, item 4): a commented hotline.toml that loads as it is, inbox/,
    /// outbox/ and the clerks' copies of the templates; run again, it keeps what is there.
    func testInitWritesANewCenterThatRunsAsItIs() throws {
        let made = try hotline("init", "center")
        for name in ["hotline.toml", "templates/feedback.fodt", "templates/assignment.fodt", "templates/README.md"] {
            XCTAssertTrue(made.contains("written  center/\(name)"), made)
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: work + "/center/outbox"))
        let toml = try String(contentsOfFile: work + "/center/hotline.toml", encoding: .utf8)
        XCTAssertTrue(toml.contains("# [[mailbox]]") && toml.contains("templates = \"templates\""), toml)
        // A clerk's edit of the copy is what is checked and used.
        let check = try hotline("templates", "check", "--config", "center/hotline.toml")
        XCTAssertTrue(check.contains("center/templates/feedback.fodt: ok"), check)
        for name in ["01-noise-complaint-foxmail-gb2312.eml", "02-water-outage-outlook-gbk-photo.eml"] {
            try FileManager.default.copyItem(atPath: work + "/inbox/" + name, toPath: work + "/center/inbox/" + name)
        }
        let pass = try hotline("run", "--config", "center/hotline.toml")
        XCTAssertTrue(pass.contains("fetched=2 new_cases=2"), pass)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: work + "/center/outbox").filter { $0.hasSuffix(".eml") }.count, 2)
        try "edited".write(toFile: work + "/center/templates/README.md", atomically: true, encoding: .utf8)
        let again = try hotline("init", "center")
        XCTAssertTrue(again.contains("kept     center/hotline.toml") && !again.contains("written"), again)
        XCTAssertEqual(try String(contentsOfFile: work + "/center/templates/README.md", encoding: .utf8), "edited")
    }

    /// The sample inbox the tests read is what scripts/make-sample-inbox.py writes (and ships in inbox/).
    func testTheSampleFixtureIsWhatTheGeneratorWrites() throws {
        let out = work + "/generated"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = [Self.repo.path + "/scripts/make-sample-inbox.py", out]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        XCTAssertEqual(names, try FileManager.default.contentsOfDirectory(atPath: CLIWorkspace.samples).sorted())
        for name in names {
            XCTAssertEqual(FileManager.default.contents(atPath: out + "/" + name),
                           FileManager.default.contents(atPath: CLIWorkspace.samples + "/" + name), name)
        }
    }

    func testTheSampleInboxOnTheEmbeddedDefault() throws {
        let pass = try hotline("run")
        XCTAssertTrue(pass.contains("fetched=14 new_cases=10 replies=1 duplicates=1 automatic=2 holding=0 quarantined=0"), pass)
        XCTAssertTrue(pass.contains("sent=10 send_failures=0"), pass)

        let cases = try XCTUnwrap(try json(try hotline("cases", "--json")) as? [[String: Any]])
        XCTAssertEqual(cases.count, 10)
        func field(_ n: String, _ f: String) -> Any? {
            let c = cases.first { $0["number"] as? String == n }
            return (c?[f] as? [String: Any])?["value"] ?? c?[f]
        }
        XCTAssertEqual(field("BB20261128-0001", "kind") as? String, "complaint")
        XCTAssertEqual(field("BB20261128-0002", "handling_class") as? String, "general-emergency")
        XCTAssertEqual(field("BB20261128-0003", "kind") as? String, "consultation")
        XCTAssertEqual(field("BB20261128-0004", "kind") as? String, "suggestion")
        XCTAssertEqual(field("BB20261128-0005", "state") as? String, "guided")
        XCTAssertEqual(field("BB20261128-0006", "handling_class") as? String, "major-emergency")
        XCTAssertEqual(field("BB20261128-0006", "key_matter") as? Bool, true)
        XCTAssertEqual(field("BB20261128-0008", "kind") as? String, "report")
        XCTAssertEqual(field("BB20261128-0009", "kind") as? String, "criticism")
        XCTAssertEqual(field("BB20261128-0010", "handling_class") as? String, "general-emergency")
        let web = try XCTUnwrap(cases.first { $0["number"] as? String == "BB20261128-0009" })
        let petitioner = try XCTUnwrap(web["petitioner"] as? [String: Any])
        XCTAssertEqual(petitioner["name"] as? String, "黄丽")
        XCTAssertEqual(petitioner["email"] as? String, "huangli0521@example.com")

        // Case 1 carries the citizen's follow-up (07) as a reply event.
        let show = try XCTUnwrap(try json(try hotline("case", "show", "BB20261128-0001", "--json")) as? [String: Any])
        let events = try XCTUnwrap(show["events"] as? [[String: Any]])
        // The sample mail was written on 28 November and is taken in today: the front office's 1 hour
        // (a complex matter) had long passed — the clock says so, and the alert is on record (no duty
        // address is configured on the embedded default); the back office's clock runs from registration.
        XCTAssertEqual(events.map { $0["type"] as? String },
                       ["registered", "acknowledgement-queued", "reply-received", "clock-met", "clock-started", "alert-queued"])
        let met = try XCTUnwrap(events[3]["data"] as? [String: String])
        XCTAssertEqual(met["stage"], "front")
        XCTAssertEqual(met["rule"], "front.complex")
        XCTAssertEqual(met["late"], "true")
        XCTAssertEqual((events[4]["data"] as? [String: String])?["rule"], "back.routine-dispatch")
        XCTAssertEqual((events[5]["data"] as? [String: String])?["action"], "front.alert.0")

        // The malformed GBK message (11) is a case, with its defects on record and its attachment kept.
        let eleven = try XCTUnwrap(try json(try hotline("case", "show", "BB20261128-0007", "--json")) as? [String: Any])
        XCTAssertEqual((eleven["events"] as? [[String: Any]])?.contains { $0["type"] as? String == "mail-defects" }, true)
        XCTAssertEqual((eleven["attachments"] as? [Any])?.count, 1)
        XCTAssertTrue((eleven["subject"] as? String ?? "").contains("老人"), "\(eleven["subject"] ?? "")")

        // Acknowledgements in the outbox; the inbox emptied into processed/.
        let out = try FileManager.default.contentsOfDirectory(atPath: work + "/outbox").filter { $0.hasSuffix(".eml") }
        XCTAssertEqual(out.count, 10)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: work + "/inbox/processed").count, 14)

        // A second run takes nothing in twice.
        XCTAssertTrue(try hotline("run").contains("fetched=0"))
        let log = try hotline("intake")
        XCTAssertTrue(log.contains("case=10 reply=1 duplicate=1 automatic=2 quarantined=0 holding=0"), log)

        // The clerk's override.
        try hotline("case", "set", "BB20261128-0004", "--class", "routine", "--clerk", "李明", "--reason", "普通建议")
        let after = try hotline("case", "show", "BB20261128-0004")
        XCTAssertTrue(after.contains("clerk: 李明 — 普通建议"), after)
        XCTAssertTrue(after.contains("override"), after)
        // Refused by the store (65): the same change twice, a case that does not exist; a usage mistake is 64.
        let twice = try hotline("case", "set", "BB20261128-0004", "--class", "routine", "--clerk", "李明", status: 65)
        XCTAssertTrue(twice.contains("class is already routine"), twice)
        XCTAssertTrue(try hotline("case", "show", "BB20261128-0099", status: 65).contains("no case BB20261128-0099"))
        try hotline("case", "set", "BB20261128-0004", "--clerk", "李明", status: 64)
        try hotline("case", "set", "BB20261128-0004", "--class", "complex", "--clerk", " ", status: 64)

        let filtered = try XCTUnwrap(try json(try hotline("cases", "--json", "--kind", "complaint")) as? [[String: Any]])
        XCTAssertEqual(filtered.map { $0["number"] as? String }, ["BB20261128-0001", "BB20261128-0010"])
        XCTAssertTrue(try hotline("cases", "--since", "2026-11-29").contains("0 cases"))
    }

    func testInspectPrintsTheCorpusFields() throws {
        let out = try hotline("inspect", "inbox/02-water-outage-outlook-gbk-photo.eml")
        let j = try XCTUnwrap(try json(out) as? [String: Any])
        let parts = try XCTUnwrap(j["parts"] as? [[String: Any]])
        XCTAssertEqual(parts.count, 2)
        XCTAssertEqual(parts[1]["filename"] as? String, "现场照片.jpg")
        for key in ["from", "to", "subject", "date", "message_id", "defects"] { XCTAssertNotNil(j[key], key) }
        try hotline("inspect", "no-such-file.eml", status: 64)
    }

    func testEveryCommandHasHelp() throws {
        for args in [["--help"], ["run", "--help"], ["inspect", "--help"], ["cases", "--help"], ["case", "--help"],
                     ["case", "show", "--help"], ["case", "set", "--help"], ["intake", "--help"], ["bench", "--help"], ["outbox", "--help"], ["units", "--help"], ["bench-mail", "--help"], ["assign", "--help"], ["supervise", "--help"], ["approve-request", "--help"], ["templates", "check", "--help"]] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: CLIWorkspace.binary)
            p.arguments = args
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            XCTAssertEqual(p.terminationStatus, 0, args.joined(separator: " "))
            XCTAssertTrue(text.contains("USAGE:"), args.joined(separator: " "))
        }
    }

    func testAConfigurationMistakeIsAClearError() throws {
        try "[center]\ncase_prefx = \"BB\"\n".write(toFile: work + "/hotline.toml", atomically: true, encoding: .utf8)
        let out = try hotline("run", status: 64)
        XCTAssertTrue(out.contains("unknown keys: center.case_prefx"), out)
    }
}
