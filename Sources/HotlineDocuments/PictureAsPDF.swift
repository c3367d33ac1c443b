import Foundation

/// A stranger's PNG or JPEG wrapped, undecoded, as the one image of a one-page PDF, so that it
/// reaches `zbarimg` the way TIFF and PDF pages do: rasterised by `pdftoppm` into a grey map we
/// control, never through `zbarimg`'s own image decoding (ImageMagick and its coders underneath)
/// (issue 10, item 6). Pure.
///
/// JPEG bytes go in as they are (`/DCTDecode`); a PNG's IDAT data goes in as it is, its filters
/// undone by the PDF's own PNG predictors (`/FlateDecode`, `/Predictor 15`, PDF 1.7 §7.4.4.4). The
/// PNG layouts a PDF image cannot carry that way — an alpha channel, Adam7 interlacing — are
/// refused, named. The page is sized so that `pdftoppm -r 200` renders one pixel per pixel.
enum PictureAsPDF {
    enum Refusal: Error, Equatable, CustomStringConvertible {
        case notPNG(String)
        case notJPEG(String)
        case unsupportedPNG(String)

        var description: String {
            switch self {
            case .notPNG(let why): "not a PNG picture: \(why)"
            case .notJPEG(let why): "not a JPEG picture: \(why)"
            case .unsupportedPNG(let why): "a PNG of a layout that is not read (\(why)); send it as a JPEG or a PDF"
            }
        }
    }

    /// The dots per inch `FaxQRScanner` renders at.
    static let renderDPI = 200

    static func jpeg(_ bytes: [UInt8]) throws(Refusal) -> [UInt8] {
        guard let frame = DeclaredPictureSize.jpegFrame(bytes) else { throw .notJPEG("no frame header") }
        let space: String
        switch frame.components {
        case 1: space = "/DeviceGray"
        case 3: space = "/DeviceRGB"
        case 4: space = "/DeviceCMYK /Decode [1 0 1 0 1 0 1 0]"  // Adobe's inverted CMYK, as cameras write it
        default: throw .notJPEG("\(frame.components) colour components")
        }
        return pdf(width: frame.width, height: frame.height,
                   dictionary: "/ColorSpace \(space) /BitsPerComponent 8 /Filter /DCTDecode", data: bytes[...])
    }

    static func png(_ bytes: [UInt8]) throws(Refusal) -> [UInt8] {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count > 33, bytes.starts(with: signature) else { throw .notPNG("no signature") }
        func be32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        var i = 8
        var header: (width: Int, height: Int, depth: Int, colour: Int, interlace: Int)?
        var palette: ArraySlice<UInt8>?
        var data: [UInt8] = []
        while i + 8 <= bytes.count {
            let length = be32(i), type = String(decoding: bytes[(i + 4)..<(i + 8)], as: UTF8.self)
            guard length >= 0, i + 12 + length <= bytes.count else { throw .notPNG("chunk \(type) runs past the end") }
            let body = bytes[(i + 8)..<(i + 8 + length)]
            switch type {
            case "IHDR":
                guard length == 13 else { throw .notPNG("IHDR of \(length) bytes") }
                let b = body.startIndex
                header = (be32(b), be32(b + 4), Int(bytes[b + 8]), Int(bytes[b + 9]), Int(bytes[b + 12]))
            case "PLTE": palette = body
            case "IDAT": data += body
            case "IEND": i = bytes.count; continue
            default: break
            }
            i += 12 + length
        }
        guard let h = header else { throw .notPNG("no IHDR") }
        guard !data.isEmpty else { throw .notPNG("no image data") }
        guard h.interlace == 0 else { throw .unsupportedPNG("interlaced") }
        let (colours, space): (Int, String)
        switch (h.colour, h.depth) {
        case (0, 1), (0, 2), (0, 4), (0, 8), (0, 16): (colours, space) = (1, "/DeviceGray")
        case (2, 8), (2, 16): (colours, space) = (3, "/DeviceRGB")
        case (3, 1), (3, 2), (3, 4), (3, 8):
            guard let palette, !palette.isEmpty, palette.count % 3 == 0, palette.count <= 768 else { throw .notPNG("no usable palette") }
            let hex = palette.map { String(format: "%02X", $0) }.joined()
            (colours, space) = (1, "[/Indexed /DeviceRGB \(palette.count / 3 - 1) <\(hex)>]")
        case (4, _), (6, _): throw .unsupportedPNG("an alpha channel")
        default: throw .notPNG("colour type \(h.colour) at \(h.depth) bits")
        }
        return pdf(width: h.width, height: h.height,
                   dictionary: "/ColorSpace \(space) /BitsPerComponent \(h.depth) /Filter /FlateDecode "
                       + "/DecodeParms << /Predictor 15 /Colors \(colours) /BitsPerComponent \(h.depth) /Columns \(h.width) >>",
                   data: data[...])
    }

    /// One page, one image XObject filling it.
    static func pdf(width: Int, height: Int, dictionary: String, data: ArraySlice<UInt8>) -> [UInt8] {
        let w = Double(width) * 72 / Double(renderDPI), h = Double(height) * 72 / Double(renderDPI)
        let size = String(format: "%.3f %.3f", w, h)
        let content = "q \(size.replacingOccurrences(of: " ", with: " 0 0 ")) 0 0 cm /Im1 Do Q"
        let objects: [[UInt8]] = [
            Array("<< /Type /Catalog /Pages 2 0 R >>".utf8),
            Array("<< /Type /Pages /Kids [3 0 R] /Count 1 >>".utf8),
            Array("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(size)] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>".utf8),
            Array("<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream".utf8),
            Array("<< /Type /XObject /Subtype /Image /Width \(width) /Height \(height) \(dictionary) /Length \(data.count) >>\nstream\n".utf8)
                + data + Array("\nendstream".utf8),
        ]
        return document(objects)
    }

    /// A PDF of `objects` (numbered from 1, the first the catalog) with its cross-reference table.
    static func document(_ objects: [[UInt8]]) -> [UInt8] {
        var out = Array("%PDF-1.7\n".utf8)
        var offsets: [Int] = []
        for (n, object) in objects.enumerated() {
            offsets.append(out.count)
            out += Array("\(n + 1) 0 obj\n".utf8) + object + Array("\nendobj\n".utf8)
        }
        let xref = out.count
        out += Array("xref\n0 \(objects.count + 1)\n0000000000 65535 f \n".utf8)
        for o in offsets { out += Array(String(format: "%010d 00000 n \n", o).utf8) }
        out += Array("trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n".utf8)
        return out
    }
}
