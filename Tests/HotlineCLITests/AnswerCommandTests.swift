import Foundation
import HotlineMail
import XCTest

/// `hotline answer` as intake staff use it on the sample inbox (issue 12, item 1): the standard
/// answers shipped in `answers/`, the draft, the answer sent by the next pass as a reply to the
/// citizen's mail, the case `answered`, and answers the norms refuse.
final class AnswerCommandTests: XCTestCase {
    var cli: CLIWorkspace!

    override func setUpWithError() throws {
        cli = try CLIWorkspace()
        try FileManager.default.copyItem(atPath: CLIWorkspace.repo.path + "/answers", toPath: cli.work + "/answers")
    }

    override func tearDown() { cli.remove() }

    func testAConsultationAnsweredWithAStandardAnswer() throws {
        try cli.run(["run"])
        // BB20261128-0003: a Taiwan resident asks, in traditional script, how to withdraw the provident fund.
        let suggest = try cli.run(["answer", "BB20261128-0003", "--suggest"])
        XCTAssertTrue(suggest.hasPrefix("provident-fund-withdrawal  "), suggest)
        XCTAssertTrue(suggest.contains("matched: 公積金, 提取, 離職"), suggest)
        XCTAssertFalse(suggest.contains("residence-permit"), suggest)
        let before = try cli.run(["outbox"])
        let draft = try cli.run(["answer", "BB20261128-0003", "--use", "provident-fund-withdrawal", "--draft"])
        XCTAssertTrue(draft.hasPrefix("許志明：\n"), draft)
        XCTAssertTrue(draft.contains("政策依据：《关于在内地（大陆）就业的港澳台同胞享有住房公积金待遇有关问题的意见》（建金〔2017〕237号）"), draft)
        XCTAssertEqual(try cli.run(["outbox"]), before, "a draft queues nothing")

        // The clerk edits the draft into a file and sends it.
        try (draft + "\n如有疑问，请拨打12345。").write(toFile: cli.work + "/answer.txt", atomically: true, encoding: .utf8)
        let sent = try cli.run(["answer", "BB20261128-0003", "--file", "answer.txt", "--clerk", "李文"])
        XCTAssertTrue(sent.contains("answered"), sent)
        try cli.run(["answer", "BB20261128-0003", "--text", "許志明：再答复", "--clerk", "李文"], status: 65)
        XCTAssertTrue(try cli.run(["run"]).contains("sent=1 "))
        let name = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: cli.work + "/outbox").first { $0.contains(".answer.") })
        let mail = MailParser.parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: cli.work + "/outbox/" + name))))
        XCTAssertEqual(mail.subject?.hasPrefix("答复：[BB20261128-0003] "), true, mail.subject ?? "")
        XCTAssertEqual(mail.to?.map(\.address), ["hsu.chiming@example.net"])
        XCTAssertEqual(mail.inReplyTo?.count, 1, "a reply to the citizen's own mail")
        XCTAssertTrue(mail.bodyText.contains("如有疑问，请拨打12345。"), mail.bodyText)
        let show = try cli.run(["case", "show", "BB20261128-0003"])
        XCTAssertTrue(show.contains("state       answered"), show)
        XCTAssertTrue(show.contains("answer-sent"), show)
        XCTAssertTrue(try cli.run(["cases", "--state", "answered"]).contains("BB20261128-0003"))
    }

    func testAnAnswerTheNormsRefuseIsNotSent() throws {
        try cli.run(["run"])
        let bad = try cli.run(["answer", "BB20261128-0003", "--text", "某某物业公司：\n根据《蚌埠市物业管理办法》，……", "--clerk", "李文"], status: 64)
        XCTAssertTrue(bad.contains("addressed-to-petitioner") && bad.contains("policy-citations"), bad)
        try cli.run(["answer", "BB20261128-0003", "--use", "no-such-answer", "--clerk", "李文"], status: 65)
        try cli.run(["answer", "BB20261128-0003", "--text", "a", "--use", "provident-fund-withdrawal", "--clerk", "李文"], status: 64)
        XCTAssertTrue(try cli.run(["case", "show", "BB20261128-0003"]).contains("state       registered"))
    }

    /// `hotline evaluation read FILE`: what the reader makes of one reply mail (issue 12, item 5).
    func testTheEvaluationReaderAsACommand() throws {
        let reply = """
            From: =?UTF-8?B?6K645b+X5piO?= <hsu.chiming@example.net>
            To: hotline-reply+bb20261128-0003.x@hotline.example
            Subject: =?UTF-8?B?5Zue5aSN77ya562U5aSN?=
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: 8bit

            满意个啥，还是没人管
            
            > 请回复：满意 / 基本满意 / 不满意

            """.replacingOccurrences(of: "\n", with: "\r\n")
        try reply.write(toFile: cli.work + "/reply.eml", atomically: true, encoding: .utf8)
        let out = try cli.run(["evaluation", "read", "reply.eml"])
        XCTAssertTrue(out.hasPrefix("not-satisfied (不满意) — decided by: "), out)
        XCTAssertTrue(out.contains("满意个") && out.contains("没人管"), out)
        XCTAssertFalse(out.contains("请回复"), "the quoted letter is not read: \(out)")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try cli.run(["evaluation", "read", "reply.eml", "--json"]).utf8))
            as? [String: Any])
        XCTAssertEqual(json["evaluation"] as? String, "not-satisfied")
        XCTAssertEqual(json["new_text"] as? String, "满意个啥，还是没人管")
        try cli.run(["evaluation", "read", "missing.eml"], status: 64)
    }
}
