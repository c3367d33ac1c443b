import Foundation
import HotlineCore
import HotlineStore
import XCTest

/// The standard answers a clerk keeps as files (issue 12, item 1): the shipped samples load and
/// pass the norms' own checks; a file a clerk broke is refused with its name.
final class StandardAnswerFilesTests: XCTestCase {
    func testTheShippedAnswersLoadAndPassTheNorms() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("answers").path
        let library = try StandardAnswerFiles.load(folder: folder)
        XCTAssertEqual(library.answers.map(\.id), ["provident-fund-withdrawal", "residence-permit"])
        for a in library.answers {
            XCTAssertFalse(a.keywords.isEmpty, a.id)
            let draft = StandardAnswers.draft(a, for: CaseRecord(
                number: CaseNumber(prefix: "BB", day: "20261201", sequence: 1), channel: .email, receivedAt: Date(),
                petitioner: Petitioner(name: "张三"), subject: "", text: "", attachments: [], kind: Decided(.consultation, rule: "t"),
                handlingClass: Decided(.routine, rule: "t"), keyMatter: Decided(false, rule: "t"), scope: Decided(.accepted, rule: "t"),
                state: .registered, rawSHA256: "", messageID: nil))
            XCTAssertEqual(SignOffRules.directAnswerFailures(draft, petitioner: Petitioner(name: "张三"), unitNames: []), [], a.id)
        }
    }

    func testABrokenFileIsRefusedWithItsName() throws {
        let dir = NSTemporaryDirectory() + "hotline-answers-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        XCTAssertEqual(try StandardAnswerFiles.load(folder: dir + "/absent").answers, [])
        try "title = \"x\"\nkeywords = []\ntext = \"t\"\nkeyword = [\"typo\"]\n".write(toFile: dir + "/typo.toml", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try StandardAnswerFiles.load(folder: dir)) { XCTAssertTrue("\($0)".contains("typo.toml"), "\($0)") }
        try "title = \"x\"\nkeywords = []\ntext = \"  \"\n".write(toFile: dir + "/typo.toml", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try StandardAnswerFiles.load(folder: dir)) { XCTAssertTrue("\($0)".contains("must not be empty"), "\($0)") }
        try "title = \"标题\"\nkeywords = [\"词\"]\ntext = \"正文\"\n".write(toFile: dir + "/typo.toml", atomically: true, encoding: .utf8)
        try "not toml".write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)
        XCTAssertEqual(try StandardAnswerFiles.load(folder: dir).answers.map(\.id), ["typo"], "only .toml files are answers")
    }
}
