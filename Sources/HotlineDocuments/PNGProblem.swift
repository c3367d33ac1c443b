/// Why `PNGDecoder` refused a PNG: one case per reason. The scanner reports each as
/// `FaxScanProblem.malformed`, with this description.
enum PNGProblem: Error, Equatable, CustomStringConvertible {
    /// No 13-byte IHDR as the first chunk, or one with values no PNG has (§11.2.2).
    case badHeader(String)
    /// More pixels than the decoder was allowed (the scanner's `maxPicturePixels`).
    case tooLarge(width: Int, height: Int, maxPixels: Int)
    /// A chunk runs past the end of the bytes: the file was cut short.
    case cutShort(chunk: String, at: Int)
    /// A critical chunk whose CRC-32 does not match (§5.3): the file was damaged.
    case badCRC(chunk: String, at: Int)
    /// A chunk in a place or with a content the standard forbids: a second IHDR, a palette of the
    /// wrong size, a critical chunk we do not know (§5.4: a decoder must not go on).
    case badChunk(String)
    /// No IDAT chunk, or a palette picture without PLTE.
    case missing(String)
    /// The image data are not a zlib stream, or it ends before the last row.
    case badImageData(String)
    /// The image data inflate past what the header declares (rows × (1 + row bytes)): a
    /// decompression bomb, or a file that lies about its size. Inflating stops at the first byte over.
    case tooMuchImageData(declared: Int)
    /// A row with a filter type other than 0–4 (§9.2).
    case badFilter(type: Int, row: Int)

    var description: String {
        switch self {
        case .badHeader(let why): "PNG header: \(why)"
        case .tooLarge(let width, let height, let maxPixels): "PNG of \(width)×\(height), more than \(maxPixels) pixels"
        case .cutShort(let chunk, let at): "PNG chunk \(chunk) at byte \(at) runs past the end: cut short"
        case .badCRC(let chunk, let at): "PNG chunk \(chunk) at byte \(at) has a wrong CRC: damaged"
        case .badChunk(let why): "PNG: \(why)"
        case .missing(let what): "PNG without \(what)"
        case .badImageData(let why): "PNG image data: \(why)"
        case .tooMuchImageData(let declared): "PNG image data inflate past the \(declared) bytes its header declares"
        case .badFilter(let type, let row): "PNG row \(row) has filter type \(type) (0–4 only)"
        }
    }
}
