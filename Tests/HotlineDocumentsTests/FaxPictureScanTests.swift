import Foundation
import HotlineCore
@testable import HotlineDocuments
import XCTest

/// PNGs and JPEGs from strangers reach zbarimg only as grey maps of ours (issue 10, item 6): the
/// layouts zbarimg once read itself (RGBA, interlaced, palette; grey, colour, CMYK and progressive
/// JPEG) read end to end with a real QR code, at the picture's own size, and a spy on zbarimg's
/// arguments. The pictures are made here: PNGs by `TestPNG`, JPEGs by poppler's and cairo's
/// JPEG writers (`pdftoppm -jpeg`, `pdftocairo -jpeg -gray`).
final class FaxPictureScanTests: XCTestCase {
    static let code = FaxQRScannerTests.ours

    var work: URL!
    var scanner: FaxQRScanner!

    override func setUpWithError() throws {
        for tool in FaxQRScanner.tools { _ = try ExternalTool.require(tool) }
        work = try ExternalTool.temporaryDirectory(self)
        scanner = FaxQRScanner(temporaryDirectory: try ExternalTool.temporaryDirectory(self))
    }

    /// Our code's modules, `scale` pixels each, four modules of quiet zone: dark(x, y) over a `side`-pixel square.
    func qr(scale: Int) throws -> (side: Int, dark: (Int, Int) -> Bool) {
        let matrix = try QRCode.matrix(for: Self.code)
        let side = (matrix.size + 8) * scale
        return (side, { x, y in matrix[row: y / scale - 4, column: x / scale - 4] })
    }

    func file(_ name: String) -> URL { work.appendingPathComponent(name) }

    // MARK: - PNG

    func testAnRGBAPNGOnATransparentBackgroundIsReadOverWhite() throws {
        let (side, dark) = try qr(scale: 6)
        // Light modules are transparent *black*: read only when alpha goes over white.
        let rgba = TestPNG(width: side, height: side, colourType: 6, bitDepth: 8) { x, y in dark(x, y) ? [0, 0, 0, 255] : [0, 0, 0, 0] }
        XCTAssertEqual(try scanner.scan(rgba.bytes, mediaType: "image/png").codes, [Self.code])
        let greyAlpha = TestPNG(width: side, height: side, colourType: 4, bitDepth: 16, interlaced: true) { x, y in
            dark(x, y) ? [0x1000, 0xFFFF] : [0, 0]
        }
        XCTAssertEqual(try scanner.scan(greyAlpha.bytes, mediaType: "image/png").codes, [Self.code])
    }

    func testInterlacedPNGsAreRead() throws {
        let (side, dark) = try qr(scale: 5)
        var palette = TestPNG(width: side, height: side, colourType: 3, bitDepth: 2, interlaced: true) { x, y in [dark(x, y) ? 2 : 1] }
        palette.palette = [255, 0, 0, 250, 250, 210, 20, 20, 90]
        let rgb = TestPNG(width: side, height: side, colourType: 2, bitDepth: 8, interlaced: true) { x, y in
            dark(x, y) ? [0, 0, 128] : [255, 255, 160]
        }
        for (label, png) in [("palette, 2 bits", palette), ("RGB", rgb)] {
            let scan = try scanner.scan(png.bytes, mediaType: "image/png")
            XCTAssertEqual(scan.format, .png)
            XCTAssertEqual(scan.codes, [Self.code], label)
            // libpng (zbarimg's own reading, here only as the test's referee) reads the same file:
            // the test writer's Adam7 is the standard's, not a mistake the decoder shares.
            let direct = file("direct.png")
            try Data(png.bytes).write(to: direct)
            let run = try ExternalTool.run(try ExternalTool.require("zbarimg"), ["--nodbus", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", "png:\(direct.path)"])
            XCTAssertEqual(run.text.trimmingCharacters(in: .whitespacesAndNewlines), Self.code, label)
        }
    }

    func testAPNGWhoseImageDataInflatePastItsHeaderIsMalformed() throws {
        let header = TestPNG.be32(100) + TestPNG.be32(100) + [8, 0, 0, 0, 0]
        let bomb = PNGImage.signature + TestPNG.chunk("IHDR", header)
            + TestPNG.chunk("IDAT", TestPNG.deflate([UInt8](repeating: 0, count: 10 << 20))) + TestPNG.chunk("IEND", [])
        XCTAssertThrowsError(try scanner.scan(bomb, mediaType: "image/png")) {
            XCTAssertEqual($0 as? FaxScanProblem, .malformed(PNGProblem.tooMuchImageData(declared: 10_100).description))
        }
        let cut = Array(TestPNG(width: 40, height: 40, colourType: 0, bitDepth: 8) { x, y in [x * y % 256] }.bytes.dropLast(40))
        XCTAssertThrowsError(try scanner.scan(cut, mediaType: "image/png")) {
            guard case .malformed = $0 as? FaxScanProblem else { return XCTFail("\($0)") }
        }
    }

    // MARK: - JPEG

    /// A one-page PDF of our code in colour (dark blue on pale yellow), the page `width` × `height`
    /// points with the code's picture at (`x`, `y`), one pixel a point.
    func qrPDF(width: Int, height: Int, at x: Int = 0, _ y: Int = 0, scale: Int = 8) throws -> URL {
        let (side, dark) = try qr(scale: scale)
        var pixels: [UInt8] = []
        pixels.reserveCapacity(side * side * 3)
        for row in 0..<side { for column in 0..<side { pixels += dark(column, row) ? [0, 0, 128] : [255, 255, 160] } }
        let content = "q \(side) 0 0 \(side) \(x) \(y) cm /Im1 Do Q"
        let pdf = JPEGPage.document([
            Array("<< /Type /Catalog /Pages 2 0 R >>".utf8),
            Array("<< /Type /Pages /Kids [3 0 R] /Count 1 >>".utf8),
            Array("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(width) \(height)] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>".utf8),
            Array("<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream".utf8),
            Array("<< /Type /XObject /Subtype /Image /Width \(side) /Height \(side) /ColorSpace /DeviceRGB /BitsPerComponent 8 /Length \(pixels.count) >>\nstream\n".utf8)
                + pixels + Array("\nendstream".utf8),
        ])
        let url = file("qr-\(width)x\(height).pdf")
        try Data(pdf).write(to: url)
        return url
    }

    /// `pdf` as a JPEG by poppler's writer, `options` (`-jpeg`, `-jpegcmyk`, `-jpegopt progressive=y`).
    func jpeg(_ pdf: URL, _ options: [String], name: String) throws -> [UInt8] {
        let stem = file(name).path
        let run = try ExternalTool.run(try ExternalTool.require("pdftoppm"), ["-r", "72", "-singlefile"] + options + [pdf.path, stem])
        XCTAssertEqual(run.status, 0, String(decoding: run.stderr, as: UTF8.self))
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: stem + ".jpg")))
    }

    /// `pdf` as a one-component (grey) JPEG, by cairo's writer (`pdftocairo -jpeg -gray`; pdftoppm
    /// writes grey as YCbCr).
    func greyJPEG(_ pdf: URL) throws -> [UInt8] {
        let stem = file("grey").path
        let run = try ExternalTool.run(try ExternalTool.require("pdftocairo"), ["-jpeg", "-gray", "-r", "72", "-singlefile", pdf.path, stem])
        XCTAssertEqual(run.status, 0, String(decoding: run.stderr, as: UTF8.self))
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: stem + ".jpg")))
    }

    func testGreyColourCMYKAndProgressiveJPEGsAreRead() throws {
        let pdf = try qrPDF(width: 400, height: 360, at: 20, 10)
        let table: [(String, [UInt8], components: Int, adobe: Bool)] = [
            ("grey", try greyJPEG(pdf), 1, false),
            ("colour (YCbCr)", try jpeg(pdf, ["-jpeg"], name: "colour"), 3, false),
            ("progressive", try jpeg(pdf, ["-jpeg", "-jpegopt", "progressive=y"], name: "progressive"), 3, false),
            ("CMYK, Adobe inverted", try jpeg(pdf, ["-jpegcmyk"], name: "cmyk"), 4, true),
        ]
        for (label, bytes, components, adobe) in table {
            let frame = try XCTUnwrap(DeclaredPictureSize.jpegFrame(bytes), label)
            XCTAssertEqual(frame.components, components, label)
            XCTAssertEqual(frame.adobe, adobe, label)
            let scan = try scanner.scan(bytes, mediaType: "image/jpeg")
            XCTAssertEqual(scan.format, .jpeg, label)
            XCTAssertEqual(scan.codes, [Self.code], label)
        }
    }

    func testTheJPEGPageFollowsTheFrameHeader() throws {
        func page(_ components: Int, adobe: Bool = false, width: Int = 30, height: Int = 20) throws(FaxScanProblem) -> String {
            let frame = DeclaredPictureSize.JPEGFrame(width: width, height: height, components: components, adobe: adobe)
            return String(decoding: try JPEGPage.pdf([0xFF, 0xD8, 0xFF, 0xD9], frame: frame), as: UTF8.self)
        }
        XCTAssertTrue(try page(1).contains("/Width 30 /Height 20 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode"))
        XCTAssertTrue(try page(1).contains("/MediaBox [0 0 30 20]"), "a point a pixel at 72 dpi")
        XCTAssertTrue(try page(3).contains("/ColorSpace /DeviceRGB"))
        XCTAssertTrue(try page(4).contains("/ColorSpace /DeviceCMYK /BitsPerComponent"))
        XCTAssertTrue(try page(4, adobe: true).contains("/ColorSpace /DeviceCMYK /Decode [1 0 1 0 1 0 1 0]"))
        XCTAssertThrowsError(try page(2)) { guard case .malformed = $0 as? FaxScanProblem else { return XCTFail("\($0)") } }
        XCTAssertThrowsError(try page(1, height: 0)) { guard case .malformed = $0 as? FaxScanProblem else { return XCTFail("\($0)") } }
        // An Adobe segment before the frame header is seen past fill bytes and other segments.
        let adobe: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x4A, 0x46, 0xFF, 0xFF, 0xEE, 0x00, 0x0E] + Array("Adobe".utf8)
            + [0, 100, 0, 0, 0, 0, 2] + [0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x20, 0x04]
        XCTAssertEqual(DeclaredPictureSize.jpegFrame(adobe), .init(width: 32, height: 16, components: 4, adobe: true))
    }

    // MARK: - what zbarimg is given

    /// A zbarimg that writes down its last argument and the PGM header line of the file it names,
    /// then runs the real one.
    func spy() throws -> (scanner: FaxQRScanner, log: URL) {
        let bin = file("spy-bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        for tool in FaxQRScanner.tools where tool != "zbarimg" {
            try FileManager.default.createSymbolicLink(atPath: bin.appendingPathComponent(tool).path, withDestinationPath: try ExternalTool.require(tool))
        }
        let log = file("zbarimg.log")
        let script = """
        #!/bin/sh
        for a in "$@"; do last="$a"; done
        magic=; size=
        case "$last" in pgm:*) { read -r magic; read -r size; } < "${last#pgm:}" ;; esac
        echo "$last|$magic|$size" >> "\(log.path)"
        exec "\(try ExternalTool.require("zbarimg"))" "$@"
        """
        try script.write(to: bin.appendingPathComponent("zbarimg"), atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin.appendingPathComponent("zbarimg").path)
        return (FaxQRScanner(temporaryDirectory: try ExternalTool.temporaryDirectory(self), searchPath: [bin.path]), log)
    }

    /// Each zbarimg run of the log: what it was given, and the size of the grey map behind it.
    func calls(_ log: URL) throws -> [(argument: String, magic: String, size: String)] {
        try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map { line in
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : "", parts.count > 2 ? parts[2] : "")
        }
    }

    func testZbarimgIsGivenOnlyOurGreyMapsAtThePicturesOwnSize() throws {
        let (spied, log) = try spy()
        let (side, dark) = try qr(scale: 4)
        let rgba = TestPNG(width: side, height: side, colourType: 6, bitDepth: 8) { x, y in dark(x, y) ? [0, 0, 0, 255] : [255, 255, 255, 0] }
        let pictures: [(String, [UInt8], String, Int, Int)] = [
            ("RGBA PNG", rgba.bytes, "image/png", side, side),
            ("the fixture PNG", [UInt8](try Data(contentsOf: FaxQRScannerTests.fixtures.appendingPathComponent("feedback-top.png"))), "image/png", 0, 0),
            ("the fixture JPEG", [UInt8](try Data(contentsOf: FaxQRScannerTests.fixtures.appendingPathComponent("feedback-photo.jpg"))), "image/jpeg", 0, 0),
            // Wider than maxPageSide (3,400): a page that size would be scaled down; a picture is not.
            ("a 4,000 × 600 JPEG", try jpeg(try qrPDF(width: 4_000, height: 600, at: 3_000, 100), ["-jpeg"], name: "wide"), "image/jpeg", 4_000, 600),
        ]
        for (label, bytes, type, width, height) in pictures {
            XCTAssertEqual(try spied.scan(bytes, mediaType: type).codes, [Self.code], label)
            let declared = try XCTUnwrap(DeclaredPictureSize.picture(bytes, format: type == "image/png" ? .png : .jpeg))
            XCTAssertTrue(width == 0 || (declared.0, declared.1) == (width, height), label)
            let last = try XCTUnwrap(try calls(log).last, label)
            XCTAssertTrue(last.argument.hasPrefix("pgm:/"), "\(label): \(last.argument)")
            XCTAssertEqual(last.magic, "P5", label)
            XCTAssertEqual(last.size, "\(declared.0) \(declared.1)", "\(label): read at its own size")
        }
        // A picture where nothing is found is median-filtered and tried again — a grey map of ours too.
        let blank = TestPNG(width: 50, height: 40, colourType: 2, bitDepth: 8) { _, _ in [200, 220, 240] }
        XCTAssertEqual(try spied.scan(blank.bytes, mediaType: "image/png").pages, [FaxPageScan(number: 1, codes: [])])
        let all = try calls(log)
        XCTAssertEqual(all.count, pictures.count + 2)
        XCTAssertTrue(all.suffix(2).allSatisfy { $0.argument.hasPrefix("pgm:/") && $0.magic == "P5" && $0.size == "50 40" }, "\(all.suffix(2))")
        XCTAssertTrue(all.last?.argument.hasSuffix("page-median.pgm") ?? false)
    }

    /// A 48-megapixel phone photo (8,064 × 6,048) is read whole, at its own size.
    func testA48MegapixelPhotoIsReadAtItsOwnSize() throws {
        let (spied, log) = try spy()
        let photo = try jpeg(try qrPDF(width: 8_064, height: 6_048, at: 5_000, 2_000, scale: 10), ["-jpeg"], name: "photo")
        let started = Date()
        XCTAssertEqual(try spied.scan(photo, mediaType: "image/jpeg").codes, [Self.code])
        print("48 MP JPEG scanned in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        XCTAssertEqual(try calls(log).map(\.size), ["8064 6048"])
    }
}
