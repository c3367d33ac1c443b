import HotlineTestSupport
import XCTest
@testable import HotlineMail

/// Hostile inputs: each limit produces its defect, quickly, without a crash.
final class LimitsTests: XCTestCase {
    func timed(_ bytes: [UInt8], limits: ParseLimits = .default) -> (MailMessage, TimeInterval) {
        let start = Date()
        let m = MailParser.parse(bytes, limits: limits)
        _ = m.leaves()
        return (m, Date().timeIntervalSince(start))
    }

    func testDeepNesting() {
        var text = "From: a@b\n"
        for i in 0..<10_000 { text += "Content-Type: multipart/mixed; boundary=b\(i)\n\n--b\(i)\n" }
        text += "\nbottom\n"
        let (m, seconds) = timed(Array(text.utf8))
        XCTAssertTrue(m.defects.contains { $0.kind == "depthLimitExceeded" })
        XCTAssertLessThan(seconds, 10)
    }

    func testDeepMessageNesting() {
        let text = "From: a@b\n" + String(repeating: "Content-Type: message/rfc822\n\n", count: 10_000) + "body\n"
        let (m, seconds) = timed(Array(text.utf8))
        XCTAssertTrue(m.defects.contains { $0.kind == "depthLimitExceeded" })
        XCTAssertLessThan(seconds, 10)
    }

    func testManyParts() {
        var text = "From: a@b\nContent-Type: multipart/mixed; boundary=x\n\n"
        text += String(repeating: "--x\n\np\n", count: 100_000) + "--x--\n"
        let (m, seconds) = timed(Array(text.utf8))
        XCTAssertTrue(m.defects.contains { $0.kind == "partLimitExceeded" })
        XCTAssertLessThanOrEqual(m.leaves().count, ParseLimits.default.maxParts + 1)
        XCTAssertLessThan(seconds, 10)
    }

    func testHugeHeaderLine() {
        let text = "From: a@b\nX-Big: " + String(repeating: "A", count: 5_000_000) + "\nSubject: after\n\nbody"
        let (m, seconds) = timed(Array(text.utf8))
        XCTAssertTrue(m.defects.contains { $0.kind == "headerLimitExceeded" })
        XCTAssertEqual(String(decoding: m.root.body, as: UTF8.self), "body")
        XCTAssertLessThan(seconds, 10)
    }

    func testBinaryJunkAndNULs() {
        var generator = SplitMix64(seed: 42)
        let junk = (0..<1_000_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let (_, seconds) = timed(junk)
        XCTAssertLessThan(seconds, 10)
        let nuls = Array("From: a\u{0}@b\nSubject: \u{0}\u{0}\n\n".utf8) + [UInt8](repeating: 0, count: 10_000)
        _ = timed(nuls)
    }

    func testSmallLimitsAreHonoured() {
        let limits = ParseLimits(maxHeaderBytes: 20, maxDepth: 1, maxParts: 2)
        let text = "From: a@b\nSubject: long enough subject\nContent-Type: multipart/mixed; boundary=q\n\n--q\n\na\n--q\n\nb\n--q--\n"
        let (m, _) = timed(Array(text.utf8), limits: limits)
        XCTAssertTrue(m.defects.contains { $0.kind == "headerLimitExceeded" })
    }
}
