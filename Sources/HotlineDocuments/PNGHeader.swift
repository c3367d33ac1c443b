/// A PNG's image header, the IHDR chunk that must come first (PNG, W3C 2nd ed., §11.2.2).
///
/// Pure. The one reading of a PNG's declared size: `DeclaredPictureSize` checks it against the
/// scanner's limits and `PNGDecoder` decodes by it, so the size refused or admitted is the size
/// decoded (issue 10, item 6: a reader that took a later IHDR could be shown one size and decode
/// another). Only the first chunk is read; a second IHDR is the decoder's to refuse.
struct PNGHeader: Equatable {
    var width: Int
    var height: Int
    /// Bits per sample (or per palette index): 1, 2, 4, 8 or 16.
    var bitDepth: Int
    /// 0 grey, 2 RGB, 3 palette, 4 grey and alpha, 6 RGBA (`ColourType`), as the header says it.
    var colourType: Int
    /// Compression method: 0, deflate, the only one (§10.1).
    var compression: Int
    /// Filter method: 0, the five adaptive filters, the only one (§9.1).
    var filter: Int
    /// 0 none, 1 Adam7 (§8.2).
    var interlace: Int

    /// The colour types of §11.2.2, by their numbers.
    enum ColourType: Int, Equatable {
        case grey = 0, rgb = 2, palette = 3, greyAlpha = 4, rgba = 6

        /// Samples per pixel.
        var channels: Int {
            switch self {
            case .grey, .palette: 1
            case .greyAlpha: 2
            case .rgb: 3
            case .rgba: 4
            }
        }

        /// The bit depths §11.2.2 Table 11.1 allows with this colour type.
        var bitDepths: Set<Int> {
            switch self {
            case .grey: [1, 2, 4, 8, 16]
            case .palette: [1, 2, 4, 8]
            case .rgb, .greyAlpha, .rgba: [8, 16]
            }
        }
    }

    /// The 8 signature bytes, the IHDR chunk's length (13) and its type, as they start every PNG.
    static let start: [UInt8] = PNGImage.signature + [0, 0, 0, 13] + Array("IHDR".utf8)
    /// Where the first chunk after IHDR begins: signature, length, type, 13 bytes of data, CRC.
    static let end = 8 + 4 + 4 + 13 + 4

    /// The header in the first chunk of `bytes`; nil when that chunk is not a whole 13-byte IHDR.
    /// Nothing but presence is checked here (the size check needs no more): what the fields must
    /// be is `checked()`'s to say.
    init?(firstChunkOf bytes: [UInt8]) {
        guard bytes.count >= Self.end - 4, bytes.starts(with: Self.start) else { return nil }
        func be32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        width = be32(16)
        height = be32(20)
        bitDepth = Int(bytes[24])
        colourType = Int(bytes[25])
        compression = Int(bytes[26])
        filter = Int(bytes[27])
        interlace = Int(bytes[28])
    }

    /// The colour type, once the header is one a PNG may have (§11.2.2); else why not.
    func checked() throws(PNGProblem) -> ColourType {
        guard width > 0, height > 0, width <= Int(Int32.max), height <= Int(Int32.max) else {
            throw .badHeader("a \(width)×\(height) picture")
        }
        guard let colour = ColourType(rawValue: colourType), colour.bitDepths.contains(bitDepth) else {
            throw .badHeader("colour type \(colourType) at \(bitDepth) bits")
        }
        guard compression == 0, filter == 0 else { throw .badHeader("compression method \(compression), filter method \(filter)") }
        guard interlace == 0 || interlace == 1 else { throw .badHeader("interlace method \(interlace)") }
        return colour
    }
}
