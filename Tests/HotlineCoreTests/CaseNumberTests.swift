import HotlineCore
import XCTest

final class CaseNumberTests: XCTestCase {
    func testFormatsWithFourDigitSequence() {
        XCTAssertEqual(CaseNumber(prefix: "BB", day: "20261129", sequence: 7).description, "BB20261129-0007")
        XCTAssertEqual(CaseNumber(prefix: "BB", day: "20261129", sequence: 12345).description, "BB20261129-12345")
    }

    func testFindsNumbersAsPeopleRetypeThem() {
        let table: [(String, [String])] = [
            ("Re: [BB20261128-0001] 噪音", ["BB20261128-0001"]),
            ("回复：受理回执 bb20261128-0002", ["BB20261128-0002"]),
            ("ＢＢ２０２６１１２８－０００３ 补充材料", ["BB20261128-0003"]),
            ("BB 20261128 - 4 and BB20261128-0004", ["BB20261128-0004"]),
            ("ABB20261128-0001 is not ours", []),
            ("BB2026112-0001 short day", []),
            ("BB20261128-0000 zero", []),
            ("BB20261128-0001X glued", []),
            ("two: BB20261128-0001, BB20261127-0009", ["BB20261128-0001", "BB20261127-0009"]),
            ("", []),
        ]
        for (text, expected) in table {
            XCTAssertEqual(CaseNumber.find(in: text, prefix: "BB").map(\.description), expected, text)
        }
    }

    func testParsesExactlyOneNumber() {
        XCTAssertEqual(CaseNumber("BB20261129-0007", prefix: "BB")?.sequence, 7)
        XCTAssertEqual(CaseNumber("bb20261129-0007", prefix: "BB")?.description, "BB20261129-0007")
        XCTAssertNil(CaseNumber("BB20261129-0007 extra", prefix: "BB"))
        XCTAssertNil(CaseNumber("XX20261129-0007", prefix: "BB"))
    }
}
