import Foundation
@testable import HotlineDocuments
import XCTest

/// The pure parts of the fax scanner, no tools: the TIFF directory walk, the median filter on a
/// PGM, media types and signatures, pdfinfo's report.
final class FaxScanPartsTests: XCTestCase {
    // MARK: - TIFFPageIndex

    /// A little-endian TIFF with one directory per page (width, height, one strip).
    func tiff(pages: Int, stripLength: Int = 4, cutTo: Int? = nil, loop: Bool = false) -> [UInt8] {
        var bytes: [UInt8] = [0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0]
        func u16(_ v: Int) { bytes += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: Int) { u16(v & 0xFFFF); u16(v >> 16) }
        let ifdSize = 2 + 12 * 4 + 4
        let dataAt = 8 + ifdSize * pages
        for page in 0..<pages {
            u16(4)
            for (tag, value) in [(256, 1728), (257, 2292), (273, dataAt + page * stripLength), (279, stripLength)] {
                u16(tag); u16(4); u32(1); u32(value)
            }
            let next = page + 1 < pages ? 8 + ifdSize * (page + 1) : (loop ? 8 : 0)
            u32(next)
        }
        bytes += [UInt8](repeating: 0, count: stripLength * pages)
        return cutTo.map { Array(bytes.prefix($0)) } ?? bytes
    }

    func malformed(_ bytes: [UInt8], maxPages: Int = 20) -> String? {
        do {
            _ = try TIFFPageIndex(bytes, maxPages: maxPages)
            return nil
        } catch {
            if case .malformed(let why) = error { return why }
            return "other: \(error)"
        }
    }

    func testTIFFPagesAreCounted() throws {
        XCTAssertEqual(try TIFFPageIndex(tiff(pages: 3), maxPages: 20).pages, Array(repeating: .init(width: 1728, height: 2292), count: 3))
    }

    func testTIFFStructureProblems() {
        let cases: [(String, [UInt8], String)] = [
            ("header cut", Array(tiff(pages: 1).prefix(5)), "header cut short"),
            ("no byte order", [0x41, 0x41, 0x2A, 0x00, 8, 0, 0, 0], "byte order"),
            ("BigTIFF", [0x49, 0x49, 0x2B, 0x00, 8, 0, 0, 0], "BigTIFF"),
            ("directory past the end", tiff(pages: 2, cutTo: 8 + 54 + 10), "cut short"),
            ("strip past the end", tiff(pages: 2, cutTo: tiff(pages: 2).count - 1), "runs past the end"),
            ("loop", tiff(pages: 2, loop: true), "loops"),
            ("no directory", [0x49, 0x49, 0x2A, 0x00, 0, 0, 0, 0], "no image directory"),
        ]
        for (label, bytes, expected) in cases {
            let why = malformed(bytes)
            XCTAssertTrue(why?.contains(expected) == true, "\(label): \(why ?? "accepted")")
        }
    }

    func testTIFFPageLimit() {
        XCTAssertThrowsError(try TIFFPageIndex(tiff(pages: 5), maxPages: 2)) { error in
            XCTAssertEqual(error as? FaxScanProblem, .tooManyPages(count: 5, limit: 2))
        }
    }

    // MARK: - PortableGrayMap

    /// A PGM from rows of "#" (black) and "." (white).
    func picture(_ rows: [String]) -> PortableGrayMap {
        PortableGrayMap(width: rows[0].count, height: rows.count, pixels: rows.flatMap { $0.map { $0 == "#" ? UInt8(0) : 255 } })
    }

    func text(_ p: PortableGrayMap) -> [String] {
        (0..<p.height).map { y in String(p.pixels[y * p.width..<(y + 1) * p.width].map { $0 < 128 ? "#" : "." }) }
    }

    func testMedianRemovesSpecksAndKeepsBlocks() {
        let noisy = picture([
            "#.......",
            "....###.",
            ".#..#.#.",
            "....###.",
            "......#.",
        ])
        XCTAssertEqual(text(noisy.medianFiltered()), [
            "........",
            ".....#..",
            "....###.",
            ".....#..",
            ".....#..",
        ])
        let module = picture(["........", "..####..", "..####..", "..####..", "..####..", "........"])
        XCTAssertEqual(text(module.medianFiltered()), ["........", "...##...", "..####..", "..####..", "...##...", "........"])
    }

    func testPGMRoundTripAndHeader() throws {
        let p = picture(["#.#", ".#."])
        XCTAssertEqual(try PortableGrayMap(pgm: p.pgm), p)
        let commented = Array("P5\n# made by hand\n3 2\n# depth\n255\n".utf8) + p.pixels
        XCTAssertEqual(try PortableGrayMap(pgm: commented), p)
        let shallow = try PortableGrayMap(pgm: Array("P5 2 1 1\n".utf8) + [0, 1])
        XCTAssertEqual(shallow.pixels, [0, 255])
        for bad in [Array("P6\n1 1\n255\n\0\0\0".utf8), Array("P5\n3 2\n255\n".utf8) + [0, 0], Array("P5\n3\n".utf8), Array("P5 1 1 65535\n\0\0".utf8)] {
            XCTAssertThrowsError(try PortableGrayMap(pgm: bad))
        }
    }

    // MARK: - FaxDocumentFormat

    func testMediaTypes() {
        let table: [(String, FaxDocumentFormat??)] = [
            ("image/tiff", .some(.tiff)), ("IMAGE/TIFF; name=\"fax.tif\"", .some(.tiff)), ("image/tiff-fx", .some(.tiff)),
            ("application/pdf", .some(.pdf)), ("image/png", .some(.png)), ("image/jpeg", .some(.jpeg)), ("image/jpg", .some(.jpeg)),
            ("application/octet-stream", .some(nil)), ("text/html", nil), ("image/svg+xml", nil), ("", nil),
        ]
        for (type, expected) in table {
            XCTAssertEqual(FaxDocumentFormat.declared(by: type), expected, type)
        }
    }

    func testSignatures() {
        let table: [([UInt8], FaxDocumentFormat?)] = [
            ([0x49, 0x49, 0x2A, 0x00, 1], .tiff), ([0x4D, 0x4D, 0x00, 0x2A, 1], .tiff),
            ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], .png), ([0xFF, 0xD8, 0xFF, 0xE0], .jpeg),
            (Array("%PDF-1.4\n".utf8), .pdf), (Array("\r\n%PDF-1.7".utf8), .pdf),
            ([UInt8](repeating: 0x20, count: 1_100) + Array("%PDF-1.4".utf8), nil),
            (Array("<svg/>".utf8), nil), ([0x49, 0x49], nil), ([], nil),
        ]
        for (bytes, expected) in table {
            XCTAssertEqual(FaxDocumentFormat.sniff(bytes), expected, "\(bytes.prefix(8))")
        }
    }

    // MARK: - PDFPageReport

    func testPDFInfoReport() {
        let text = """
            Producer:        libtiff / tiff2pdf - 20261201
            Pages:           2
            Encrypted:       no
            Page    1 size:  621.176 x 817.714 pts
            Page    1 rot:   0
            Page    2 size: 612 x 792 pts (letter)
            Page    2 rot:   0
            """
        let report = PDFPageReport(pdfinfo: text)
        XCTAssertEqual(report?.pageCount, 2)
        XCTAssertEqual(report?.sizes[1]?.width, 621.176)
        XCTAssertEqual(report?.sizes[2]?.height, 792)
        XCTAssertNil(PDFPageReport(pdfinfo: "Syntax Error: Couldn't read xref table"))
    }
}
