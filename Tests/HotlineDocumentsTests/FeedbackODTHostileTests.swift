import Foundation
import HotlineCore
import HotlineTestSupport
import HotlineXML
import XCTest

@testable import HotlineDocuments

/// Zip bombs and hostile packages sent as a filled feedback sheet (issue 5 item 2): each refused
/// with its named reason, none taking more than a few MiB to refuse.
final class FeedbackODTHostileTests: XCTestCase {
    let reader = FeedbackODTReader(casePrefix: "BB", timeZone: FormFixtures.shanghai)
    static let fields = FeedbackODTReaderTests.identity
    static var content: [UInt8] { FeedbackODTFixture.content(decls: FeedbackODTFixture.decls(fields)) }
    static var mimetype: HandmadeZIP.Entry { HandmadeZIP.Entry("mimetype", Array(ODFNamespace.textMediaType.utf8), stored: true) }

    /// Resets the process's peak resident set to its current size (Linux: `clear_refs` 5,
    /// proc(5)) and returns that size in bytes; 0 when /proc cannot do it.
    static func resetPeakRSS() -> Int {
        guard (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil else { return 0 }
        return status("VmRSS")
    }

    /// The peak resident set since the last reset, in bytes (`VmHWM` in /proc/self/status).
    static func peakRSS() -> Int { status("VmHWM") }

    private static func status(_ field: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes * 1024
    }

    /// Reads `bytes`, expects `expected`, and checks the peak RSS grew by less than 32 MiB while
    /// refusing them (the largest buffer a refusal may fill is a declared size, here 4 MiB).
    private func assertRefused(_ name: String, _ bytes: [UInt8], _ expected: FeedbackODTProblem,
                               file: StaticString = #filePath, line: UInt = #line) {
        let before = Self.resetPeakRSS()
        XCTAssertThrowsError(try reader.read(bytes, name: name), name, file: file, line: line) {
            XCTAssertEqual($0 as? FeedbackODTProblem, expected, name, file: file, line: line)
        }
        let grown = Self.peakRSS() - before
        XCTAssertLessThan(grown, 32 << 20, "\(name): peak RSS grew", file: file, line: line)
        if ProcessInfo.processInfo.environment["HOTLINE_SHOW_RSS"] != nil { print("\(name): RSS \(before >> 20) MiB, peak +\(grown >> 10) KiB") }
    }

    func testOneGibibyteOfZeros() {
        let bomb = Deflate.zeros(mebibytes: 1024)
        XCTAssertLessThan(bomb.stream.count, 2 << 20, "the bomb itself is small")
        let honest = HandmadeZIP.Entry(name: "content.xml", deflated: bomb.stream, size: 1 << 30, crc: bomb.crc32)
        assertRefused("declared 1 GiB", HandmadeZIP([Self.mimetype, honest]).bytes,
                      .package(.entryTooLarge(entry: "content.xml", declared: 1 << 30, limit: 8 << 20)))

        var lying = honest
        lying.declaredUncompressed = 4 << 20  // 4 MiB from ~1 MiB: a ratio of 4, below every limit
        assertRefused("1 GiB declared as 4 MiB", HandmadeZIP([Self.mimetype, lying]).bytes,
                      .package(.sizeMismatch(entry: "content.xml", declared: 4 << 20, actual: (4 << 20) + 1)))

        var lyingLocally = lying
        lyingLocally.localUncompressed = 1 << 30
        assertRefused("local header says 1 GiB, central directory 4 MiB", HandmadeZIP([Self.mimetype, lyingLocally]).bytes,
                      .package(.localHeaderMismatch(entry: "content.xml")))
    }

    func testRatioBomb() {
        let bomb = Deflate.zeros(mebibytes: 6)  // 6 MiB, under the 8 MiB entry limit, from ~6 KB
        let entry = HandmadeZIP.Entry(name: "content.xml", deflated: bomb.stream, size: 6 << 20, crc: bomb.crc32)
        assertRefused("6 MiB of zeros", HandmadeZIP([Self.mimetype, entry]).bytes,
                      .package(.compressionRatioTooHigh(entry: "content.xml", compressed: bomb.stream.count,
                                                        uncompressed: 6 << 20, limit: 100)))
    }

    func testTooManyAndTooLarge() {
        let many = [Self.mimetype] + (1...200).map { HandmadeZIP.Entry("Pictures/\($0).png", [0]) }
        assertRefused("201 entries", HandmadeZIP(many).bytes, .package(.tooManyEntries(count: 201, limit: 200)))
        var lyingCount = HandmadeZIP(FeedbackODTFixture.entries(content: Self.content))
        lyingCount.declaredCount = 65_000
        assertRefused("end record claims 65,000 entries", lyingCount.bytes, .package(.tooManyEntries(count: 65_000, limit: 200)))

        assertRefused("11 MiB archive", [UInt8](repeating: 0, count: 11 << 20),
                      .package(.archiveTooLarge(bytes: 11 << 20, limit: 10 << 20)))

        var generator = SystemRandomNumberGenerator()
        let noise = (0..<(600 << 10)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var small = FeedbackODTReader(casePrefix: "BB", timeZone: FormFixtures.shanghai)
        small.zipLimits.maxTotalBytes = 1 << 20
        let twoLarge = HandmadeZIP(FeedbackODTFixture.entries(content: Self.content)
                                   + [HandmadeZIP.Entry("Pictures/a.bin", noise), HandmadeZIP.Entry("Pictures/b.bin", noise)])
        XCTAssertThrowsError(try small.read(twoLarge.bytes)) {
            XCTAssertEqual($0 as? FeedbackODTProblem, .package(.totalTooLarge(declared: 2 * (600 << 10) + 39 + Self.content.count, limit: 1 << 20)))
        }
    }

    func testLyingAndBrokenEntries() {
        var short = HandmadeZIP.Entry("content.xml", Self.content)
        short.declaredUncompressed = 100
        assertRefused("content.xml declared 100 bytes", HandmadeZIP([Self.mimetype, short]).bytes,
                      .package(.sizeMismatch(entry: "content.xml", declared: 100, actual: 101)))

        var long = HandmadeZIP.Entry("content.xml", Self.content)
        long.declaredUncompressed = Self.content.count + 10
        assertRefused("content.xml declared 10 bytes more", HandmadeZIP([Self.mimetype, long]).bytes,
                      .package(.sizeMismatch(entry: "content.xml", declared: Self.content.count + 10, actual: Self.content.count)))

        var truncated = HandmadeZIP.Entry("content.xml", Self.content)
        truncated.data = Array(truncated.data.prefix(truncated.data.count / 2))
        assertRefused("deflate stream cut in half", HandmadeZIP([Self.mimetype, truncated]).bytes,
                      .package(.corruptData(entry: "content.xml")))

        var badCRC = HandmadeZIP.Entry("content.xml", Self.content)
        badCRC.crc32 ^= 1
        assertRefused("wrong CRC", HandmadeZIP([Self.mimetype, badCRC]).bytes, .package(.checksumMismatch(entry: "content.xml")))

        var encrypted = HandmadeZIP.Entry("content.xml", Self.content)
        encrypted.flags = 1
        assertRefused("encrypted", HandmadeZIP([Self.mimetype, encrypted]).bytes, .package(.encrypted(entry: "content.xml")))

        var bzip2 = HandmadeZIP.Entry("content.xml", Self.content)
        bzip2.method = 12
        assertRefused("bzip2", HandmadeZIP([Self.mimetype, bzip2]).bytes,
                      .package(.unsupportedCompression(entry: "content.xml", method: 12)))

        var pastTheEnd = HandmadeZIP.Entry("content.xml", Self.content)
        pastTheEnd.declaredCompressed = 1 << 20
        assertRefused("compressed size past the directory", HandmadeZIP([Self.mimetype, pastTheEnd]).bytes,
                      .package(.malformed(detail: "data of \"content.xml\" runs into the central directory")))
    }

    func testOverlappingAndDuplicateEntries() {
        // An inner archive's local header and data, stored as the data of an outer entry; a
        // second central record points into it.
        let inner = HandmadeZIP([HandmadeZIP.Entry("content.xml", Self.content)]).bytes
        let innerLength = 30 + "content.xml".count + HandmadeZIP.Entry("content.xml", Self.content).data.count
        let outer = HandmadeZIP.Entry("Pictures/cover.bin", Array(inner.prefix(innerLength)), stored: true)
        var pointer = HandmadeZIP.Entry("content.xml", Self.content)
        pointer.centralOnly = true
        pointer.localOffsetOverride = 30 + 8 + 39 + 30 + "Pictures/cover.bin".count
        assertRefused("an entry inside another", HandmadeZIP([Self.mimetype, outer, pointer]).bytes,
                      .package(.overlappingEntries("Pictures/cover.bin", "content.xml")))

        let twice = HandmadeZIP([Self.mimetype, HandmadeZIP.Entry("content.xml", Self.content), HandmadeZIP.Entry("content.xml", Self.content)])
        assertRefused("content.xml twice", twice.bytes, .package(.duplicateEntryName("content.xml")))

        var renamed = HandmadeZIP.Entry("content.xml", Self.content)
        renamed.localOffsetOverride = 0  // points at mimetype's local header
        assertRefused("central record points at another local header", HandmadeZIP([Self.mimetype, renamed]).bytes,
                      .package(.localHeaderMismatch(entry: "content.xml")))
    }

    func testUnsafeEntryNames() {
        let names: [([UInt8], String)] = [
            (Array("../../etc/passwd".utf8), "../../etc/passwd"), (Array("/etc/passwd".utf8), "/etc/passwd"),
            (Array("Pictures/../../x".utf8), "Pictures/../../x"), (Array("Pictures\\..\\x".utf8), "Pictures\\..\\x"),
            (Array("C:/Windows/x".utf8), "C:/Windows/x"), ([0x61, 0x00, 0x62], "a\u{0}b"), (Array("a\nb".utf8), "a\nb"),
            ([0x61, 0xFF, 0x2E], "a\u{FFFD}."), ([], ""),
        ]
        for (raw, shown) in names {
            let zip = HandmadeZIP(FeedbackODTFixture.entries(content: Self.content) + [HandmadeZIP.Entry(rawName: raw, [1, 2, 3])])
            assertRefused(shown.debugDescription, zip.bytes, .package(.unsafeEntryName(shown)))
        }
    }

    func testNotAnODFTextPackage() throws {
        assertRefused("text", Array("这不是压缩包".utf8), .package(.notAZip))
        assertRefused("empty", [], .package(.notAZip))
        assertRefused("a PDF", Array("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n%%EOF\n".utf8), .package(.notAZip))
        assertRefused("a ZIP of a text file", HandmadeZIP([HandmadeZIP.Entry("readme.txt", Array("hello".utf8))]).bytes,
                      .notODFText(found: nil))
        let spreadsheet = "application/vnd.oasis.opendocument.spreadsheet"
        assertRefused("a spreadsheet", HandmadeZIP(FeedbackODTFixture.entries(content: Self.content, mimetype: spreadsheet)).bytes,
                      .notODFText(found: spreadsheet))
        assertRefused("no content.xml", HandmadeZIP([Self.mimetype]).bytes, .missingContent)
        assertRefused("no fields", FeedbackODTFixture.odt(decls: ""), .notAFeedbackSheet(missingFields: ["case_number", "form_number"]))
        assertRefused("no form number", FeedbackODTFixture.odt(fields: ["case_number": "BB20261130-0007"]),
                      .notAFeedbackSheet(missingFields: ["form_number"]))
        let styles = Array(#"<?xml version="1.0"?><office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>"#.utf8)
        assertRefused("content.xml of another root", HandmadeZIP(FeedbackODTFixture.entries(content: styles)).bytes,
                      .notODFContent(root: "office:document-styles"))

        let assignment = Form.assignment(AssignmentSheet(particulars: FormFixtures.particulars(.assignment), centerHead: "周主任"))
        assertRefused("an assignment sheet", try FeedbackODTReaderTests.render(assignment),
                      .anotherFormKind(FormNumber(kind: .assignment, year: 2026, sequence: 17)))
    }

    func testContentWithADoctypeIsRefused() {
        let laughs = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE office:document-content [<!ENTITY a "哈哈哈哈哈哈哈哈"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
            """ + FeedbackODTFixture.contentOpen.drop { $0 != "\n" } + FeedbackODTFixture.decls(Self.fields) + FeedbackODTFixture.contentClose
        let zip = HandmadeZIP(FeedbackODTFixture.entries(content: Array(laughs.utf8)))
        XCTAssertThrowsError(try reader.read(zip.bytes, name: "laughs.odt")) {
            guard case .content(.doctypeForbidden(let document, _)) = $0 as? FeedbackODTProblem else { return XCTFail("\($0)") }
            XCTAssertEqual(document, "laughs.odt/content.xml")
        }
    }

    /// ODFPackageReader goes through the same checks. Through ZIPFoundation it returned this
    /// entry's first 16 MiB (its own limit) although 1,000 bytes were declared, and a truncated
    /// stream's garbage without a CRC error.
    func testODFPackageReaderIsHardenedToo() throws {
        let bomb = Deflate.zeros(mebibytes: 1024)
        var lying = HandmadeZIP.Entry(name: "content.xml", deflated: bomb.stream, size: 1 << 30, crc: bomb.crc32)
        lying.declaredUncompressed = 1000
        let before = Self.resetPeakRSS()
        let reader = try ODFPackageReader(bytes: HandmadeZIP([Self.mimetype, lying]).bytes)
        XCTAssertThrowsError(try reader.read("content.xml")) {
            XCTAssertEqual($0 as? ODFPackageError,
                           .zip(ZIPProblem.sizeMismatch(entry: "content.xml", declared: 1000, actual: 1001).description))
        }
        XCTAssertLessThan(Self.peakRSS() - before, 32 << 20)
        XCTAssertThrowsError(try ODFPackageReader(bytes: HandmadeZIP([Self.mimetype, HandmadeZIP.Entry("../x", [1])]).bytes)) {
            XCTAssertEqual($0 as? ODFPackageError, .zip(ZIPProblem.unsafeEntryName("../x").description))
        }
        var truncated = HandmadeZIP.Entry("content.xml", Self.content)
        truncated.data = Array(truncated.data.prefix(truncated.data.count / 2))
        XCTAssertThrowsError(try ODFPackageReader(bytes: HandmadeZIP([Self.mimetype, truncated]).bytes).read("content.xml")) {
            XCTAssertEqual($0 as? ODFPackageError, .zip(ZIPProblem.corruptData(entry: "content.xml").description))
        }
        var huge = lying
        huge.declaredUncompressed = 1 << 30
        XCTAssertThrowsError(try ODFPackageReader(bytes: HandmadeZIP([Self.mimetype, huge]).bytes)) {
            XCTAssertEqual($0 as? ODFPackageError, .entryTooLarge(path: "content.xml", limit: 8 << 20))
        }
    }

    /// Every truncation and many one-byte changes of a real sheet: read or refused, never a crash
    /// or a hang.
    func testMutatedPackagesNeverCrash() throws {
        let odt = try FeedbackODTReaderTests.render(.feedback(FeedbackODTReaderTests.feedback(FormFixtures.answer)))
        for length in stride(from: 0, to: odt.count, by: 61) {
            XCTAssertThrowsError(try reader.read(Array(odt.prefix(length))), "truncated to \(length)")
        }
        var generator = SplitMix64(seed: 20_261_201)
        var read = 0
        for _ in 0..<1_500 {
            var mutated = odt
            let at = Int(generator.next() % UInt64(odt.count))
            mutated[at] = UInt8(truncatingIfNeeded: generator.next())
            if (try? reader.read(mutated)) != nil { read += 1 }
        }
        XCTAssertGreaterThan(read, 0, "changes to unchecked bytes (timestamps, attributes) still read")
    }
}
