import Foundation
import HotlineCore
@testable import HotlineDocuments
import XCTest

/// Decompression bombs and slow scans (issue 9, item 6): a fax attachment declaring a picture no fax
/// has is refused from its declared size before any tool starts; the scans of one message share one
/// time budget; every scan refused or stopped is handed back to be recorded. The bombs are made here,
/// a few hundred bytes each. No timing is asserted: a refusal "before any tool" is shown by a scanner
/// that has no tools at all (it would say `toolMissing` had it got that far).
final class FaxScanBombTests: XCTestCase {
    var work: URL!

    override func setUpWithError() throws {
        work = try ExternalTool.temporaryDirectory(self)
    }

    /// A scanner that finds no tool: whatever it refuses, it refused before starting one.
    func toolless(_ limits: FaxQRScanner.Limits = .init()) -> FaxQRScanner {
        FaxQRScanner(limits: limits, temporaryDirectory: work, searchPath: [])
    }

    // MARK: - the bombs

    /// A one-page little-endian G4 TIFF declaring `width` × `height`, with four bytes of "data".
    static func tiff(width: Int, height: Int) -> [UInt8] {
        var b: [UInt8] = [0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0]
        func u16(_ v: Int) { b += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: Int) { u16(v & 0xFFFF); u16(v >> 16) }
        let entries = [(256, 4, width), (257, 4, height), (259, 3, 4), (273, 4, 8 + 2 + 12 * 5 + 4), (279, 4, 4)]
        u16(entries.count)
        for (tag, type, value) in entries { u16(tag); u16(type); u32(1); u32(value) }
        u32(0)
        return b + [0x00, 0x01, 0x00, 0x01]
    }

    /// A one-page PDF whose image XObject (behind a FlateDecode chain) declares `width` × `height`;
    /// `byReference` gives both as indirect objects, which only `pdfimages -list` resolves.
    static func pdf(width: Int, height: Int, byReference: Bool = false) -> [UInt8] {
        let data = [UInt8]([0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])
        let size = byReference ? "/Width 6 0 R /Height 7 0 R" : "/Width \(width) /Height \(height)"
        let content = "q 612 0 0 792 0 0 cm /Im1 Do Q"
        var objects: [[UInt8]] = [
            Array("<< /Type /Catalog /Pages 2 0 R >>".utf8),
            Array("<< /Type /Pages /Kids [3 0 R] /Count 1 >>".utf8),
            Array("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>".utf8),
            Array("<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream".utf8),
            Array("<< /Type /XObject /Subtype /Image \(size) /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter [/FlateDecode /FlateDecode] /Length \(data.count) >>\nstream\n".utf8)
                + data + Array("\nendstream".utf8),
        ]
        if byReference { objects += [Array("\(width)".utf8), Array("\(height)".utf8)] }
        return JPEGPage.document(objects)
    }

    /// A PNG signature and IHDR declaring `width` × `height` (nothing after it).
    static func png(width: Int, height: Int) -> [UInt8] {
        func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + be32(13) + Array("IHDR".utf8) + be32(width) + be32(height)
            + [8, 0, 0, 0, 0] + [0, 0, 0, 0]
    }

    /// A JPEG's SOI and a baseline SOF0 declaring `width` × `height`.
    static func jpeg(width: Int, height: Int) -> [UInt8] {
        [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8), UInt8(width & 0xFF),
         0x01, 0x01, 0x11, 0x00, 0xFF, 0xD9]
    }

    func testBombsAreRefusedFromTheirDeclaredSizeBeforeAnyTool() {
        let table: [(String, [UInt8], String, Int, Int)] = [
            ("G4 TIFF page", Self.tiff(width: 100_000, height: 100_000), "image/tiff", 100_000, 100_000),
            ("TIFF, one side", Self.tiff(width: 1_728, height: 90_000), "image/tiff", 1_728, 90_000),
            ("PDF image behind FlateDecode", Self.pdf(width: 100_000, height: 100_000), "application/pdf", 100_000, 100_000),
            ("PNG", Self.png(width: 65_536, height: 65_536), "image/png", 65_536, 65_536),
            ("JPEG", Self.jpeg(width: 65_000, height: 40_000), "image/jpeg", 65_000, 40_000),
            // Fill bytes, an APP0 segment and a marker without a length before the frame header:
            // once read as lengths, which lost the size and let the picture through unchecked.
            ("JPEG behind fill bytes and TEM", [0xFF, 0xD8, 0xFF, 0xFF, 0xFF, 0xE0, 0x00, 0x04, 0x4A, 0x46, 0xFF, 0x01]
                + Self.jpeg(width: 65_000, height: 40_000).dropFirst(2), "image/jpeg", 65_000, 40_000),
            ("PNG, 80 megapixels in sides each allowed", Self.png(width: 8_000, height: 10_000), "image/png", 8_000, 10_000),
        ]
        for (label, bytes, type, w, h) in table {
            XCTAssertThrowsError(try toolless().scan(bytes, mediaType: type), label) { error in
                XCTAssertEqual(error as? FaxScanProblem, .pictureTooLarge(width: w, height: h, maxPixels: 64_000_000), label)
            }
        }
        // A fax-sized picture passes the check and goes on to the tools (here: none installed).
        for (label, bytes, type) in [("TIFF", Self.tiff(width: 1_728, height: 2_292), "image/tiff"),
                                     ("PDF", Self.pdf(width: 1_728, height: 2_292), "application/pdf"),
                                     ("PNG", Self.png(width: 1_700, height: 2_200), "image/png"),
                                     ("a 600-dpi A4 scan", Self.png(width: 4_960, height: 7_016), "image/png"),
                                     ("a 48 MP phone photo", Self.jpeg(width: 8_064, height: 6_048), "image/jpeg")] {
            XCTAssertThrowsError(try toolless().scan(bytes, mediaType: type), label) { error in
                guard case .toolMissing = error as? FaxScanProblem else { return XCTFail("\(label): \(error)") }
            }
        }
        // A JPEG whose markers give no frame size is malformed, never handed to a decoder unchecked.
        XCTAssertThrowsError(try toolless().scan([0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x08, 1, 2, 3, 4, 5, 6, 0xFF, 0xD9], mediaType: "image/jpeg")) {
            guard case .malformed = $0 as? FaxScanProblem else { return XCTFail("\($0)") }
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: work.path), [], "no work folder left")
    }

    func testAPDFImageSizedByReferenceIsRefusedByPdfimagesBeforeRendering() throws {
        // Only pdfimages is installed for this scanner: rendering (pdfinfo, pdftoppm) would be toolMissing.
        let bin = work.appendingPathComponent("bin", isDirectory: true)
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: bin.appendingPathComponent("pdfimages").path,
                                                   withDestinationPath: try ExternalTool.require("pdfimages"))
        let scanner = FaxQRScanner(temporaryDirectory: try ExternalTool.temporaryDirectory(self), searchPath: [bin.path])
        XCTAssertThrowsError(try scanner.scan(Self.pdf(width: 100_000, height: 100_000, byReference: true), mediaType: "application/pdf")) {
            XCTAssertEqual($0 as? FaxScanProblem, .pictureTooLarge(width: 100_000, height: 100_000, maxPixels: 64_000_000))
        }
        XCTAssertEqual(DeclaredPictureSize.pdfImages(Self.pdf(width: 1, height: 1, byReference: true)).width, 0, "a reference is not read as a number")
    }

    /// Seconds on a clock the test moves.
    final class ManualClock: @unchecked Sendable {
        var seconds = 0.0
    }

    func testOneBudgetSpansTheScansOfAMessage() throws {
        let bin = work.appendingPathComponent("bin", isDirectory: true)
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let zbarimg = bin.appendingPathComponent("zbarimg")
        // A zbarimg that finds nothing (exit 4) at once, or that hangs when told to.
        try "#!/bin/sh\nif [ -e \"\(work.path)/hang\" ]; then exec /bin/sleep 30; fi\nexit 4\n".write(to: zbarimg, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: zbarimg.path)
        let scanner = FaxQRScanner(temporaryDirectory: try ExternalTool.temporaryDirectory(self), searchPath: [bin.path])
        let clock = ManualClock()
        let budget = ScanBudget(seconds: 30, now: { clock.seconds })
        // A whole (white) picture: a PNG is decoded by us before zbarimg runs.
        let page = PNGImage.encodeBilevel(width: 170, height: 220) { _, _ in false }

        XCTAssertEqual(try scanner.scan(page, mediaType: "image/png", budget: budget).codes, [], "the first attachment is scanned")
        clock.seconds = 29
        // What is left of the message's budget, not the tool's own 30 s, is the next tool's deadline.
        FileManager.default.createFile(atPath: work.appendingPathComponent("hang").path, contents: Data())
        XCTAssertThrowsError(try scanner.scan(page, mediaType: "image/png", budget: budget)) {
            XCTAssertEqual($0 as? FaxScanProblem, .timedOut(tool: "zbarimg", seconds: 1))
        }
        clock.seconds = 31
        XCTAssertThrowsError(try scanner.scan(page, mediaType: "image/png", budget: budget)) {
            XCTAssertEqual($0 as? FaxScanProblem, .budgetSpent(seconds: 30))
        }
    }

    func testTheReaderHandsBackEveryScanItCouldNotRead() throws {
        let reader = FeedbackDocumentReader(schema: try FormSchemaTests.schema(), casePrefix: "BB", timeZone: FormFixtures.shanghai,
                                            units: UnitsRegistry(units: []), scanner: toolless(.init(messageBudget: 0)),
                                            tagger: FormTag(secret: Array("bomb test secret".utf8)))
        func attachment(_ name: String, _ type: String, _ bytes: [UInt8]) -> (stored: StoredAttachment, bytes: [UInt8]) {
            (StoredAttachment(originalName: name, storedName: "\(sha256Hex(bytes)).bin", contentType: type, size: bytes.count,
                              sha256: sha256Hex(bytes), partPath: "2"), bytes)
        }
        let attachments = [attachment("bomb.tif", "image/tiff", Self.tiff(width: 100_000, height: 100_000)),
                           attachment("bomb.pdf", "application/pdf", Self.pdf(width: 100_000, height: 100_000)),
                           attachment("page.png", "image/png", Self.png(width: 1_700, height: 2_200))]
        let read = reader.readout(in: attachments, role: .fax)
        XCTAssertEqual(read.sheets, [])
        XCTAssertEqual(read.unreadScans.map(\.originalName), ["bomb.tif", "bomb.pdf", "page.png"])
        XCTAssertEqual(read.unreadScans.map(\.reason), [.pictureTooLarge, .pictureTooLarge, .budgetSpent])
        XCTAssertTrue(read.unreadScans[0].message.contains("100000×100000"), read.unreadScans[0].message)
        // The citizens' mailbox scans nothing, so nothing is refused there.
        XCTAssertEqual(reader.readout(in: attachments, role: .citizen).unreadScans, [])
    }

    /// A fax page the real scanner cannot read because its tools are missing is a fault of ours
    /// (`toolFailed`), which intake turns into "leave the message at its source" (issue 9, item 3) —
    /// not `unreadable`, which would file the fax as a letter without a sheet.
    func testAMissingToolIsAFaultOfOursNotAnUnreadablePage() throws {
        let reader = FeedbackDocumentReader(schema: try FormSchemaTests.schema(), casePrefix: "BB", timeZone: FormFixtures.shanghai,
                                            units: UnitsRegistry(units: []), scanner: toolless(),
                                            tagger: FormTag(secret: Array("tool test secret".utf8)))
        let page = Self.png(width: 1_700, height: 2_200)
        let stored = StoredAttachment(originalName: "page.png", storedName: "\(sha256Hex(page)).png", contentType: "image/png",
                                      size: page.count, sha256: sha256Hex(page), partPath: "2")
        let read = reader.readout(in: [(stored, page)], role: .fax)
        XCTAssertEqual(read.unreadScans.map(\.reason), [.toolFailed], "\(read.unreadScans)")
        XCTAssertTrue(read.unreadScans.first?.message.contains("not installed") ?? false, "\(read.unreadScans)")
    }
}
