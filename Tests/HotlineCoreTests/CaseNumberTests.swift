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

    /// Numbers order as numbers (issue 10, item 7): the day, then the sequence — not the text.
    func testNumbersOrderAsNumbers() {
        let n9999 = CaseNumber(prefix: "BB", day: "20261128", sequence: 9_999)
        let n10000 = CaseNumber(prefix: "BB", day: "20261128", sequence: 10_000)
        let nextDay = CaseNumber(prefix: "BB", day: "20261129", sequence: 1)
        XCTAssertLessThan(n9999, n10000)
        XCTAssertLessThan(n10000, nextDay)
        XCTAssertEqual([nextDay, n10000, n9999].sorted(), [n9999, n10000, nextDay])
        XCTAssertLessThan(n10000.description, n9999.description, "as text, \(n10000) sorts before \(n9999)")
        let f99999 = FormNumber(kind: .assignment, year: 2026, sequence: 99_999)
        let f100000 = FormNumber(kind: .assignment, year: 2026, sequence: 100_000)
        XCTAssertLessThan(f99999, f100000)
        XCTAssertGreaterThan(f99999.description, f100000.description, "as text, -99999 sorts after -100000")
        XCTAssertLessThan(FormNumber(kind: .assignment, year: 2026, sequence: 7), FormNumber(kind: .assignment, year: 2027, sequence: 1))
    }
}
