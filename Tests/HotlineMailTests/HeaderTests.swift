import XCTest
@testable import HotlineMail

final class HeaderTests: XCTestCase {
    func testHeaderSectionKeepsRawBytes() {
        let raw = "From someone Mon Jan 1 00:00:00 2024\nSubject : folded\r\n  line\r\nX-A: 1\n\nbody"
        let m = MailParser.parse(Array(raw.utf8))
        XCTAssertTrue(m.hasUnixFrom)
        XCTAssertEqual(m.header.fields.map(\.name), ["Subject", "X-A"])
        XCTAssertEqual(m.header.fields[0].raw, Array("Subject : folded\r\n  line\r\n".utf8))
        XCTAssertEqual(m.header.fields[0].rawValue, Array(" folded\r\n  line\r\n".utf8))
        XCTAssertEqual(m.header["subject"], "folded  line")
        XCTAssertEqual(m.subject, "folded  line")
        XCTAssertEqual(String(decoding: m.root.body, as: UTF8.self), "body")
    }

    func testNonHeaderLineStartsBodyWithDefect() {
        let m = MailParser.parse(Array("From: a@b\nthis is not a header\nmore\n".utf8))
        XCTAssertEqual(String(decoding: m.root.body, as: UTF8.self), "this is not a header\nmore\n")
        XCTAssertTrue(m.defects.contains { $0.kind == "missingHeaderBodySeparator" })
    }

    func testAddressListsTable() {
        let cases: [(String, [MailAddress], UInt)] = [
            ("a@b.c", [MailAddress(address: "a@b.c")], #line),
            ("\"Doe, John\" <j@x.org>, k@y.org", [MailAddress(name: "Doe, John", address: "j@x.org"),
                                                  MailAddress(address: "k@y.org")], #line),
            ("=?utf-8?B?5byg5LiJ?= <z@x.cn>", [MailAddress(name: "张三", address: "z@x.cn")], #line),
            ("\"=?gb2312?B?1cXI/Q==?=\" <z@x.cn>", [MailAddress(name: "张三", address: "z@x.cn")], #line),
            ("=?utf-8?Q?J=C3=BC?= =?utf-8?Q?rgen?= <j@x>", [MailAddress(name: "Jürgen", address: "j@x")], #line),
            ("j@x.org (John Doe)", [MailAddress(name: "John Doe", address: "j@x.org")], #line),
            ("undisclosed-recipients:;", [], #line),
            ("Team: a@x, B <b@x>;, c@x", [MailAddress(address: "a@x", group: "Team"),
                                          MailAddress(name: "B", address: "b@x", group: "Team"),
                                          MailAddress(address: "c@x")], #line),
            ("<@route.one,@route.two:user@host>", [MailAddress(address: "user@host")], #line),
            ("John Q. Public <jqp@x>", [MailAddress(name: "John Q. Public", address: "jqp@x")], #line),
            (",,, a@b ,", [MailAddress(address: "a@b")], #line),
            ("\"john doe\"@x.org", [MailAddress(address: "\"john doe\"@x.org")], #line),
            ("", [], #line),
        ]
        for (value, expected, line) in cases {
            XCTAssertEqual(AddressListParser.parse(value).addresses, expected, value, line: line)
        }
    }

    func testDatesTable() {
        let cases: [(String, String?, UInt)] = [
            ("Sun, 29 Nov 2026 11:02:03 +0800", "2026-11-29T03:02:03Z", #line),
            ("29 Nov 2026 11:02:03 +0800", "2026-11-29T03:02:03Z", #line),
            ("Sun, 29 Nov 26 11:02 +0800", "2026-11-29T03:02:00Z", #line),
            ("Mon, 1 Feb 99 10:00:00 GMT", "1999-02-01T10:00:00Z", #line),
            ("Mon, 1 Feb 1999 10:00:00 EST", "1999-02-01T15:00:00Z", #line),
            ("Mon, 1 Feb 1999 10:00:00 PDT", "1999-02-01T17:00:00Z", #line),
            ("Mon, 1 Feb 1999 10:00:00 -0000", "1999-02-01T10:00:00Z", #line),
            ("Mon, 1 Feb 1999 10:00:00", "1999-02-01T10:00:00Z", #line),
            ("Mon, 1 Feb 1999 10:00:00 +0100 (CET)", "1999-02-01T09:00:00Z", #line),
            ("Mon,1 Feb 1999 10:00:00 +0100", "1999-02-01T09:00:00Z", #line),
            ("Mon, 31 Feb 1999 10:00:00 +0100", nil, #line),
            ("garbage", nil, #line),
        ]
        for (value, iso, line) in cases {
            XCTAssertEqual(DateTimeParser.parse(value).map(MessageInspection.isoUTC), iso, value, line: line)
        }
    }

    func testMessageIDs() {
        let m = MailParser.parse(Array(("Message-ID: < abc@x >\nIn-Reply-To: <p@x>\nReferences: <a@x>\n <b@x> junk\n\n").utf8))
        XCTAssertEqual(m.messageID, "<abc@x>")
        XCTAssertEqual(m.inReplyTo, ["<p@x>"])
        XCTAssertEqual(m.references, ["<a@x>", "<b@x>"])
        XCTAssertEqual(MailParser.parse(Array("Message-ID: no-brackets@x\n\n".utf8)).messageID, "no-brackets@x")
    }
}
