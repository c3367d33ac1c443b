import Foundation
import XCTest

@testable import HotlineDocuments

final class QRCodeTests: XCTestCase {
    /// The chunks of a PNG as (type, data), checking each CRC on the way.
    private func chunks(_ png: [UInt8]) throws -> [(type: String, data: [UInt8])] {
        XCTAssertEqual(Array(png.prefix(8)), PNGImage.signature)
        var result: [(String, [UInt8])] = []
        var i = 8
        func u32(_ at: Int) -> UInt32 { png[at..<(at + 4)].reduce(0) { $0 << 8 | UInt32($1) } }
        while i < png.count {
            let length = Int(u32(i))
            let typeAndData = Array(png[(i + 4)..<(i + 8 + length)])
            XCTAssertEqual(u32(i + 8 + length), CRC32.checksum(typeAndData), "CRC of chunk at \(i)")
            result.append((String(decoding: typeAndData.prefix(4), as: UTF8.self), Array(typeAndData.dropFirst(4))))
            i += 12 + length
        }
        XCTAssertEqual(i, png.count)
        return result
    }

    func testCRC32AndAdler32KnownValues() {
        XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)), 0xCBF4_3926)
        XCTAssertEqual(PNGImage.adler32(Array("Wikipedia".utf8)), 0x11E6_0398)
        XCTAssertEqual(PNGImage.adler32([UInt8](repeating: 0xFF, count: 100_000)), adlerSlow([UInt8](repeating: 0xFF, count: 100_000)))
    }

    private func adlerSlow(_ data: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data { a = (a + UInt32(byte)) % 65_521; b = (b + a) % 65_521 }
        return b << 16 | a
    }

    func testMatrixSizeMatchesVersion() throws {
        let matrix = try QRCode.matrix(for: "RX-20261201-0001", level: .medium)
        XCTAssertEqual(matrix.size, 17 + 4 * matrix.version)
        // Finder pattern: the top-left 7×7 has a dark border and a light ring inside it.
        XCTAssertTrue(matrix[row: 0, column: 0])
        XCTAssertTrue(matrix[row: 6, column: 6])
        XCTAssertFalse(matrix[row: 1, column: 1])
        XCTAssertTrue(matrix[row: 3, column: 3])
        XCTAssertFalse(matrix[row: -1, column: 0], "the quiet zone is light")
    }

    func testEmptyAndOversizedPayloadsAreErrors() {
        XCTAssertThrowsError(try QRCode.matrix(for: "")) { XCTAssertEqual($0 as? QRCodeError, .emptyPayload) }
        let huge = String(repeating: "市", count: 2000)
        XCTAssertThrowsError(try QRCode.matrix(for: huge, level: .high)) {
            XCTAssertEqual($0 as? QRCodeError, .payloadTooLong(bytes: 6000))
        }
    }

    func testPNGStructure() throws {
        let matrix = try QRCode.matrix(for: "hotline")
        let png = PNGImage.encode(matrix, scale: 3, quietZone: 4)
        let parts = try chunks(png)
        XCTAssertEqual(parts.map(\.type), ["IHDR", "IDAT", "IEND"])
        let side = (matrix.size + 8) * 3
        let ihdr = parts[0].data
        XCTAssertEqual(ihdr, PNGImage.bigEndian(UInt32(side)) + PNGImage.bigEndian(UInt32(side)) + [1, 0, 0, 0, 0])
        // zlib header, stored blocks, Adler-32 of the scanlines.
        let idat = parts[1].data
        XCTAssertEqual(Array(idat.prefix(2)), [0x78, 0x01])
        XCTAssertEqual(idat[2], 1, "one final stored block")
        let len = Int(idat[3]) | Int(idat[4]) << 8
        let rowBytes = (side + 7) / 8
        XCTAssertEqual(len, side * (rowBytes + 1))
        let raw = Array(idat[7..<(7 + len)])
        XCTAssertEqual(Array(idat.suffix(4)), PNGImage.bigEndian(PNGImage.adler32(raw)))
        // Top-left pixel is quiet zone (white, bit set); the first finder module is black.
        XCTAssertEqual(raw[0], 0, "filter type 0")
        XCTAssertEqual(raw[1] & 0x80, 0x80)
        let finderRow = 4 * 3 * (rowBytes + 1)
        XCTAssertEqual(raw[finderRow + 1 + 12 / 8] & (0x80 >> (12 % 8)), 0)
    }

    func testLargeImageSplitsIntoSeveralStoredBlocks() throws {
        let png = PNGImage.encodeBilevel(width: 2000, height: 600) { x, y in (x + y) % 2 == 0 }
        let parts = try chunks(png)
        let idat = parts[1].data
        XCTAssertEqual(idat[2], 0, "first block not final")
        XCTAssertEqual(Int(idat[3]) | Int(idat[4]) << 8, 65_535)
    }

    func testPNGDecodesBackWithZbar() throws {
        let zbarimg = try ExternalTool.require("zbarimg")
        let dir = try ExternalTool.temporaryDirectory(self)
        // ASCII goes as plain byte mode; Chinese needs the UTF-8 ECI header to come back intact.
        for (index, payload) in ["hotline:RX-20261201-0001/JB-2026-000017", "RX-20261201-0001 市长热线"].enumerated() {
            let png = try QRCode.png(for: payload, scale: 4)
            let file = dir.appendingPathComponent("qr\(index).png")
            try Data(png).write(to: file)
            let out = try ExternalTool.run(zbarimg, ["--nodbus", "-q", "--raw", file.path])
            XCTAssertEqual(out.status, 0, String(decoding: out.stderr, as: UTF8.self))
            XCTAssertEqual(out.text.trimmingCharacters(in: .newlines), payload)
        }
    }
}
