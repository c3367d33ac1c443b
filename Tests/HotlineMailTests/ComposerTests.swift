import XCTest
@testable import HotlineMail

final class ComposerTests: XCTestCase {
    func makeComposer() -> MailComposer {
        var c = MailComposer(from: MailAddress(name: "市长热线 12345", address: "hotline@city.gov.cn"),
                             to: [MailAddress(name: "张三", address: "zhangsan@example.cn")],
                             subject: "关于您反映的小区噪音问题的答复（案件编号 2026-000123）这是一个很长的标题用来测试折行",
                             date: Date(timeIntervalSince1970: 1_795_921_323), messageID: "case-123@city.gov.cn",
                             text: "张三您好：\n\n您反映的问题已转交区城管局处理。\n")
        c.cc = [MailAddress(name: "O'Brien, Pat", address: "pat@example.org")]
        c.inReplyTo = "orig@example.cn"
        c.references = ["orig@example.cn"]
        c.extraHeaders = [("X-Hotline-Case", "2026-000123")]
        c.boundary = "=_test_boundary"
        return c
    }

    func testRoundTripWithAttachment() {
        var c = makeComposer()
        c.attachments = [MailComposer.Attachment(filename: "现场照片 第一张（很长的文件名用来测试续行参数）.jpg",
                                                 contentType: "image/jpeg", data: [0xFF, 0xD8, 0xFF, 0x00, 0x01])]
        let bytes = c.render()
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.components(separatedBy: "\r\n") {
            XCTAssertLessThanOrEqual(line.count, 78, line)
        }
        XCTAssertFalse(text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "bare LF")
        XCTAssertTrue(bytes.allSatisfy { $0 < 0x80 }, "7-bit clean")
        let m = MailParser.parse(bytes)
        // The RFC 2047 `name="=?UTF-8?B?...?="` for old clients is, by design, a quoted encoded-word.
        XCTAssertTrue(m.defects.allSatisfy { $0.kind == "encodedWordInQuotedString" }, "\(m.defects)")
        XCTAssertEqual(m.subject, c.subject)
        XCTAssertEqual(m.from, [c.from])
        XCTAssertEqual(m.to, c.to)
        XCTAssertEqual(m.cc, c.cc)
        XCTAssertEqual(m.messageID, "<case-123@city.gov.cn>")
        XCTAssertEqual(m.inReplyTo, ["<orig@example.cn>"])
        XCTAssertEqual(m.header["X-Hotline-Case"], "2026-000123")
        XCTAssertEqual(m.date, c.date)
        XCTAssertEqual(m.header["Date"], "Sun, 29 Nov 2026 11:02:03 +0800")
        XCTAssertEqual(m.bodyText, c.text)
        XCTAssertEqual(m.attachments.count, 1)
        XCTAssertEqual(m.attachments.first?.part.filename, c.attachments[0].filename)
        XCTAssertEqual(m.attachments.first?.part.contentType.parameters["name"], c.attachments[0].filename)
        XCTAssertEqual(m.attachments.first?.part.decodedBody(), c.attachments[0].data)
    }

    /// Without a boundary given, one is made from the Message-ID (no randomness of the composer's
    /// own, issue 10, item 4): the same mail gives the same bytes, another mail another boundary.
    func testPlainMessageAndTheBoundaryOfTheMessageID() {
        var c = makeComposer()
        c.subject = "Plain ASCII subject"
        let m = MailParser.parse(c.render())
        XCTAssertEqual(m.subject, "Plain ASCII subject")
        XCTAssertEqual(m.root.contentType.mimeType, "text/plain")
        XCTAssertEqual(m.root.transferEncoding, "base64")
        c.boundary = nil
        c.attachments = [MailComposer.Attachment(filename: "a.txt", contentType: "text/plain", data: Array("x".utf8))]
        let first = String(decoding: c.render(), as: UTF8.self)
        XCTAssertEqual(String(decoding: c.render(), as: UTF8.self), first)
        c.messageID = "another." + c.messageID
        let other = String(decoding: c.render(), as: UTF8.self)
        let boundary = { (m: String) in MailParser.parse(Array(m.utf8)).root.contentType.parameters["boundary"] }
        XCTAssertNotNil(boundary(first))
        XCTAssertTrue(boundary(first)?.hasPrefix("=_hotline_") ?? false)
        XCTAssertNotEqual(boundary(first), boundary(other))
        XCTAssertEqual(MailParser.parse(Array(first.utf8)).attachments.first?.part.filename, "a.txt")
    }

    func testBase64LineLength() {
        var c = makeComposer()
        c.text = String(repeating: "市民来信内容。", count: 200)
        let lines = String(decoding: c.render(), as: UTF8.self).components(separatedBy: "\r\n")
        XCTAssertTrue(lines.contains { $0.count == 76 })
        XCTAssertEqual(MailParser.parse(c.render()).bodyText, c.text)
    }
}

final class RedateTests: XCTestCase {
    func testOnlyTheDateLineChanges() {
        let tz = TimeZone(identifier: "Asia/Shanghai")!
        var c = MailComposer(from: MailAddress(name: "中心", address: "c@x.example"), to: [MailAddress(name: "", address: "u@x.example")],
                             subject: "【交办单】测试", date: Date(timeIntervalSince1970: 1_796_086_800), messageID: "m@x", text: "正文")
        c.timeZone = tz
        c.extraHeaders = [("X-Note", "Date: not this one")]
        c.attachments = [.init(filename: "a.xml", contentType: "application/xml", data: Array("<a/>".utf8))]
        c.boundary = "=_fixed"
        let raw = c.render()
        let later = Date(timeIntervalSince1970: 1_796_086_800 + 9_000)
        let redated = MailComposer.redate(raw, date: later, timeZone: tz)
        XCTAssertEqual(MailParser.parse(redated).date, later)
        XCTAssertEqual(MailParser.parse(raw).date, Date(timeIntervalSince1970: 1_796_086_800))
        let old = String(decoding: raw, as: UTF8.self), new = String(decoding: redated, as: UTF8.self)
        XCTAssertEqual(old.replacingOccurrences(of: "Date: Tue, 1 Dec 2026 09:00:00 +0800", with: "Date: Tue, 1 Dec 2026 11:30:00 +0800"), new)
        XCTAssertTrue(new.contains("X-Note: Date: not this one"))
        // Without a Date field, or not a message at all: unchanged.
        XCTAssertEqual(MailComposer.redate(Array("Subject: x\r\n\r\nbody".utf8), date: later, timeZone: tz), Array("Subject: x\r\n\r\nbody".utf8))
        XCTAssertEqual(MailComposer.redate([], date: later, timeZone: tz), [])
    }
}
