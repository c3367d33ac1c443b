import Foundation
@testable import HotlineDocuments
import HotlineTestSupport
import XCTest

/// `PNGDecoder` (issue 10, item 6): every colour type at every bit depth, plain and Adam7, the five
/// filters, tRNS and alpha over white, PNGs libpng wrote; and what must be refused — cut short,
/// damaged, lying about its size — as a `PNGProblem`, never a crash.
final class PNGDecoderTests: XCTestCase {
    /// Dark or light, a pattern with no period in common with Adam7's passes.
    static func dark(_ x: Int, _ y: Int) -> Bool { (x * 3 + y * 5) % 7 < 3 }

    /// A `width` × `height` picture of `dark` in `layout`: dark pixels black and opaque, light ones
    /// white — or, where there is alpha, black and wholly transparent, which only white shows.
    static func pattern(_ layout: (colourType: UInt8, bitDepth: UInt8), width: Int = 13, height: Int = 11,
                        interlaced: Bool = false) -> TestPNG {
        let top = (1 << Int(layout.bitDepth)) - 1
        var png = TestPNG(width: width, height: height, colourType: layout.colourType, bitDepth: layout.bitDepth, interlaced: interlaced) { x, y in
            let d = dark(x, y)
            switch layout.colourType {
            case 0: return [d ? 0 : top]
            case 2: return d ? [0, 0, 0] : [top, top, top]
            case 3: return [d ? 0 : 1]
            case 4: return d ? [0, top] : [0, 0]
            default: return d ? [0, 0, 0, top] : [0, 0, 0, 0]
            }
        }
        if layout.colourType == 3 { png.palette = [0, 0, 0, 255, 255, 255] }
        return png
    }

    func decode(_ png: [UInt8], maxPixels: Int = 64_000_000) throws(PNGProblem) -> PortableGrayMap {
        try PNGDecoder.grey(png, maxPixels: maxPixels)
    }

    func assertRefused(_ png: [UInt8], _ label: String, file: StaticString = #filePath, line: UInt = #line,
                       _ expected: (PNGProblem) -> Bool) {
        do {
            let grey = try decode(png)
            XCTFail("\(label): decoded \(grey.width)×\(grey.height)", file: file, line: line)
        } catch {
            XCTAssertTrue(expected(error), "\(label): \(error)", file: file, line: line)
        }
    }

    // MARK: - what is read

    func testEveryColourTypeAndBitDepthPlainAndInterlaced() throws {
        for layout in TestPNG.layouts {
            for interlaced in [false, true] {
                let label = "colour type \(layout.colourType), \(layout.bitDepth) bits\(interlaced ? ", Adam7" : "")"
                let grey = try decode(Self.pattern(layout, interlaced: interlaced).bytes)
                XCTAssertEqual(grey.width, 13, label)
                XCTAssertEqual(grey.height, 11, label)
                let expected = (0..<11).flatMap { y in (0..<13).map { x in Self.dark(x, y) ? UInt8(0) : 255 } }
                XCTAssertEqual(grey.pixels, expected, label)
            }
        }
    }

    func testAdam7OnPicturesSmallerThanItsPasses() throws {
        // Passes with no column or no row have no scanlines at all (§8.2).
        for (w, h) in [(1, 1), (2, 3), (5, 1), (1, 9), (8, 8), (9, 9), (17, 2)] {
            for layout in [(UInt8(0), UInt8(1)), (2, 16), (6, 8)] {
                let plain = try decode(Self.pattern(layout, width: w, height: h).bytes)
                let interlaced = try decode(Self.pattern(layout, width: w, height: h, interlaced: true).bytes)
                XCTAssertEqual(interlaced, plain, "\(w)×\(h), colour type \(layout.0) at \(layout.1) bits")
            }
        }
    }

    func testGreyLevelsLumaTransparencyAndAlpha() throws {
        func one(_ type: UInt8, _ depth: UInt8, _ samples: [Int], palette: [UInt8]? = nil, tRNS: [UInt8]? = nil) throws -> UInt8 {
            var png = TestPNG(width: 1, height: 1, colourType: type, bitDepth: depth) { _, _ in samples }
            png.palette = palette
            png.transparency = tRNS
            return try decode(png.bytes).pixels[0]
        }
        let table: [(String, UInt8, UInt8)] = [
            ("2-bit grey 1 of 3", try one(0, 2, [1]), 85),
            ("4-bit grey 7 of 15", try one(0, 4, [7]), 119),
            ("16-bit grey 0x8000", try one(0, 16, [0x8000]), 128),
            ("pure red: BT.601 luma", try one(2, 8, [255, 0, 0]), 76),
            ("pure green", try one(2, 8, [0, 255, 0]), 150),
            ("16-bit blue", try one(2, 16, [0, 0, 0xFFFF]), 29),
            ("black at half alpha over white", try one(6, 8, [0, 0, 0, 128]), 127),
            ("16-bit grey + alpha, opaque", try one(4, 16, [0x4000, 0xFFFF]), 64),
            ("grey tRNS: the transparent grey is white", try one(0, 8, [0], tRNS: [0, 0]), 255),
            ("grey tRNS: another grey stays", try one(0, 8, [1], tRNS: [0, 0]), 1),
            ("RGB tRNS: the transparent colour is white", try one(2, 8, [10, 20, 30], tRNS: [0, 10, 0, 20, 0, 30]), 255),
            ("palette with tRNS alpha 0", try one(3, 8, [0], palette: [0, 0, 0], tRNS: [0]), 255),
            ("palette with tRNS past the index: opaque", try one(3, 8, [1], palette: [0, 0, 0, 50, 50, 50], tRNS: [0]), 50),
            ("an index past PLTE is black", try one(3, 8, [7], palette: [255, 255, 255]), 0),
            ("a damaged ancillary chunk is passed over", try decode(Self.withDamagedText()).pixels[0], 255),
        ]
        for (label, got, expected) in table { XCTAssertEqual(got, expected, label) }
    }

    /// A white 1×1 grey PNG with a tEXt chunk whose CRC is wrong.
    static func withDamagedText() -> [UInt8] {
        var png = TestPNG(width: 1, height: 1, colourType: 0, bitDepth: 8) { _, _ in [255] }.bytes
        var text = TestPNG.chunk("tEXt", Array("Comment\0x".utf8))
        text[text.count - 1] ^= 0xFF
        png.insert(contentsOf: text, at: PNGHeader.end)
        return png
    }

    /// PNGs libpng wrote (pdftoppm -png, its filters chosen adaptively) decode to the very grey map
    /// pdftoppm writes of the same page.
    func testPNGsLibpngWroteMatchPdftoppmsGreyMap() throws {
        let pdftoppm = try ExternalTool.require("pdftoppm")
        let work = try ExternalTool.temporaryDirectory(self)
        let pdf = FaxQRScannerTests.fixtures.appendingPathComponent("reply-fax.pdf").path
        func render(_ options: [String], _ name: String, _ ext: String) throws -> [UInt8] {
            let stem = work.appendingPathComponent(name).path
            let run = try ExternalTool.run(pdftoppm, ["-r", "40", "-f", "1", "-l", "1", "-singlefile"] + options + [pdf, stem])
            XCTAssertEqual(run.status, 0, String(decoding: run.stderr, as: UTF8.self))
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(stem).\(ext)")))
        }
        let reference = try PortableGrayMap(pgm: try render(["-gray"], "grey", "pgm"))
        XCTAssertEqual(try decode(try render(["-png", "-gray"], "grey", "png")), reference, "grey PNG")
        let colour = try decode(try render(["-png"], "colour", "png"))
        XCTAssertEqual(colour.width, reference.width)
        XCTAssertEqual(colour.height, reference.height)
        let furthest = zip(colour.pixels, reference.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
        XCTAssertLessThanOrEqual(furthest, 2, "RGB PNG through our luma against poppler's grey")
    }

    func testTheSizeCheckedIsTheHeaderDecoded() throws {
        let png = Self.pattern((0, 8)).bytes
        let declared = try XCTUnwrap(DeclaredPictureSize.picture(png, format: .png))
        let grey = try decode(png)
        XCTAssertEqual([declared.0, declared.1], [grey.width, grey.height])
        // A second IHDR declaring a bomb behind a small first one: the first is what is checked, and
        // the decoder refuses the second rather than decode by it.
        var two = png
        two.insert(contentsOf: TestPNG.chunk("IHDR", TestPNG.be32(65_536) + TestPNG.be32(65_536) + [8, 0, 0, 0, 0]), at: PNGHeader.end)
        XCTAssertEqual(DeclaredPictureSize.picture(two, format: .png).map { [$0.0, $0.1] }, [13, 11])
        assertRefused(two, "second IHDR") { $0 == .badChunk("a second IHDR at byte 33") }
    }

    // MARK: - what is refused

    func testEveryCutOfAPNGIsRefusedButTheMissingIEND() throws {
        let png = Self.pattern((2, 8), width: 20, height: 20).bytes
        let withoutIEND = png.count - 12
        for n in 0..<png.count {
            if n == withoutIEND {
                // Every row is there: read, as libpng reads it.
                XCTAssertEqual(try decode(Array(png.prefix(n))).width, 20)
            } else {
                assertRefused(Array(png.prefix(n)), "the first \(n) bytes") { _ in true }
            }
        }
        // Cut within the image data, and at a chunk boundary with rows still to come.
        assertRefused(Array(png.prefix(60)), "cut in IDAT") { $0 == .cutShort(chunk: "IDAT", at: 33) }
        let rows = Self.pattern((0, 8), width: 40, height: 40)
        let half = Array(rows.scanlines.prefix(800))
        let split = PNGImage.signature + TestPNG.chunk("IHDR", rows.header) + TestPNG.chunk("IDAT", TestPNG.deflate(half).dropLast(4))
        assertRefused(split, "rows missing") { if case .badImageData = $0 { return true }; return false }
    }

    func testDamagedAndInvalidPNGs() throws {
        let good = Self.pattern((0, 8)).bytes
        var damaged = good
        damaged[50] ^= 0x01
        assertRefused(damaged, "a flipped bit in IDAT") { $0 == .badCRC(chunk: "IDAT", at: 33) }
        var header = good
        header[17] ^= 0x01
        assertRefused(header, "a flipped bit in IHDR") { $0 == .badCRC(chunk: "IHDR", at: 8) }

        func withHeader(_ fields: [UInt8], width: Int = 4, height: Int = 4) -> [UInt8] {
            PNGImage.signature + TestPNG.chunk("IHDR", TestPNG.be32(width) + TestPNG.be32(height) + fields)
                + TestPNG.chunk("IDAT", TestPNG.deflate([0])) + TestPNG.chunk("IEND", [])
        }
        for (label, fields, width) in [("RGB at 4 bits", [UInt8(4), 2, 0, 0, 0], 4), ("colour type 5", [8, 5, 0, 0, 0], 4),
                                       ("no width", [8, 0, 0, 0, 0], 0), ("interlace method 2", [8, 0, 0, 0, 2], 4),
                                       ("compression method 1", [8, 0, 1, 0, 0], 4)] {
            assertRefused(withHeader(fields, width: width), label) { if case .badHeader = $0 { return true }; return false }
        }
        assertRefused(Self.pattern((3, 8)).bytes.replacingPalette(with: nil), "palette without PLTE") { $0 == .missing("a palette (PLTE)") }
        assertRefused(Self.pattern((3, 8)).bytes.replacingPalette(with: [0, 0, 0, 0]), "PLTE of 4 bytes") {
            if case .badChunk = $0 { return true }; return false
        }
        var apple = good
        apple.insert(contentsOf: TestPNG.chunk("CgBI", [0x50, 0, 0x20, 0x02]), at: PNGHeader.end)
        assertRefused(apple, "an unknown critical chunk") { $0 == .badChunk("unknown critical chunk CgBI at byte 33") }
        let noData = PNGImage.signature + TestPNG.chunk("IHDR", Self.pattern((0, 8)).header) + TestPNG.chunk("IEND", [])
        assertRefused(noData, "no IDAT") { $0 == .missing("image data (IDAT)") }
        let filter5 = PNGImage.signature + TestPNG.chunk("IHDR", TestPNG.be32(2) + TestPNG.be32(1) + [8, 0, 0, 0, 0])
            + TestPNG.chunk("IDAT", TestPNG.deflate([5, 0, 0])) + TestPNG.chunk("IEND", [])
        assertRefused(filter5, "filter type 5") { $0 == .badFilter(type: 5, row: 1) }
        let notZlib = PNGImage.signature + TestPNG.chunk("IHDR", Self.pattern((0, 8)).header)
            + TestPNG.chunk("IDAT", Array("not a zlib stream at all".utf8)) + TestPNG.chunk("IEND", [])
        assertRefused(notZlib, "IDAT not zlib") { if case .badImageData = $0 { return true }; return false }
    }

    func testScrambledImageDataNeverCrashes() throws {
        // Noise in the deflate data, the CRC made to match: decoded, or refused with a reason.
        let png = Self.pattern((6, 16), width: 30, height: 30, interlaced: true)
        let data = TestPNG.deflate(png.scanlines)
        var rng = SplitMix64(seed: 19)
        var refused = 0
        for _ in 0..<300 {
            var scrambled = data
            let noise = rng.bytes(4)
            scrambled[2 + Int(noise[0]) % (data.count - 2)] = noise[1]
            scrambled[2 + Int(noise[2]) % (data.count - 2)] ^= noise[3]
            let bytes = PNGImage.signature + TestPNG.chunk("IHDR", png.header) + TestPNG.chunk("IDAT", scrambled) + TestPNG.chunk("IEND", [])
            do { _ = try decode(bytes) } catch { refused += 1 }
        }
        XCTAssertGreaterThan(refused, 0)
    }

    // MARK: - bombs

    func testADeclaredSizeOverTheLimitIsRefusedBeforeInflating() throws {
        let bomb = PNGImage.signature + TestPNG.chunk("IHDR", TestPNG.be32(65_536) + TestPNG.be32(65_536) + [8, 0, 0, 0, 0])
            + TestPNG.chunk("IDAT", TestPNG.deflate([0])) + TestPNG.chunk("IEND", [])
        assertRefused(bomb, "65,536 × 65,536") { $0 == .tooLarge(width: 65_536, height: 65_536, maxPixels: 64_000_000) }
        XCTAssertThrowsError(try decode(Self.pattern((0, 8)).bytes, maxPixels: 100)) {
            XCTAssertEqual($0 as? PNGProblem, .tooLarge(width: 13, height: 11, maxPixels: 100))
        }
    }

    func testImageDataInflatingPastTheHeaderIsRefused() throws {
        // 100 × 100 grey declares 100 rows of 1 + 100 bytes; the IDAT, 10 KiB, inflates to 10 MiB.
        let header = TestPNG.be32(100) + TestPNG.be32(100) + [8, 0, 0, 0, 0]
        let data = TestPNG.deflate([UInt8](repeating: 0, count: 10 << 20))
        XCTAssertLessThan(data.count, 20_000)
        let bomb = PNGImage.signature + TestPNG.chunk("IHDR", header) + TestPNG.chunk("IDAT", data) + TestPNG.chunk("IEND", [])
        assertRefused(bomb, "IDAT bomb") { $0 == .tooMuchImageData(declared: 10_100) }
        // One byte over is enough.
        let oneOver = PNGImage.signature + TestPNG.chunk("IHDR", header)
            + TestPNG.chunk("IDAT", TestPNG.deflate([UInt8](repeating: 0, count: 10_101))) + TestPNG.chunk("IEND", [])
        assertRefused(oneOver, "one byte over") { $0 == .tooMuchImageData(declared: 10_100) }
        XCTAssertEqual(try decode(PNGImage.signature + TestPNG.chunk("IHDR", header)
                + TestPNG.chunk("IDAT", TestPNG.deflate([UInt8](repeating: 0, count: 10_100))) + TestPNG.chunk("IEND", [])).width, 100)
    }
}

extension [UInt8] {
    /// This PNG with its PLTE chunk taken out, or its data replaced.
    func replacingPalette(with palette: [UInt8]?) -> [UInt8] {
        var at = PNGHeader.end
        while at + 12 <= count {
            let length = Int(self[at]) << 24 | Int(self[at + 1]) << 16 | Int(self[at + 2]) << 8 | Int(self[at + 3])
            if self[(at + 4)..<(at + 8)].elementsEqual(Array("PLTE".utf8)) {
                return Array(self[..<at]) + (palette.map { TestPNG.chunk("PLTE", $0) } ?? []) + self[(at + 12 + length)...]
            }
            at += 12 + length
        }
        return self
    }
}
