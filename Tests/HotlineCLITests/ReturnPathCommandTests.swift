import _CryptoExtras
import Foundation
import HotlineCore
import HotlineDocuments
import HotlineMail
import HotlineTestSupport
import HotlineXML
import XCTest

/// The return path as the center runs it (issue 5): a unit answers the assignment with the
/// feedback sheet it received, filled in and signed by its principal leader's registered key; the
/// reply lands in the unit-replies folder; `hotline run` matches it, verifies it, checks it and
/// moves the case; a clerk reviews. A deficient sheet comes back as a return notice (退单); a
/// stranger's mail waits in the holding queue until a clerk attaches it.
final class ReturnPathCommandTests: XCTestCase {
    var cli: CLIWorkspace!
    static let principal = try! _RSA.Signing.PrivateKey(keySize: .bits2048)

    override func setUpWithError() throws {
        cli = try CLIWorkspace()
        try FileManager.default.createDirectory(atPath: cli.work + "/units", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: cli.work + "/keys", withIntermediateDirectories: true)
        try Self.principal.publicKey.pemRepresentation.write(toFile: cli.work + "/keys/cg-principal.pem", atomically: true, encoding: .utf8)
        try """
            [center]
            reply_address = "hotline@center.example"

            [forms]
            pdf = false

            [[folder]]
            name = "inbox"
            path = "inbox"
            role = "citizen"

            [[folder]]
            name = "units"
            path = "units"
            role = "unit-replies"

            [[unit]]
            code = "CG"
            name = "蚌埠市城市管理局"
            tier = 2
            email = "hotline@cg.gov.example"
            leader_in_charge = { name = "孙立", title = "副局长" }
            principal_leader = { name = "钱进", title = "局长", public_key = "keys/cg-principal.pem" }
            """.write(toFile: cli.work + "/hotline.toml", atomically: true, encoding: .utf8)
    }

    override func tearDown() { cli.remove() }

    /// The blank feedback sheet the unit received, filled in and signed with the principal leader's key.
    func answeredSheet(case number: String, edit: (inout FeedbackSheet.Answer) -> Void = { _ in }) throws -> [UInt8] {
        let blank = try [UInt8](Data(contentsOf: URL(fileURLWithPath: cli.work + "/outbox/forms/\(number)/FK2026-00001-反馈单.xml")))
        var a = FeedbackSheet.Answer.complete(result: "孙立伟您好：经查，系供水管网维修所致，现已恢复供水。",
                                              petitionerContact: "电话联系孙立伟，告知处理结果", handlerUnit: "蚌埠市城市管理局")
        edit(&a)
        return try AnsweredFeedbackSheet.signed(blank: blank, answer: a, key: Self.principal, schema: try ShippedForms.compiledSchema())
    }

    /// The unit's reply, to the address the assignment mail gave in Reply-To.
    func reply(_ name: String, replyTo: String, from: String = "hotline@cg.gov.example", subject: String = "回复：交办单",
               attachment: [UInt8]?) throws {
        var text = "From: <\(from)>\r\nTo: <\(replyTo)>\r\nSubject: \(subject)\r\nMessage-ID: <\(name)@cg.gov.example>\r\n"
            + "Date: Tue, 1 Dec 2026 10:00:00 +0800\r\nMIME-Version: 1.0\r\n"
        if let attachment {
            text += "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n反馈见附件。\r\n"
                + "--b\r\nContent-Type: application/xml\r\nContent-Disposition: attachment; filename=\"FK2026-00001.xml\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + Data(attachment).base64EncodedString(options: .lineLength76Characters)
                + "\r\n--b--\r\n"
        } else {
            text += "Content-Type: text/plain; charset=utf-8\r\n\r\n请问这件事怎么处理？\r\n"
        }
        try text.write(toFile: cli.work + "/units/\(name).eml", atomically: true, encoding: .utf8)
    }

    func replyAddress() throws -> String {
        let sent = try FileManager.default.contentsOfDirectory(atPath: cli.work + "/outbox").first { $0.contains(".assignment.") }
        let mail = MailParser.parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: cli.work + "/outbox/" + XCTUnwrap(sent)))))
        return try XCTUnwrap(mail.replyTo?.first?.address)
    }

    /// Installed on its own (issue 9, item 4): the binary copied alone, run in a center's folder
    /// that has no templates/ and no checkout nearby, issues the forms and reads, verifies and
    /// checks the unit's signed sheet — the schema and templates are in the program.
    func testInstalledOnItsOwnTheBinaryIssuesFormsAndChecksTheUnitsSheet() throws {
        try cli.installAlone()
        XCTAssertFalse(FileManager.default.fileExists(atPath: cli.work + "/templates"))
        XCTAssertTrue(try cli.run(["templates", "check"]).contains("(shipped) feedback.fodt: ok"))
        try cli.run(["run"])
        let n = "BB20261128-0002"
        try cli.run(["case", "set", n, "--class", "major-emergency", "--clerk", "李文"])
        try cli.run(["assign", n, "--unit", "CG", "--clerk", "李文"])
        try cli.run(["run"])
        try reply("alone", replyTo: try replyAddress(), attachment: try answeredSheet(case: n))
        try cli.run(["run"])
        let show = try cli.run(["case", "show", n])
        XCTAssertTrue(show.contains("feedback-accepted") && show.contains("state       awaiting-review"), show)
    }

    /// A configured templates folder that is not there is a configuration error, never a notice
    /// that quietly turns the return path off.
    func testAMissingConfiguredTemplatesFolderIsAnError() throws {
        let config = try String(contentsOfFile: cli.work + "/hotline.toml", encoding: .utf8)
            .replacingOccurrences(of: "pdf = false", with: "pdf = false\ntemplates = \"restyled\"")
        try config.write(toFile: cli.work + "/hotline.toml", atomically: true, encoding: .utf8)
        let out = try cli.run(["run"], status: 64)
        XCTAssertTrue(out.contains("forms.templates: no folder at") && out.contains("restyled"), out)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cli.work + "/inbox").filter { $0.hasSuffix(".eml") }.count, 14,
                       "nothing taken in")
    }

    func testASignedAnswerIsAcceptedAndReviewedAndADeficientOneIsReturned() throws {
        try cli.run(["run"])
        let n = "BB20261128-0002"
        try cli.run(["case", "set", n, "--class", "major-emergency", "--clerk", "李文"])
        try cli.run(["assign", n, "--unit", "CG", "--clerk", "李文"])
        try cli.run(["run"])
        let address = try replyAddress()

        // A deficient answer first: no handler telephone, signed off by the leader in charge.
        try reply("r1", replyTo: address, attachment: try answeredSheet(case: n) {
            $0.handlerPhone = nil
            $0.signOff = .init(name: "孙立", title: "副局长")
        })
        let pass1 = try cli.run(["run"])
        XCTAssertTrue(pass1.contains("replies=1"), pass1)
        var show = try cli.run(["case", "show", n])
        XCTAssertTrue(show.contains("feedback-returned"), show)
        XCTAssertTrue(show.contains("state       assigned"), show)
        let notices = try FileManager.default.contentsOfDirectory(atPath: cli.work + "/outbox").filter { $0.contains(".return.") }
        XCTAssertEqual(notices.count, 1, "the return notice went out with the same pass")
        let notice = MailParser.parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: cli.work + "/outbox/" + notices[0]))))
        XCTAssertEqual(notice.to?.first?.address, "hotline@cg.gov.example")
        XCTAssertTrue(notice.bodyText.contains("telephone") && notice.bodyText.contains("主要负责人"), notice.bodyText)

        // The corrected answer: accepted, then reviewed.
        try reply("r2", replyTo: address, attachment: try answeredSheet(case: n))
        try cli.run(["run"])
        show = try cli.run(["case", "show", n])
        XCTAssertTrue(show.contains("state       awaiting-review"), show)
        XCTAssertTrue(show.contains("feedback-accepted"), show)
        XCTAssertTrue(try cli.run(["review", n, "--accept", "--clerk", "李文"]).contains("state reviewed"))

        // That signed sheet replayed onto another case (sent to its reply address): refused, with its reason.
        let other = "BB20261128-0006"  // a major emergency (燃气泄漏): its assignment goes at once
        let otherAssign = try cli.run(["assign", other, "--unit", "CG", "--clerk", "李文"])
        XCTAssertTrue(otherAssign.contains("to go at once"), otherAssign)
        try cli.run(["run"])
        let otherAddress = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: cli.work + "/outbox")
            .filter { $0.hasPrefix(other) && $0.contains(".assignment.") }.first.map { name in
                MailParser.parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: cli.work + "/outbox/" + name)))).replyTo?.first?.address
            } ?? nil)
        try reply("r2b", replyTo: otherAddress, attachment: try answeredSheet(case: n))
        try cli.run(["run"])
        let replayed = try cli.run(["case", "show", other])
        XCTAssertTrue(replayed.contains("feedback-returned") && replayed.contains("checks=same-case"), replayed)
        XCTAssertTrue(replayed.contains("state       assigned"), replayed)

        // A stranger's mail about the case: held; a clerk attaches it.
        try reply("r3", replyTo: "hotline@center.example", from: "someone@elsewhere.example", subject: "关于\(n)", attachment: nil)
        try cli.run(["run"])
        let held = try cli.run(["holding"])
        XCTAssertTrue(held.contains("1 waiting"), held)
        let source = try XCTUnwrap(held.split(separator: "\n").first?.split(separator: " ").first.map(String.init))
        XCTAssertTrue(try cli.run(["holding", "attach", source, n, "--clerk", "李文"]).contains("no feedback sheet"))
        XCTAssertTrue(try cli.run(["holding"]).contains("0 waiting"))
    }
}
