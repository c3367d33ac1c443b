import XCTest
@testable import HotlineMail

final class EncodedWordsTests: XCTestCase {
    func testDecodeTable() {
        let cases: [(String, String, UInt)] = [
            ("=?utf-8?B?5Lit5paH?=", "中文", #line),
            ("=?UTF-8?b?5Lit5paH?=", "中文", #line),
            ("=?utf-8?Q?caf=C3=A9_au_lait?=", "café au lait", #line),
            ("=?iso-8859-1?q?a_b?=", "a b", #line),
            // RFC 2047 §6.2: whitespace between adjacent words is dropped.
            ("=?utf-8?B?5Lit?= \r\n =?utf-8?B?5paH?=", "中文", #line),
            ("=?utf-8?Q?a?= =?utf-8?Q?b?=", "ab", #line),
            // ...but kept between a word and text.
            ("=?utf-8?Q?a?= b", "a b", #line),
            // A multibyte character split across two words: bytes are joined first.
            ("=?utf-8?B?5A==?= =?utf-8?B?uK0=?=", "中", #line),
            ("=?gb2312?B?1g==?= =?gb2312?B?0A==?=", "中", #line),
            // Glued inside an atom.
            ("abc=?utf-8?B?5Lit?=def", "abc中def", #line),
            // Malformed words stay text.
            ("=?utf-8?X?abc?=", "=?utf-8?X?abc?=", #line),
            ("=?utf-8?B?abc", "=?utf-8?B?abc", #line),
            ("plain text", "plain text", #line),
            ("=?gbk?B?xOO6ww==?=", "你好", #line),
            ("=?big5?B?pKSk5Q==?=", "中文", #line),
            ("=?utf-8*zh?B?5Lit?=", "中", #line),
        ]
        for (input, expected, line) in cases {
            XCTAssertEqual(EncodedWords.decode(input), expected, input, line: line)
        }
    }

    func testMalformedWordReportsDefect() {
        XCTAssertTrue(EncodedWords.decodeReporting("=?utf-8?B?5Lit?=x").defects.contains("encodedWordGlued"))
        XCTAssertTrue(EncodedWords.decodeReporting("=?utf-8?Z?x?=").defects.contains("malformedEncodedWord"))
    }

    func testEncodeRoundTripAndLineLength() {
        let texts = ["市民投诉：小区噪音扰民问题请尽快处理，谢谢！" + String(repeating: "长", count: 80),
                     "mixed ASCII 和中文 with emoji 😀👍🏽", "é"]
        for text in texts {
            let encoded = EncodedWords.encode(text)
            for line in encoded.components(separatedBy: "\r\n") {
                XCTAssertLessThanOrEqual(line.count, 76, line)
            }
            XCTAssertEqual(EncodedWords.decode(encoded), text)
            // Each word decodes alone: split at character boundaries.
            for word in encoded.components(separatedBy: "\r\n ") {
                XCTAssertFalse(EncodedWords.decode(word).contains("\u{FFFD}"))
            }
        }
    }
}
