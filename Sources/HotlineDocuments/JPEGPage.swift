/// A JPEG as the one image of a one-page PDF of our own making, for `pdftoppm` to rasterise
/// (issue 10, item 6).
///
/// Decoding JPEG by hand is not worth its risk; poppler's DCT decoder (libjpeg underneath) is the
/// one that already reads the JPEG pages of the PDF faxes we accept, so a stranger's JPEG goes to
/// it the same way: its bytes undecoded as a `/DCTDecode` image XObject (PDF 32000-1 §7.4.8)
/// filling the page. The colour space follows the frame header: 1 component grey, 3 RGB (poppler
/// undoes YCbCr itself), 4 CMYK — inverted (`/Decode [1 0 1 0 1 0 1 0]`) when an Adobe APP14
/// segment marks it as Photoshop's. The page measures the picture's pixels in points and is
/// rendered at 72 dpi, so the raster has the picture's own size, a point a pixel, with no rounding.
/// Pure.
enum JPEGPage {
    /// The resolution the page is rendered at: one pixel a point.
    static let dpi = 72

    /// The PDF, or why the frame header cannot be one of its images.
    static func pdf(_ jpeg: [UInt8], frame: DeclaredPictureSize.JPEGFrame) throws(FaxScanProblem) -> [UInt8] {
        guard frame.width > 0, frame.height > 0 else {
            throw .malformed("a JPEG frame header of \(frame.width)×\(frame.height) (a height given later by DNL is not read)")
        }
        let space: String
        switch frame.components {
        case 1: space = "/ColorSpace /DeviceGray"
        case 3: space = "/ColorSpace /DeviceRGB"
        case 4 where frame.adobe: space = "/ColorSpace /DeviceCMYK /Decode [1 0 1 0 1 0 1 0]"
        case 4: space = "/ColorSpace /DeviceCMYK"
        default: throw .malformed("a JPEG of \(frame.components) colour components (1, 3 or 4 are read)")
        }
        let (w, h) = (frame.width, frame.height)
        let content = "q \(w) 0 0 \(h) 0 0 cm /Im1 Do Q"
        return document([
            Array("<< /Type /Catalog /Pages 2 0 R >>".utf8),
            Array("<< /Type /Pages /Kids [3 0 R] /Count 1 >>".utf8),
            Array("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(w) \(h)] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>".utf8),
            Array("<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream".utf8),
            Array("<< /Type /XObject /Subtype /Image /Width \(w) /Height \(h) \(space) /BitsPerComponent 8 /Filter /DCTDecode /Length \(jpeg.count) >>\nstream\n".utf8)
                + jpeg + Array("\nendstream".utf8),
        ])
    }

    /// A PDF of `objects` (numbered from 1, the first the catalog) with its cross-reference table
    /// (PDF 32000-1 §7.5).
    static func document(_ objects: [[UInt8]]) -> [UInt8] {
        var out = Array("%PDF-1.4\n".utf8)
        var offsets: [Int] = []
        for (n, object) in objects.enumerated() {
            offsets.append(out.count)
            out += Array("\(n + 1) 0 obj\n".utf8) + object + Array("\nendobj\n".utf8)
        }
        let xref = out.count
        out += Array("xref\n0 \(objects.count + 1)\n0000000000 65535 f \n".utf8)
        for offset in offsets {
            let digits = String(offset)
            out += Array((String(repeating: "0", count: max(0, 10 - digits.count)) + digits + " 00000 n \n").utf8)
        }
        out += Array("trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n".utf8)
        return out
    }
}
