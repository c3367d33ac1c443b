/// An 8-bit grey picture in the binary PGM format (netpbm `P5`), as pdftoppm `-gray` writes it.
///
/// Pure. Carries the one image operation the fax scanner needs: a 3×3 median filter against the
/// salt-and-pepper noise of a poor fax line (ENVIRONMENT.md "Documents and scans": heavy noise
/// needs a median filter before zbar finds the code).
struct PortableGrayMap: Equatable {
    var width: Int
    var height: Int
    /// Row by row, one byte a pixel, 0 black … 255 white.
    var pixels: [UInt8]

    init(width: Int, height: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Why bytes are not a PGM we read.
    struct Problem: Error, Equatable { var reason: String }

    /// Reads a `P5` file with a maxval up to 255 (comments allowed in the header).
    init(pgm bytes: [UInt8]) throws(Problem) {
        var at = 0
        func field() -> Int? {
            while at < bytes.count {
                if bytes[at] == UInt8(ascii: "#") {
                    while at < bytes.count, bytes[at] != 0x0A { at += 1 }
                } else if [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at]) {
                    at += 1
                } else {
                    break
                }
            }
            var value = 0, digits = 0
            while at < bytes.count, bytes[at] >= 0x30, bytes[at] <= 0x39, digits < 9 {
                value = value * 10 + Int(bytes[at] - 0x30)
                at += 1
                digits += 1
            }
            return digits > 0 ? value : nil
        }
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "P"), bytes[1] == UInt8(ascii: "5") else {
            throw Problem(reason: "not a binary PGM (P5)")
        }
        at = 2
        guard let width = field(), let height = field(), let maxval = field(), width > 0, height > 0 else {
            throw Problem(reason: "PGM header incomplete")
        }
        guard maxval > 0, maxval <= 255 else { throw Problem(reason: "PGM maxval \(maxval) is not 1…255") }
        at += 1  // the single whitespace after maxval
        guard width <= 1 << 15, height <= 1 << 15, bytes.count - at >= width * height else {
            throw Problem(reason: "PGM of \(width)×\(height) is cut short or too large")
        }
        var pixels = Array(bytes[at..<at + width * height])
        if maxval != 255 {
            for i in pixels.indices { pixels[i] = UInt8(min(255, Int(pixels[i]) * 255 / maxval)) }
        }
        self.init(width: width, height: height, pixels: pixels)
    }

    /// The `P5` file.
    var pgm: [UInt8] {
        Array("P5\n\(width) \(height)\n255\n".utf8) + pixels
    }

    /// Black and white after a 3×3 median filter: each pixel black when at least 5 of the 9 in its
    /// neighbourhood are darker than mid-grey (edges repeat the border pixels).
    ///
    /// The median of a neighbourhood, thresholded, is the majority of the thresholded
    /// neighbourhood, so this is the median filter and the binarisation in one pass: isolated
    /// specks (and pairs) vanish, strokes and QR modules two or more pixels wide stay.
    func medianFiltered() -> PortableGrayMap {
        let w = width, h = height
        var out = [UInt8](repeating: 255, count: w * h)
        guard w > 0, h > 0 else { return self }
        var dark = [UInt8](repeating: 0, count: w * h)
        pixels.withUnsafeBufferPointer { src in
            dark.withUnsafeMutableBufferPointer { d in
                for i in 0..<(w * h) where src[i] < 128 { d[i] = 1 }
            }
        }
        var column = [UInt8](repeating: 0, count: w + 2)  // dark pixels in the 3 rows, per column, edges padded
        dark.withUnsafeBufferPointer { d in
            column.withUnsafeMutableBufferPointer { col in
                out.withUnsafeMutableBufferPointer { o in
                    for y in 0..<h {
                        let above = max(y - 1, 0) * w, row = y * w, below = min(y + 1, h - 1) * w
                        for x in 0..<w { col[x + 1] = d[above + x] &+ d[row + x] &+ d[below + x] }
                        col[0] = col[1]
                        col[w + 1] = col[w]
                        for x in 0..<w where col[x] &+ col[x + 1] &+ col[x + 2] >= 5 { o[row + x] = 0 }
                    }
                }
            }
        }
        return PortableGrayMap(width: w, height: h, pixels: out)
    }
}
