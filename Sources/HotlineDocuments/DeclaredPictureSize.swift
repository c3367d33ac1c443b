/// The picture sizes a fax attachment declares, read before any tool decodes it (issue 9, item 6).
///
/// A few hundred bytes can declare a 100,000 × 100,000 page (a G4 TIFF, an image XObject behind a
/// FlateDecode chain, a PNG's IHDR): decoding it would hold intake until the tool deadline. Pure.
enum DeclaredPictureSize {
    /// Width and height from a PNG's IHDR (`PNGHeader`, the reading `PNGDecoder` decodes by) or a
    /// JPEG's first SOFn marker (`jpegFrame`, the one the JPEG's PDF page is sized by); nil when not found.
    static func picture(_ b: [UInt8], format: FaxDocumentFormat) -> (Int, Int)? {
        switch format {
        case .png:
            return PNGHeader(firstChunkOf: b).map { ($0.width, $0.height) }
        case .jpeg:
            return jpegFrame(b).map { ($0.width, $0.height) }
        case .tiff, .pdf:
            return nil
        }
    }

    /// What a JPEG's frame header says (ITU T.81 §B.2.2), and whether an Adobe APP14 segment came before it.
    struct JPEGFrame: Equatable {
        var width: Int
        var height: Int
        /// Colour components: 1 grey, 3 YCbCr (or RGB), 4 CMYK (or YCCK).
        var components: Int
        /// An APP14 "Adobe" segment: Photoshop's CMYK, whose values are stored inverted.
        var adobe: Bool
    }

    /// The frame header of a JPEG (SOF0–SOF15 but DHT, JPG and DAC), walking the markers (ITU T.81
    /// §B.1.1.2): fill bytes 0xFF are skipped, markers without a length (TEM, RST0–7, SOI) stepped
    /// over; a scan (SOS) before any frame header, or the end of the bytes, gives nil.
    static func jpegFrame(_ b: [UInt8]) -> JPEGFrame? {
        func be16(_ i: Int) -> Int { Int(b[i]) << 8 | Int(b[i + 1]) }
        let adobe = Array("Adobe".utf8)
        var i = 2
        var sawAdobe = false
        while i + 1 < b.count {
            guard b[i] == 0xFF else { return nil }
            let marker = b[i + 1]
            if marker == 0xFF { i += 1; continue }  // fill byte
            if marker == 0x01 || (0xD0...0xD8).contains(marker) { i += 2; continue }  // no length
            if marker == 0xDA || marker == 0xD9 { return nil }  // a scan or the end before any frame
            guard i + 3 < b.count else { return nil }
            let length = be16(i + 2)
            if (0xC0...0xCF).contains(marker), marker != 0xC4, marker != 0xC8, marker != 0xCC {
                guard i + 9 < b.count, length >= 8 else { return nil }
                return JPEGFrame(width: be16(i + 7), height: be16(i + 5), components: Int(b[i + 9]), adobe: sawAdobe)
            }
            if marker == 0xEE, length >= 2 + adobe.count, i + 4 + adobe.count <= b.count, b[(i + 4)..<(i + 4 + adobe.count)].elementsEqual(adobe) {
                sawAdobe = true
            }
            guard length >= 2 else { return nil }
            i += 2 + length
        }
        return nil
    }

    /// The largest `/Width` and `/Height` a PDF declares directly (`/Width 100000`), anywhere in its
    /// uncompressed bytes — where image XObjects' dictionaries are. A value given by reference
    /// (`/Width 12 0 R`), or inside a compressed object stream, is not resolved here: the scanner
    /// runs `pdfimages -list` next, before anything is rendered.
    static func pdfImages(_ b: [UInt8]) -> (width: Int, height: Int) {
        let width = Array("/Width".utf8), height = Array("/Height".utf8)
        var most = (width: 0, height: 0)
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }
        /// The integer after the name at `i`, when the name is exactly `name` (not `/Widths`).
        func value(_ name: [UInt8], at i: Int) -> Int? {
            guard i + name.count < b.count, b[i..<i + name.count].elementsEqual(name), isSpace(b[i + name.count]) else { return nil }
            var j = i + name.count
            while j < b.count, isSpace(b[j]) { j += 1 }
            var v = 0, digits = 0
            while j < b.count, (0x30...0x39).contains(b[j]), digits < 10 {
                v = v * 10 + Int(b[j] - 0x30)
                j += 1
                digits += 1
            }
            guard digits > 0 else { return nil }
            // `12 0 R` is a reference to object 12, not the number 12.
            var k = j
            while k < b.count, isSpace(b[k]) { k += 1 }
            let generation = k
            while k < b.count, (0x30...0x39).contains(b[k]) { k += 1 }
            if k > generation, k > j {
                while k < b.count, isSpace(b[k]) { k += 1 }
                if k < b.count, b[k] == 0x52 { return nil }
            }
            return v
        }
        for i in b.indices where b[i] == 0x2F {
            if let v = value(width, at: i) { most.width = max(most.width, v) }
            if let v = value(height, at: i) { most.height = max(most.height, v) }
        }
        return most
    }

    /// The widths and heights `pdfimages -list` reports (poppler 22: a header, a rule, then one line
    /// per image with width and height in the 4th and 5th columns).
    static func pdfimagesList(_ text: String) -> [(width: Int, height: Int)] {
        var out: [(Int, Int)] = []
        var body = false
        for line in text.split(whereSeparator: \.isNewline) {
            if line.hasPrefix("----") { body = true; continue }
            guard body else { continue }
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            if words.count >= 5, let w = Int(words[3]), let h = Int(words[4]) { out.append((w, h)) }
        }
        return out
    }
}
