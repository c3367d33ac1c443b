import Foundation
import HotlineCore
import XCTest

/// The petitioner's evaluation read from free text as people write it (issue 12, item 5). The rule
/// that matters most: what is not satisfied is never read as satisfied.
final class EvaluationReaderTests: XCTestCase {
    func testRepliesAsPeopleWriteThem() {
        let table: [(String, Evaluation, String)] = [
            ("满意", .satisfied, "满意"),
            ("非常满意，谢谢你们！", .satisfied, "非常满意"),
            ("很满意", .satisfied, "很满意"),
            ("基本满意", .basicallySatisfied, "基本满意"),
            ("还行吧", .basicallySatisfied, "还行"),
            ("一般般，凑合", .basicallySatisfied, "一般"),
            ("比较满意", .basicallySatisfied, "比较满意"),
            ("不满意", .notSatisfied, "不满意"),
            ("不太满意，问题还在", .notSatisfied, "不太满意"),
            ("满意个啥，三个月了还没修", .notSatisfied, "满意个"),
            ("怎么可能满意？", .notSatisfied, "怎么可能满意"),
            ("谈不上满意", .notSatisfied, "谈不上满意"),
            ("呵呵，太满意了", .notSatisfied, "呵呵"),
            ("谢谢，但是问题没有解决", .notSatisfied, "没有解决"),
            ("不是不满意，就是慢", .notSatisfied, "不满意"),
            ("满意？", .unclear, "满意？"),
            ("1", .satisfied, "1"),
            ("２", .basicallySatisfied, "2"),
            ("３。", .notSatisfied, "3"),
            ("收到", .unclear, ""),
            ("谢谢", .unclear, ""),
            ("非常满意", .satisfied, "非常满意"),
            ("特别满意！", .satisfied, "特别满意"),
            ("不错，很满意", .satisfied, "很满意"),
            ("满意，不好意思回复晚了", .satisfied, "满意"),
            ("", .unclear, ""),
        ]
        for (text, expected, word) in table {
            let r = EvaluationReader.read(text)
            XCTAssertEqual(r.evaluation, expected, text)
            if !word.isEmpty { XCTAssertTrue(r.decidedBy.contains(word), "\(text): \(r.decidedBy)") } else { XCTAssertEqual(r.decidedBy, [], text) }
        }
    }

    func testOnlyTheNewTextIsReadNotTheQuotedLetter() {
        // Our letter names all three choices; the quoted copy below the reply must not decide.
        let quoted = """
            基本满意

            ------------------ 原始邮件 ------------------
            发件人: "市长信箱"
            请回复：满意 / 基本满意 / 不满意
            """
        XCTAssertEqual(EvaluationReader.read(quoted).evaluation, .basicallySatisfied)
        XCTAssertEqual(EvaluationReader.read(quoted).newText, "基本满意")
        let angle = "不满意，拖太久\n\n> 您对办理结果是否满意？\n> 1 满意 2 基本满意 3 不满意"
        XCTAssertEqual(EvaluationReader.read(angle).evaluation, .notSatisfied)
        let only = "\n> 满意\n> 非常满意"
        XCTAssertEqual(EvaluationReader.read(only).evaluation, .unclear, "a 满意 only in the quoted mail decides nothing")
        let wrote = "2\n在 2026年12月8日 10:00，市长信箱 写道：\n满意请回复1"
        XCTAssertEqual(EvaluationReader.read(wrote).evaluation, .basicallySatisfied)
        let english = "3\nOn Tue, Dec 8, 2026 at 10:00 Mayor Mailbox wrote:\n1 满意"
        XCTAssertEqual(EvaluationReader.read(english).evaluation, .notSatisfied)
        let outlook = "满意\n-----Original Message-----\nFrom: x\n不满意"
        XCTAssertEqual(EvaluationReader.read(outlook).evaluation, .satisfied)
        // Mail's own line ends (CRLF) cut the same way.
        let crlf = "满意\r\n\r\n> 不满意\r\n"
        XCTAssertEqual(EvaluationReader.read(crlf).evaluation, .satisfied)
        XCTAssertEqual(EvaluationReader.read(crlf).newText, "满意")
    }

    func testNothingDissatisfiedIsEverReadAsSatisfied() {
        // Every dissatisfied phrase, alone, after praise, and around a satisfied word, reads as not satisfied.
        for phrase in ["不满意", "不太满意", "很不满意", "非常不满意", "满意个啥", "满意什么", "谈不上满意", "不怎么满意", "一点也不满意", "不认可",
                       // Negations no list would hold (a review's catch): read by the negation before or after the word.
                       "不是特别满意", "不很满意", "不十分满意", "不够满意", "没满意", "并非满意", "不甚满意", "很难满意", "满意不了",
                       "不会满意的", "谁会满意", "谈何满意", "哪里满意了", "满意。。。才怪", "满意度为零", "说是已解决，其实根本没处理"] {
            for text in [phrase, "非常满意。" + phrase, phrase + "，满意", "基本满意，" + phrase] {
                XCTAssertEqual(EvaluationReader.read(text).evaluation, .notSatisfied, text)
            }
        }
    }
}
