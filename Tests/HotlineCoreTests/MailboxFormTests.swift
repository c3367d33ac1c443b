import HotlineCore
import XCTest

final class MailboxFormTests: XCTestCase {
    func testReadsTheWebBoardFields() {
        let text = """
            市长信箱收到一封新的网上来信。

            姓名：黄丽
            联系电话：13685521907
            联系地址：蚌埠市蚌山区南山路
            电子邮箱：huangli@example.com
            来信类型：批评
            标题：窗口工作人员态度恶劣
            是否公开：否
            内容：
            第一段。

            第二段。
            提交时间：2026-11-28 15:38:21

            （本邮件由系统自动发送，请勿直接回复。）
            """
        let f = MailboxForm.parse(text)
        XCTAssertEqual(f.name, "黄丽")
        XCTAssertEqual(f.phone, "13685521907")
        XCTAssertEqual(f.address, "蚌埠市蚌山区南山路")
        XCTAssertEqual(f.email, "huangli@example.com")
        XCTAssertEqual(f.declaredKind, "批评")
        XCTAssertEqual(f.title, "窗口工作人员态度恶劣")
        XCTAssertEqual(f.publication, "否")
        XCTAssertEqual(f.content, "第一段。\n\n第二段。")
        XCTAssertEqual(f.submittedAt, "2026-11-28 15:38:21")
    }

    func testFreeTextHasNoFields() {
        let f = MailboxForm.parse("市长您好：我家门口的路坏了。")
        XCTAssertNil(f.name)
        XCTAssertNil(f.content)
    }

    func testPhoneNumbers() {
        let table: [(String, String?)] = [
            ("电话13855201234谢谢", "13855201234"),
            ("座机0552-3012345", "0552-3012345"),
            ("编号20261128001234567", nil),
            ("１３８５５２０１２３４", "13855201234"),
            ("12345", nil),
        ]
        for (text, phone) in table {
            XCTAssertEqual(MailboxForm.firstPhoneNumber(in: text).map { CaseNumberTestsHelper.ascii($0) }, phone, text)
        }
    }
}

enum CaseNumberTestsHelper {
    static func ascii(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { ($0.value >= 0xFF10 && $0.value <= 0xFF19) ? Unicode.Scalar($0.value - 0xFEE0)! : $0 }))
    }
}
