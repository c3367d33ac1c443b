// The system zlib's CRC-32, for the chunks' checksums.
import SystemZlib

/// A PNG decoded to an 8-bit grey map (PNG, W3C 2nd ed. / ISO/IEC 15948), for the fax scanner.
///
/// Why hand-written: a PNG from a stranger must not reach zbarimg's own decoding (ImageMagick and
/// its coders underneath; issue 10, item 6), and no library in the set we build with decodes PNG —
/// libxml2, libcurl, libqrencode, SQLite and swift-crypto do not, ZIPFoundation only inflates. The
/// inflating is zlib's (`PNGImageStream`); what is ours is the chunk walk, the five filters, Adam7
/// and the conversion to grey (some 440 lines with comments, in five files). Every standard layout
/// is read: grey, RGB, palette, grey with alpha and RGBA, at each bit depth the standard allows,
/// interlaced or not, with tRNS.
/// Alpha is put over white and colour turned to luma (ITU-R BT.601: 0.299 R + 0.587 G + 0.114 B),
/// since a QR code is read from light and dark alone; gamma, colour profiles and the rest of the
/// ancillary chunks are passed over.
///
/// Pure. The header is `PNGHeader`'s reading of the first chunk — the one the scanner's size check
/// read — and a second IHDR is refused. The image data inflate no further than that header
/// declares. CRC-32s are checked on the critical chunks (IHDR, PLTE, IDAT, IEND); a damaged
/// ancillary chunk is passed over, as libpng does. Every refusal is a `PNGProblem`.
struct PNGDecoder {
    let header: PNGHeader
    let colour: PNGHeader.ColourType
    /// The IDAT chunks' data, joined.
    let imageData: [UInt8]
    /// Grey for each palette index, alpha put over white (tRNS); black past the end of PLTE.
    let paletteGrey: [UInt8]?
    /// tRNS of a grey or RGB picture: the samples, at the picture's bit depth, that are transparent.
    let transparent: [Int]?

    /// `bytes` as a grey map; refused when larger than `maxPixels` or not a PNG we can read.
    static func grey(_ bytes: [UInt8], maxPixels: Int) throws(PNGProblem) -> PortableGrayMap {
        try PNGDecoder(bytes, maxPixels: maxPixels).decode()
    }

    /// Reads the chunks of `bytes`: the header, checked, then PLTE, tRNS and IDAT up to IEND.
    init(_ bytes: [UInt8], maxPixels: Int) throws(PNGProblem) {
        guard let header = PNGHeader(firstChunkOf: bytes), bytes.count >= PNGHeader.end else {
            throw .badHeader("no whole IHDR chunk after the signature")
        }
        colour = try header.checked()
        // Both sides are below 2^31, so the product does not overflow.
        guard header.width * header.height <= maxPixels else {
            throw .tooLarge(width: header.width, height: header.height, maxPixels: maxPixels)
        }
        self.header = header
        func be32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        func crcMatches(_ at: Int, length: Int) -> Bool {
            let computed = bytes.withUnsafeBufferPointer { b in crc32(0, b.baseAddress.map { $0 + at + 4 }, UInt32(length + 4)) }
            return Int(computed) == be32(at + 8 + length)
        }
        guard crcMatches(8, length: 13) else { throw .badCRC(chunk: "IHDR", at: 8) }

        var at = PNGHeader.end
        var data: [UInt8] = []
        var palette: ArraySlice<UInt8>?
        var transparency: ArraySlice<UInt8>?
        walk: while at < bytes.count {
            guard at + 12 <= bytes.count else { throw .cutShort(chunk: "after byte \(at)", at: at) }
            let length = be32(at), typeBytes = bytes[(at + 4)..<(at + 8)]
            guard typeBytes.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else {
                throw .badChunk("bytes at \(at) are not a chunk (type \(Array(typeBytes)))")
            }
            let type = String(decoding: typeBytes, as: UTF8.self)
            guard length <= Int(Int32.max), at + 12 + length <= bytes.count else { throw .cutShort(chunk: type, at: at) }
            // Bit 5 of the first type byte: 0 critical, 1 ancillary (§5.4).
            let critical = typeBytes.first.map { $0 & 0x20 == 0 } ?? true
            let sound = crcMatches(at, length: length)
            if critical, !sound { throw .badCRC(chunk: type, at: at) }
            let body = bytes[(at + 8)..<(at + 8 + length)]
            switch type {
            case "IHDR":
                throw .badChunk("a second IHDR at byte \(at)")
            case "PLTE":
                guard palette == nil, length % 3 == 0, (3...768).contains(length) else {
                    throw .badChunk("PLTE at byte \(at): \(length) bytes")
                }
                palette = body
            case "IDAT":
                data += body
            case "IEND":
                break walk
            case "tRNS" where sound:
                transparency = body
            default:
                guard !critical else { throw .badChunk("unknown critical chunk \(type) at byte \(at)") }
            }
            at += 12 + length
        }
        guard !data.isEmpty else { throw .missing("image data (IDAT)") }
        imageData = data
        switch colour {
        case .palette:
            guard let palette else { throw .missing("a palette (PLTE)") }
            paletteGrey = Self.paletteGrey(palette, alpha: transparency ?? [])
            transparent = nil
        case .grey where (transparency?.count ?? 0) >= 2, .rgb where (transparency?.count ?? 0) >= 6:
            let t = Array(transparency ?? [])
            transparent = stride(from: 0, to: colour.channels * 2, by: 2).map { Int(t[$0]) << 8 | Int(t[$0 + 1]) }
            paletteGrey = nil
        default:
            transparent = nil
            paletteGrey = nil
        }
    }

    /// The grey of each of 256 indices: PLTE's colours as luma, tRNS's alpha put over white.
    static func paletteGrey(_ palette: ArraySlice<UInt8>, alpha: ArraySlice<UInt8>) -> [UInt8] {
        let p = Array(palette), a = Array(alpha)
        return (0..<256).map { i in
            guard 3 * i + 2 < p.count else { return 0 }
            let luma = Self.luma(Int(p[3 * i]), Int(p[3 * i + 1]), Int(p[3 * i + 2]))
            return Self.overWhite(luma, alpha: i < a.count ? Int(a[i]) : 255)
        }
    }

    /// BT.601 luma of 8-bit R, G, B, rounded.
    @inline(__always) static func luma(_ r: Int, _ g: Int, _ b: Int) -> Int {
        (299 * r + 587 * g + 114 * b + 500) / 1000
    }

    /// `grey` (0…255) with `alpha` (0…255) put over white.
    @inline(__always) static func overWhite(_ grey: Int, alpha: Int) -> UInt8 {
        UInt8((grey * alpha + 255 * (255 - alpha) + 127) / 255)
    }

    /// The seven passes of Adam7 (§8.2) as (first column, first row, column step, row step), or the
    /// whole picture as one pass.
    var passes: [(x: Int, y: Int, dx: Int, dy: Int)] {
        guard header.interlace == 1 else { return [(0, 0, 1, 1)] }
        return [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    }

    /// Columns and rows of a pass (none when the picture is too small for it).
    func size(of pass: (x: Int, y: Int, dx: Int, dy: Int)) -> (columns: Int, rows: Int) {
        let columns = header.width > pass.x ? (header.width - pass.x + pass.dx - 1) / pass.dx : 0
        let rows = header.height > pass.y ? (header.height - pass.y + pass.dy - 1) / pass.dy : 0
        return columns == 0 || rows == 0 ? (0, 0) : (columns, rows)
    }

    /// Bytes of one scanline of `columns` pixels, filter byte not counted.
    func rowBytes(_ columns: Int) -> Int { (columns * colour.channels * header.bitDepth + 7) / 8 }

    /// The picture, pass by pass, row by row: inflated, unfiltered, put into the grey map.
    func decode() throws(PNGProblem) -> PortableGrayMap {
        let declared = passes.map { pass in size(of: pass) }.reduce(0) { $0 + $1.rows * (1 + rowBytes($1.columns)) }
        let stream = try PNGImageStream(imageData, declared: declared)
        var pixels = [UInt8](repeating: 255, count: header.width * header.height)
        // Bytes a filter looks back: a whole pixel, at least one byte (§9.2).
        let step = max(1, colour.channels * header.bitDepth / 8)
        var rowNumber = 0
        for pass in passes {
            let (columns, rows) = size(of: pass)
            guard rows > 0 else { continue }
            var previous = [UInt8](repeating: 0, count: 1 + rowBytes(columns))
            var current = previous
            for y in 0..<rows {
                rowNumber += 1
                try current.withUnsafeMutableBufferPointer { (row) throws(PNGProblem) in
                    try stream.read(into: row, row: rowNumber)
                    try previous.withUnsafeBufferPointer { (above) throws(PNGProblem) in
                        try Self.unfilter(row, above: above, step: step, row: rowNumber)
                    }
                }
                let top = (pass.y + y * pass.dy) * header.width + pass.x
                pixels.withUnsafeMutableBufferPointer { out in
                    current.withUnsafeBufferPointer { row in
                        putGrey(row, columns: columns, into: out, from: top, step: pass.dx)
                    }
                }
                swap(&previous, &current)
            }
        }
        try stream.finish()
        return PortableGrayMap(width: header.width, height: header.height, pixels: pixels)
    }
}
