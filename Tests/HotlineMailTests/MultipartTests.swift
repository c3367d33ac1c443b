import XCTest
@testable import HotlineMail

final class MultipartTests: XCTestCase {
    func parse(_ s: String) -> MailMessage { MailParser.parse(Array(s.utf8)) }

    func testMultipartWithPreambleEpilogueAndPaths() {
        let m = parse("""
        From: a@b\r
        Content-Type: multipart/mixed; boundary="XX"\r
        \r
        preamble\r
        --XX  \r
        Content-Type: text/plain\r
        \r
        hello\r
        --XX\r
        Content-Type: multipart/alternative; boundary=YY\r
        \r
        --YY\r
        \r
        plain\r
        --YY\r
        Content-Type: text/html\r
        \r
        <b>html</b>\r
        --YY--\r
        --XX--\r
        epilogue\r
        """)
        XCTAssertEqual(m.leaves().map(\.path), ["1", "2.1", "2.2"])
        XCTAssertEqual(m.leaves().map { String(decoding: $0.part.body, as: UTF8.self) }, ["hello", "plain", "<b>html</b>"])
        XCTAssertEqual(m.bodyText, "hello")
        XCTAssertTrue(m.defects.isEmpty, "\(m.defects)")
    }

    func testMissingCloseBoundaryAndNoBoundary() {
        let m = parse("From: a@b\nContent-Type: multipart/mixed; boundary=Q\n\n--Q\n\nonly part\n")
        XCTAssertEqual(m.leaves().count, 1)
        XCTAssertTrue(m.defects.contains { $0.kind == "missingCloseBoundary" })
        let n = parse("From: a@b\nContent-Type: multipart/mixed; boundary=Q\n\nno delimiter at all\n")
        XCTAssertEqual(n.leaves().map(\.part.contentType.mimeType), ["multipart/mixed"])
        XCTAssertEqual(String(decoding: n.root.body, as: UTF8.self), "no delimiter at all\n")
        XCTAssertTrue(n.defects.contains { $0.kind == "startBoundaryNotFound" })
    }

    func testNestedMessageRFC822() {
        let m = parse("""
        From: outer@x\r
        Subject: outer\r
        Content-Type: multipart/mixed; boundary=B\r
        \r
        --B\r
        \r
        see attached\r
        --B\r
        Content-Type: message/rfc822\r
        \r
        From: =?utf-8?B?5byg5LiJ?= <inner@x>\r
        Subject: =?utf-8?B?5YaF6YOo?=\r
        Content-Type: multipart/mixed; boundary=C\r
        \r
        --C\r
        \r
        inner text\r
        --C\r
        Content-Type: application/pdf; name=a.pdf\r
        Content-Transfer-Encoding: base64\r
        \r
        JVBERg==\r
        --C--\r
        --B--\r
        """)
        XCTAssertEqual(m.leaves().map(\.path), ["1", "2.1", "2.2"])
        let inner = m.root.children[1].embedded
        XCTAssertEqual(inner?.subject, "内部")
        XCTAssertEqual(inner?.from?.first?.name, "张三")
        XCTAssertEqual(m.attachments.map(\.path), ["2.2"])
        XCTAssertEqual(m.attachments.first?.part.decodedBody(), Array("%PDF".utf8))
    }

    func testDigestDefaultsToMessage() {
        let m = parse("From: a@b\nContent-Type: multipart/digest; boundary=D\n\n--D\n\nFrom: x@y\nSubject: one\n\nbody\n--D--\n")
        XCTAssertEqual(m.root.children.first?.contentType.mimeType, "message/rfc822")
        XCTAssertEqual(m.root.children.first?.embedded?.subject, "one")
        XCTAssertEqual(m.leaves().map(\.path), ["1.1"])
    }

    func testUUEncode() {
        for cte in ["x-uuencode", "uuencode", "x-uue"] {
            let m = parse("From: a@b\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: \(cte)\n\n"
                          + "begin 644 cat.txt\n#0V%T\n`\nend\n")
            XCTAssertEqual(m.root.decodedBody(), Array("Cat".utf8), cte)
        }
    }

    func testTransferEncodingsTable() {
        let cases: [(String, String, [UInt8], UInt)] = [
            ("base64", "SGVs\r\nbG8=", Array("Hello".utf8), #line),
            ("base64", "SGVs\tbG8=\r\n!!", Array("Hello".utf8), #line),
            ("quoted-printable", "caf=C3=A9=\r\n au=3dlait", Array("café au=lait".utf8), #line),
            ("quoted-printable", "bad =ZZ escape", Array("bad =ZZ escape".utf8), #line),
            ("8bit", "as is", Array("as is".utf8), #line),
            ("x-gzip64", "verbatim", Array("verbatim".utf8), #line),
        ]
        for (cte, body, expected, line) in cases {
            let m = parse("From: a@b\r\nContent-Transfer-Encoding: \(cte)\r\n\r\n" + body)
            XCTAssertEqual(m.root.decodedBody(), expected, cte, line: line)
        }
        XCTAssertTrue(parse("From: a@b\nContent-Transfer-Encoding: x-gzip64\n\nx").defects
            .contains { $0.kind == "unknownTransferEncoding" })
        XCTAssertTrue(parse("From: a@b\nContent-Transfer-Encoding: base64\n\nSGVsbG8").defects
            .contains { $0.kind == "invalidBase64Padding" })
    }
}
