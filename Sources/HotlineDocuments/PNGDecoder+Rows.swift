extension PNGDecoder {
    /// Undoes the filter of one scanline in place (§9.2): `row[0]` is the filter type, `above` the
    /// previous scanline of the pass, already unfiltered (zeros for the first), `step` the bytes
    /// of a pixel (at least 1).
    static func unfilter(_ row: UnsafeMutableBufferPointer<UInt8>, above: UnsafeBufferPointer<UInt8>, step: Int,
                         row number: Int) throws(PNGProblem) {
        let n = row.count
        switch row[0] {
        case 0:
            break
        case 1:  // Sub
            var i = 1 + step
            while i < n { row[i] &+= row[i - step]; i += 1 }
        case 2:  // Up
            for i in 1..<n { row[i] &+= above[i] }
        case 3:  // Average
            for i in 1..<n {
                let left = i > step ? Int(row[i - step]) : 0
                row[i] &+= UInt8((left + Int(above[i])) / 2)
            }
        case 4:  // Paeth
            for i in 1..<n {
                let a = i > step ? Int(row[i - step]) : 0, b = Int(above[i]), c = i > step ? Int(above[i - step]) : 0
                let p = a + b - c
                let pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                row[i] &+= UInt8(pa <= pb && pa <= pc ? a : pb <= pc ? b : c)
            }
        default:
            throw .badFilter(type: Int(row[0]), row: number)
        }
    }

    /// Writes the grey of each of the `columns` pixels of the unfiltered scanline `row` (filter
    /// byte first) to `out`, from `start` on, `step` apart.
    func putGrey(_ row: UnsafeBufferPointer<UInt8>, columns: Int, into out: UnsafeMutableBufferPointer<UInt8>, from start: Int,
                 step: Int) {
        let depth = header.bitDepth
        /// Sample `i` of the row (the i-th sample of the scanline, all channels counted), at the bit depth.
        func sample(_ i: Int) -> Int {
            switch depth {
            case 16: return Int(row[1 + 2 * i]) << 8 | Int(row[2 + 2 * i])
            case 8: return Int(row[1 + i])
            default:
                let bit = i * depth
                return Int(row[1 + bit >> 3] >> UInt8(8 - depth - bit & 7)) & (1 << depth - 1)
            }
        }
        /// A sample brought to 8 bits (§13.12: scaled by the largest value, rounded).
        func eight(_ v: Int) -> Int { depth == 8 ? v : (v * 255 + (1 << depth - 1) / 2) / (1 << depth - 1) }
        let key = transparent
        for x in 0..<columns {
            let grey: UInt8
            switch colour {
            case .palette:
                grey = paletteGrey?[sample(x)] ?? 0
            case .grey:
                let v = sample(x)
                grey = key?[0] == v ? 255 : UInt8(eight(v))
            case .rgb:
                let r = sample(3 * x), g = sample(3 * x + 1), b = sample(3 * x + 2)
                if let key, key[0] == r, key[1] == g, key[2] == b {
                    grey = 255
                } else {
                    grey = UInt8(Self.luma(eight(r), eight(g), eight(b)))
                }
            case .greyAlpha:
                grey = Self.overWhite(eight(sample(2 * x)), alpha: eight(sample(2 * x + 1)))
            case .rgba:
                let luma = Self.luma(eight(sample(4 * x)), eight(sample(4 * x + 1)), eight(sample(4 * x + 2)))
                grey = Self.overWhite(luma, alpha: eight(sample(4 * x + 3)))
            }
            out[start + x * step] = grey
        }
    }
}
