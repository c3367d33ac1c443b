import HotlineDocuments
import SystemZlib

/// A PNG writer for the decoder's tests: every colour type and bit depth, Adam7 or not, the five
/// filter types used in turn, the data deflated by zlib — so that `PNGDecoder` meets what real
/// encoders write, made here, with no binary fixture. Its interlaced output is read by zbarimg
/// (libpng) in `PNGDecoderTests`, the check that this writer and the decoder do not share a mistake.
struct TestPNG {
    var width: Int
    var height: Int
    /// 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA.
    var colourType: UInt8
    var bitDepth: UInt8
    var interlaced = false
    /// The samples of the pixel at (x, y), one per channel, at the bit depth (a palette index for type 3).
    var samples: (Int, Int) -> [Int]
    /// PLTE's bytes (R, G, B per entry), tRNS's bytes, for the types that take them.
    var palette: [UInt8]?
    var transparency: [UInt8]?

    static let channels: [UInt8: Int] = [0: 1, 2: 3, 3: 1, 4: 2, 6: 4]
    /// Every colour type with every bit depth the standard allows it (PNG §11.2.2, Table 11.1).
    static let layouts: [(colourType: UInt8, bitDepth: UInt8)] = [
        (0, 1), (0, 2), (0, 4), (0, 8), (0, 16), (2, 8), (2, 16), (3, 1), (3, 2), (3, 4), (3, 8), (4, 8), (4, 16), (6, 8), (6, 16),
    ]

    /// The IHDR data: width, height, depth, colour type, compression 0, filter 0, interlace.
    var header: [UInt8] {
        Self.be32(width) + Self.be32(height) + [bitDepth, colourType, 0, 0, interlaced ? 1 : 0]
    }

    /// The whole file.
    var bytes: [UInt8] {
        var out = PNGImage.signature + Self.chunk("IHDR", header)
        if let palette { out += Self.chunk("PLTE", palette) }
        if let transparency { out += Self.chunk("tRNS", transparency) }
        out += Self.chunk("IDAT", Self.deflate(scanlines))
        return out + Self.chunk("IEND", [])
    }

    /// The filtered scanlines of every pass, as IDAT holds them before deflate (§7, §8.2, §9).
    var scanlines: [UInt8] {
        let passes: [(Int, Int, Int, Int)] = interlaced
            ? [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)] : [(0, 0, 1, 1)]
        let channels = Self.channels[colourType] ?? 1, depth = Int(bitDepth)
        let step = max(1, channels * depth / 8)
        var out: [UInt8] = []
        var rowNumber = 0
        for (x0, y0, dx, dy) in passes {
            let xs = Array(stride(from: x0, to: width, by: dx)), ys = Array(stride(from: y0, to: height, by: dy))
            guard !xs.isEmpty, !ys.isEmpty else { continue }
            var previous = [UInt8](repeating: 0, count: (xs.count * channels * depth + 7) / 8)
            for y in ys {
                // The samples packed, most significant bits first (§7.2).
                var raw = [UInt8](repeating: 0, count: previous.count)
                var bit = 0
                for x in xs {
                    for v in samples(x, y) {
                        if depth == 16 {
                            raw[bit / 8] = UInt8(v >> 8 & 0xFF)
                            raw[bit / 8 + 1] = UInt8(v & 0xFF)
                        } else {
                            raw[bit / 8] |= UInt8(v << (8 - depth - bit % 8) & 0xFF)
                        }
                        bit += depth
                    }
                }
                let filter = UInt8(rowNumber % 5)
                rowNumber += 1
                out.append(filter)
                for i in raw.indices {
                    let a = i >= step ? Int(raw[i - step]) : 0, b = Int(previous[i]), c = i >= step ? Int(previous[i - step]) : 0
                    let predictor: Int
                    switch filter {
                    case 1: predictor = a
                    case 2: predictor = b
                    case 3: predictor = (a + b) / 2
                    case 4:
                        let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
                    default: predictor = 0
                    }
                    out.append(UInt8((Int(raw[i]) - predictor) & 0xFF))
                }
                previous = raw
            }
        }
        return out
    }

    /// One chunk: length, type, data, CRC-32 of type and data (§5.3).
    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        be32(data.count) + Array(type.utf8) + data + be32(Int(CRC32.checksum(Array(type.utf8) + data)))
    }

    /// `data` as a zlib stream, compressed by zlib at its best.
    static func deflate(_ data: [UInt8]) -> [UInt8] {
        var size = compressBound(UInt(data.count))
        var out = [UInt8](repeating: 0, count: Int(size))
        let status = out.withUnsafeMutableBufferPointer { o in
            data.withUnsafeBufferPointer { i in compress2(o.baseAddress, &size, i.baseAddress, UInt(data.count), 9) }
        }
        precondition(status == Z_OK, "compress2: \(status)")
        return Array(out.prefix(Int(size)))
    }

    static func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
}
