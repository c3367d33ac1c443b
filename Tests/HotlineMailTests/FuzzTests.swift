import HotlineTestSupport
import XCTest
@testable import HotlineMail

/// Random mutations of corpus messages, and byte-at-a-time truncations: nothing may crash.
final class FuzzTests: XCTestCase {
    func exercise(_ bytes: [UInt8]) {
        let m = MailParser.parse(bytes)
        _ = m.bodyText
        _ = m.attachments
        for leaf in m.leaves() { _ = leaf.part.text() }
        _ = MessageInspection.json(for: m, raw: bytes)
    }

    func testRandomMutationsOfCorpus() throws {
        let files = try CorpusTests.corpusFiles()
        var generator = SplitMix64(seed: 2026)
        let interesting = Array("\r\n:;=?\"<>-\\()@,B Q".utf8) + [0x00, 0x80, 0xFF, 0xD6]
        for rel in files where Int.random(in: 0..<4, using: &generator) == 0 {
            guard let data = FileManager.default.contents(atPath: CorpusTests.corpusURL.path + "/" + rel) else { continue }
            let original = [UInt8](data)
            guard !original.isEmpty else { continue }
            for _ in 0..<5 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...20, using: &generator) {
                    let i = Int.random(in: 0..<bytes.count, using: &generator)
                    switch Int.random(in: 0..<4, using: &generator) {
                    case 0: bytes[i] = interesting.randomElement(using: &generator) ?? 0
                    case 1: bytes.remove(at: i)
                    case 2: bytes.insert(contentsOf: bytes[i..<min(bytes.count, i + 40)], at: i)
                    default: bytes[i] = UInt8.random(in: 0...255, using: &generator)
                    }
                    if bytes.isEmpty { break }
                }
                exercise(bytes)
            }
        }
    }

    /// A decoder fed "one byte at a time" (swift-nio's habit): every prefix of a message parses.
    func testEveryTruncationOfOneMessage() {
        let text = """
        From: =?gb2312?B?1cXI/Q==?= <a@b>\r
        Subject: =?utf-8?B?5Lit5paH?= test\r
        Content-Type: multipart/mixed; boundary="==b=="\r
        \r
        --==b==\r
        Content-Type: text/plain; charset=gb2312\r
        Content-Transfer-Encoding: quoted-printable\r
        \r
        =D6=D0=CE=C4\r
        --==b==\r
        Content-Type: application/octet-stream; name*=utf-8''%E4%B8%AD\r
        Content-Transfer-Encoding: base64\r
        \r
        AAECAwQ=\r
        --==b==--\r
        """
        let bytes = Array(text.utf8)
        for n in 0...bytes.count { exercise(Array(bytes[..<n])) }
    }
}
