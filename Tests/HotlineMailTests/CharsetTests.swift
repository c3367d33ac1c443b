import XCTest
@testable import HotlineMail

/// Charset fixtures in pairs (GMime's habit): encoded bytes ↔ the UTF-8 text they must give.
final class CharsetTests: XCTestCase {
    func testCanonicalNames() {
        let cases: [(String, String?, UInt)] = [
            ("gb2312", "GB18030", #line), ("GBK", "GB18030", #line), ("cp936", "GB18030", #line),
            ("x-gbk", "GB18030", #line), ("euc-cn", "GB18030", #line), ("gb18030", "GB18030", #line),
            ("big5", "BIG5-HKSCS", #line), ("Big5-HKSCS", "BIG5-HKSCS", #line), ("utf-8", "UTF-8", #line),
            ("iso-8859-2", "ISO-8859-2", #line), ("windows-1252", "CP1252", #line), ("koi8-r", "KOI8-R", #line),
            ("shift_jis", "CP932", #line), ("\"GB2312\"", "GB18030", #line), ("x-no-such-charset", nil, #line),
        ]
        for (label, name, line) in cases {
            XCTAssertEqual(Charset.canonicalName(label), name, label, line: line)
        }
    }

    func testGB2312LabelWithGBKOnlyCharacters() throws {
        // 镕 and 喆 are not in GB2312; mailers label such GBK text "gb2312" anyway.
        let text = "朱镕基 张喆 市民来信"
        let bytes = try XCTUnwrap(Charset.encode(text, label: "gbk"))
        XCTAssertEqual(Charset.decode(bytes, label: "gb2312").text, text)
        XCTAssertFalse(Charset.decode(bytes, label: "gb2312").lossy)
        let raw = Array("From: a@b\r\nContent-Type: text/plain; charset=gb2312\r\nContent-Transfer-Encoding: 8bit\r\n\r\n".utf8)
            + bytes
        XCTAssertEqual(MailParser.parse(raw).bodyText, text)
    }

    func testBig5Body() throws {
        let text = "香港特別行政區 市民投訴"
        let bytes = try XCTUnwrap(Charset.encode(text, label: "big5"))
        let raw = Array("From: a@b\r\nContent-Type: text/plain; charset=big5\r\n\r\n".utf8) + bytes
        XCTAssertEqual(MailParser.parse(raw).bodyText, text)
    }

    func testRawGBKSubject() throws {
        let subject = "关于小区停车难的投诉"
        let bytes = try XCTUnwrap(Charset.encode(subject, label: "gbk"))
        let raw = Array("From: a@b\r\nSubject: ".utf8) + bytes + Array("\r\n\r\nbody\r\n".utf8)
        let message = MailParser.parse(raw)
        XCTAssertEqual(message.subject, subject)
        XCTAssertEqual(message.header.all("Subject").first?.rawValue, [0x20] + bytes + [0x0D, 0x0A])
    }

    func testRawBig5SubjectUsesDeclaredBodyCharset() throws {
        let subject = "香港投訴"
        let bytes = try XCTUnwrap(Charset.encode(subject, label: "big5"))
        let raw = Array("From: a@b\r\nSubject: ".utf8) + bytes
            + Array("\r\nContent-Type: text/plain; charset=big5\r\n\r\nbody\r\n".utf8)
        XCTAssertEqual(MailParser.parse(raw).subject, subject)
    }

    func testInvalidBytesBecomeReplacementAndDecodingGoesOn() {
        let r = Charset.decode([0x41, 0xFF, 0x42] as [UInt8], label: "gb18030")
        XCTAssertTrue(r.lossy)
        XCTAssertTrue(r.text.hasPrefix("A"))
        XCTAssertTrue(r.text.hasSuffix("B"))
        XCTAssertTrue(r.text.contains("\u{FFFD}"))
        let u = Charset.decode([0x61, 0xC3, 0x62] as [UInt8], label: "utf-8")
        XCTAssertEqual(u.text, "a\u{FFFD}b")
    }

    func testUndeclaredAndUnknown() throws {
        let gbk = try XCTUnwrap(Charset.encode("中文", label: "gbk"))
        XCTAssertEqual(Charset.decode(gbk, label: nil).text, "中文")
        XCTAssertEqual(Charset.decode(Array("中文".utf8), label: nil).text, "中文")
        XCTAssertEqual(Charset.decode(gbk, label: "x-unknown-thing").text, "中文")
        let raw = Array("From: a@b\r\nContent-Type: text/plain; charset=x-bogus\r\n\r\n".utf8) + [0xE9, 0x74, 0xE9]
        XCTAssertNotNil(MailParser.parse(raw).root.text())
    }

    func testOtherCharsets() {
        let cases: [(String, [UInt8], String, UInt)] = [
            ("iso-8859-1", [0x63, 0x61, 0x66, 0xE9], "café", #line),
            ("windows-1252", [0x93, 0x68, 0x94], "“h”", #line),
            ("koi8-r", [0xF0, 0xD2, 0xC9], "При", #line),
            ("iso-2022-jp", [0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C, 0x1B, 0x28, 0x42], "日本", #line),
            ("shift_jis", [0x93, 0xFA, 0x96, 0x7B], "日本", #line),
            ("euc-kr", [0xC7, 0xD1, 0xB1, 0xB9], "한국", #line),
            ("utf-16le", [0x2D, 0x4E, 0x87, 0x65], "中文", #line),
            ("hz-gb-2312", Array("~{VPND~}".utf8), "中文", #line),
        ]
        for (label, bytes, text, line) in cases {
            XCTAssertEqual(Charset.decode(bytes, label: label).text, text, label, line: line)
        }
    }
}
