import XCTest
@testable import HotlineMail

final class ParameterTests: XCTestCase {
    func testParametersTable() {
        let cases: [(String, String, String?, UInt)] = [
            ("attachment; filename=\"a b.txt\"", "filename", "a b.txt", #line),
            ("attachment; filename=a.txt;", "filename", "a.txt", #line),
            ("attachment; filename=\"unterminated.txt", "filename", "unterminated.txt", #line),
            ("attachment; filename=\"first\"; filename=\"second\"", "filename", "first", #line),
            ("attachment;; filename=x", "filename", "x", #line),
            ("attachment; filename*=utf-8''%E4%B8%AD%E6%96%87.doc", "filename", "中文.doc", #line),
            ("attachment; filename*=UTF-8'zh-cn'%E4%B8%AD.doc", "filename", "中.doc", #line),
            ("attachment; filename*0*=gb2312''%D6%D0; filename*1*=%CE%C4; filename*2=.txt", "filename", "中文.txt", #line),
            ("attachment; filename*1=b.txt; filename*0=a", "filename", "ab.txt", #line),
            ("attachment; filename=\"=?gb2312?B?1tDOxC5kb2M=?=\"", "filename", "中文.doc", #line),
            ("attachment; filename=\"=?GB2312?B?1tDOxA==?= =?GB2312?B?LmRvYw==?=\"", "filename", "中文.doc", #line),
            ("text/plain; charset=\"GB2312\"", "charset", "GB2312", #line),
            ("text/plain; charset = utf-8 ", "charset", "utf-8", #line),
            ("attachment; filename=\"C:\\TEMP\\a.png\"", "filename", "C:\\TEMP\\a.png", #line),
            ("attachment; filename=\"say \\\"hi\\\".txt\"", "filename", "say \"hi\".txt", #line),
            ("inline", "filename", nil, #line),
        ]
        for (input, name, expected, line) in cases {
            XCTAssertEqual(MIMEParameters.parse(input).get(name), expected, input, line: line)
        }
    }

    func testFoxmailQuotedEncodedWordFilenameHasDefect() {
        let raw = "From: a@b\r\nContent-Type: application/msword;\r\n name=\"=?gb2312?B?1tDOxC5kb2M=?=\"\r\n"
            + "Content-Disposition: attachment;\r\n filename=\"=?gb2312?B?1tDOxC5kb2M=?=\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\nAAAA\r\n"
        let message = MailParser.parse(Array(raw.utf8))
        XCTAssertEqual(message.root.filename, "中文.doc")
        XCTAssertTrue(message.defects.contains { $0.kind == "encodedWordInQuotedString" })
        XCTAssertTrue(message.root.isAttachment)
    }

    func testContentTypeDefaults() {
        let cases: [(String, String, UInt)] = [
            ("Content-Type: text\r\n", "text/plain", #line),
            ("Content-Type: TEXT/HTML; charset=utf-8\r\n", "text/html", #line),
            ("", "text/plain", #line),
            ("Content-Type: image/png\r\n", "image/png", #line),
        ]
        for (header, mime, line) in cases {
            let message = MailParser.parse(Array(("From: a@b\r\n" + header + "\r\nbody").utf8))
            XCTAssertEqual(message.root.contentType.mimeType, mime, line: line)
        }
    }
}
