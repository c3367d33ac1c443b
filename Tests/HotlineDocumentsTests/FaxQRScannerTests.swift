import Foundation
import HotlineCore
@testable import HotlineDocuments
import HotlineTestSupport
import XCTest

/// `FaxQRScanner` on the committed fax fixtures (Tests/Fixtures/fax, made by
/// scripts/make-fax-fixtures.py): the QR text of every page, our codes accepted with the fixture
/// secret and another center's refused, the paper letter without code, the noisy page through the
/// median filter, and broken or hostile attachments as `FaxScanProblem`s, never a crash.
final class FaxQRScannerTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fax")
    /// The form secret the fixtures were made with (Tests/Fixtures/fax/README.md).
    static let secret = "fax-fixture-secret-2026"
    static let ours = "HLF1 feedback BB20261128-0002 FK2026-00001 k31sp35z"
    static let foreign = "HLF1 feedback BB20261128-0002 FK2026-00001 44rxsvbn"

    var work: URL!
    var scanner: FaxQRScanner!

    override func setUpWithError() throws {
        for tool in FaxQRScanner.tools { _ = try ExternalTool.require(tool) }
        work = try ExternalTool.temporaryDirectory(self)
        scanner = FaxQRScanner(temporaryDirectory: work)
    }

    func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent(name)))
    }

    func scan(_ name: String, _ mediaType: String) throws -> FaxScan {
        let started = Date()
        let result = try scanner.scan(try fixture(name), mediaType: mediaType)
        print("scan \(name): \(result.pageCount) page(s), \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: work.path), [], "work folder left behind")
        return result
    }

    /// The codes of each page, and which pages needed the median filter.
    func assertPages(_ scan: FaxScan, _ expected: [[String]], filtered: Set<Int> = [], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(scan.pageCount, expected.count, file: file, line: line)
        XCTAssertEqual(scan.pages.map(\.number), Array(1...expected.count), file: file, line: line)
        XCTAssertEqual(scan.pages.map(\.codes), expected, file: file, line: line)
        XCTAssertEqual(Set(scan.pages.filter(\.medianFiltered).map(\.number)), filtered, "pages that needed the median filter", file: file, line: line)
    }

    // MARK: - the fixtures

    func testFineResolutionG4() throws {
        let scan = try scan("feedback-fine-g4.tif", "image/tiff")
        XCTAssertEqual(scan.format, .tiff)
        assertPages(scan, [[Self.ours]])
    }

    func testStandardResolutionG3() throws {
        assertPages(try scan("feedback-standard-g3.tif", "image/tiff; name=\"fax0001.tif\""), [[Self.ours]])
    }

    func testHeavyNoiseNeedsAndGetsTheMedianFilter() throws {
        // medianFiltered: zbar found nothing on the page as sent, and the code after the filter.
        assertPages(try scan("feedback-heavy-noise-g4.tif", "image/tiff"), [[Self.ours]], filtered: [1])
    }

    func testMultiPageFindsTheCodeOnPageTwoOnly() throws {
        // Covering letter, the sheet's first page (QR), its second page signed by hand.
        assertPages(try scan("reply-multipage-g4.tif", "image/tiff"), [[], [Self.ours], []])
    }

    func testPDFFax() throws {
        let scan = try scan("reply-fax.pdf", "application/pdf")
        XCTAssertEqual(scan.format, .pdf)
        assertPages(scan, [[Self.ours], []])
    }

    func testPaperLetterHasNoCode() throws {
        assertPages(try scan("paper-letter-g4.tif", "image/tiff"), [[]])
    }

    func testAnotherCentersCodeIsReadButItsTagDoesNotCheck() throws {
        let scan = try scan("foreign-center-g4.tif", "image/tiff")
        assertPages(scan, [[Self.foreign]])
        let tagger = FormTag(secret: Array(Self.secret.utf8))
        XCTAssertThrowsError(try FormQRPayload.parse(scan.codes[0], casePrefix: "BB", tagger: tagger)) { error in
            XCTAssertEqual(error as? FormQRPayload.Rejection, .badTag)
        }
    }

    func testPhotoAndPictureOfTheSheet() throws {
        let jpeg = try scan("feedback-photo.jpg", "image/jpeg")
        XCTAssertEqual(jpeg.format, .jpeg)
        assertPages(jpeg, [[Self.ours]])
        assertPages(try scan("feedback-top.png", "image/png"), [[Self.ours]])
    }

    func testOctetStreamIsReadByItsContent() throws {
        let scan = try scan("feedback-fine-g4.tif", "application/octet-stream")
        XCTAssertEqual(scan.format, .tiff)
        XCTAssertEqual(scan.codes, [Self.ours])
    }

    func testOurCodeParsesWithTheFixtureSecretOnly() throws {
        let payload = try FormQRPayload.parse(Self.ours, casePrefix: "BB", tagger: FormTag(secret: Array(Self.secret.utf8)))
        XCTAssertEqual(payload.kind, .feedback)
        XCTAssertEqual(payload.caseNumber.description, "BB20261128-0002")
        XCTAssertEqual(payload.formNumber.description, "FK2026-00001")
        XCTAssertThrowsError(try FormQRPayload.parse(Self.ours, casePrefix: "BB", tagger: FormTag(secret: Array("another-center-secret-2026".utf8))))
    }

    // MARK: - broken and hostile attachments

    func assertProblem(_ bytes: [UInt8], _ mediaType: String, limits: FaxQRScanner.Limits = .init(), file: StaticString = #filePath, line: UInt = #line,
                       _ check: (FaxScanProblem) -> Bool) {
        let scanner = FaxQRScanner(limits: limits, temporaryDirectory: work)
        XCTAssertThrowsError(try scanner.scan(bytes, mediaType: mediaType), file: file, line: line) { error in
            guard let problem = error as? FaxScanProblem else { return XCTFail("not a FaxScanProblem: \(error)", file: file, line: line) }
            XCTAssertTrue(check(problem), "unexpected: \(problem)", file: file, line: line)
            XCTAssertFalse(problem.description.isEmpty)
        }
        XCTAssertEqual((try? FileManager.default.contentsOfDirectory(atPath: work.path)) ?? ["?"], [], "work folder left behind", file: file, line: line)
    }

    func testTruncatedTIFFIsMalformedNotAShorterFax() throws {
        let tiff = try fixture("reply-multipage-g4.tif")
        // tiff2pdf alone would warn and make a PDF of the pages before the cut, exit 0.
        assertProblem(Array(tiff.prefix(tiff.count / 2)), "image/tiff") {
            if case .malformed(let why) = $0 { return why.contains("cut short") }
            return false
        }
        assertProblem(Array(tiff.prefix(10)), "image/tiff") { if case .malformed = $0 { return true }; return false }
    }

    func testGarbageTIFFIsMalformed() throws {
        var rng = SplitMix64(seed: 7)
        assertProblem([0x49, 0x49, 0x2A, 0x00] + rng.bytes(5_000), "image/tiff") { if case .malformed = $0 { return true }; return false }
        assertProblem([0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08], "image/tiff") {
            if case .malformed = $0 { return true }; return false
        }
    }

    func testScrambledImageDataIsReadWithoutCrashing() throws {
        // A sound directory over G4 data overwritten with noise: tiff2pdf passes the data through,
        // poppler decodes what it can. Either no code or a named problem, never a crash.
        var tiff = try fixture("feedback-fine-g4.tif")
        var rng = SplitMix64(seed: 11)
        let noise = rng.bytes(8_000)
        tiff.replaceSubrange(2_000..<10_000, with: noise)
        do {
            let scan = try scanner.scan(tiff, mediaType: "image/tiff")
            XCTAssertEqual(scan.pageCount, 1)
        } catch {
            // `scan` throws only FaxScanProblem (typed throws).
            if case .unreadable = error {} else { XCTFail("unexpected \(error)") }
        }
    }

    func testTruncatedAndGarbagePDFAreUnreadable() throws {
        let pdf = try fixture("reply-fax.pdf")
        assertProblem(Array(pdf.prefix(pdf.count / 2)), "application/pdf") {
            // pdfimages -list, which runs first now, or pdfinfo.
            if case .unreadable(let tool, _, _) = $0 { return tool == "pdfimages" || tool == "pdfinfo" }
            return false
        }
        var rng = SplitMix64(seed: 3)
        assertProblem(Array("%PDF-1.4\n".utf8) + rng.bytes(3_000), "application/pdf") {
            if case .unreadable = $0 { return true }; return false
        }
    }

    func testGarbagePictureIsUnreadable() throws {
        var rng = SplitMix64(seed: 5)
        // Refused before decoding: no IHDR where it must be (or one declaring a huge picture), else by zbarimg.
        assertProblem([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + rng.bytes(2_000), "image/png") {
            if case .unreadable(let tool, _, _) = $0 { return tool == "zbarimg" }
            if case .pictureTooLarge = $0 { return true }
            if case .malformed = $0 { return true }
            return false
        }
    }

    func testAPictureDeclaringAHugeSizeIsRefusedBeforeDecoding() throws {
        let png = try [UInt8](Data(contentsOf: FormFixtures.repo.appendingPathComponent("Tests/Fixtures/fax/feedback-top.png")))
        XCTAssertNotNil(DeclaredPictureSize.picture(png, format: .png))
        var huge = png
        huge.replaceSubrange(16..<24, with: [0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00])  // 65,536 × 65,536
        XCTAssertThrowsError(try FaxQRScanner().scan(huge, mediaType: "image/png")) { error in
            XCTAssertEqual(error as? FaxScanProblem, .pictureTooLarge(width: 65_536, height: 65_536, maxPixels: 64_000_000))
        }
        let jpeg = try [UInt8](Data(contentsOf: FormFixtures.repo.appendingPathComponent("Tests/Fixtures/fax/feedback-photo.jpg")))
        let size = try XCTUnwrap(DeclaredPictureSize.picture(jpeg, format: .jpeg))
        XCTAssertTrue(size.0 > 100 && size.1 > 100, "\(size)")
    }

    func testLabelsAndLimits() throws {
        let tiff = try fixture("feedback-fine-g4.tif")
        let pdf = try fixture("reply-fax.pdf")
        assertProblem(tiff, "text/html") { $0 == .unsupportedMediaType("text/html") }
        assertProblem([], "image/tiff") { $0 == .empty }
        assertProblem(pdf, "image/tiff") { $0 == .contentMismatch(declared: "image/tiff", found: .pdf) }
        assertProblem(Array("<svg xmlns='http://www.w3.org/2000/svg'/>".utf8), "image/png") {
            $0 == .contentMismatch(declared: "image/png", found: nil)
        }
        assertProblem(tiff, "image/tiff", limits: .init(maxBytes: 1_000)) { $0 == .tooLarge(bytes: tiff.count, limit: 1_000) }
        assertProblem(try fixture("reply-multipage-g4.tif"), "image/tiff", limits: .init(maxPages: 2)) { $0 == .tooManyPages(count: 3, limit: 2) }
        assertProblem(pdf, "application/pdf", limits: .init(maxPages: 1)) { $0 == .tooManyPages(count: 2, limit: 1) }
    }

    func testToolsThatHangAreKilledAndMissingToolsNamed() throws {
        let bin = work.appendingPathComponent("fake-bin", isDirectory: true)
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let outside = try ExternalTool.temporaryDirectory(self)
        let hanging = FaxQRScanner(limits: .init(toolTimeout: 1), temporaryDirectory: outside, searchPath: [bin.path])
        let png = try fixture("feedback-top.png")
        XCTAssertThrowsError(try hanging.scan(png, mediaType: "image/png")) { XCTAssertEqual($0 as? FaxScanProblem, .toolMissing("zbarimg")) }

        try "#!/bin/sh\nexec /bin/sleep 30\n".write(to: bin.appendingPathComponent("zbarimg"), atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin.appendingPathComponent("zbarimg").path)
        let started = Date()
        XCTAssertThrowsError(try hanging.scan(png, mediaType: "image/png")) {
            XCTAssertEqual($0 as? FaxScanProblem, .timedOut(tool: "zbarimg", seconds: 1))
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside.path), [])
    }
}
