/// The pages of a TIFF file, found by walking its chain of image file directories (TIFF 6.0 §2).
///
/// Pure: no decoding, only the structure — so that a fax cut short in transfer is an error and not
/// a shorter fax. tiff2pdf warns about a directory past the end of the file and still exits 0
/// with the pages before it; checking the chain here first makes that case `malformed`. Also
/// refuses loops in the chain, strips outside the file and more pages than the limit, before any
/// tool sees the file.
struct TIFFPageIndex: Equatable {
    struct Page: Equatable {
        var width: Int
        var height: Int
    }

    var pages: [Page]

    /// Indexes `bytes`; at most `maxPages` pages.
    init(_ bytes: [UInt8], maxPages: Int) throws(FaxScanProblem) {
        guard bytes.count >= 8 else { throw .malformed("TIFF header cut short (\(bytes.count) bytes)") }
        let little: Bool
        switch (bytes[0], bytes[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: throw .malformed("not a TIFF byte order mark")
        }
        let reader = Reader(bytes: bytes, little: little)
        guard let magic = reader.u16(2), magic == 42 else { throw .malformed("not a classic TIFF (BigTIFF is not read)") }
        var offset = Int(reader.u32(4) ?? 0)
        var seen = Set<Int>()
        var pages: [Page] = []
        while offset != 0 {
            guard !seen.contains(offset) else { throw .malformed("directory chain loops back to offset \(offset)") }
            seen.insert(offset)
            guard pages.count < maxPages else {
                throw .tooManyPages(count: pages.count + Self.remaining(reader, from: offset, seen: seen), limit: maxPages)
            }
            let (page, next) = try Self.directory(reader, at: offset, number: pages.count + 1)
            pages.append(page)
            offset = next
        }
        guard !pages.isEmpty else { throw .malformed("TIFF has no image directory") }
        self.pages = pages
    }

    /// Reads the directory at `offset`: the page it describes and the next directory's offset.
    private static func directory(_ reader: Reader, at offset: Int, number: Int) throws(FaxScanProblem) -> (Page, Int) {
        let size = reader.bytes.count
        guard offset >= 8, let count = reader.u16(offset) else {
            throw .malformed("directory of page \(number) at offset \(offset) is past the end (\(size) bytes): cut short?")
        }
        let end = offset + 2 + 12 * Int(count)
        guard let next = reader.u32(end) else {
            throw .malformed("directory of page \(number) at offset \(offset) runs past the end (\(size) bytes): cut short?")
        }
        var width = 0, height = 0
        var offsets: [Int] = [], counts: [Int] = []
        for i in 0..<Int(count) {
            let entry = offset + 2 + 12 * i
            guard let tag = reader.u16(entry) else { continue }
            switch tag {
            case 256: width = reader.values(entry).first ?? 0
            case 257: height = reader.values(entry).first ?? 0
            case 273, 324: offsets = reader.values(entry)
            case 279, 325: counts = reader.values(entry)
            default: break
            }
        }
        guard width > 0, height > 0 else { throw .malformed("page \(number) has no width or height") }
        guard !offsets.isEmpty, offsets.count == counts.count else {
            throw .malformed("page \(number) has \(offsets.count) strip offsets and \(counts.count) strip sizes")
        }
        for (start, length) in zip(offsets, counts) where start < 0 || length < 0 || start > size || length > size - start {
            throw .malformed("page \(number)'s image data (\(length) bytes at \(start)) runs past the end (\(size) bytes): cut short?")
        }
        return (Page(width: width, height: height), Int(next))
    }

    /// How many more directories the chain names from `offset` (for the message; capped).
    private static func remaining(_ reader: Reader, from offset: Int, seen: Set<Int>) -> Int {
        var offset = offset, count = 0, seen = seen
        while offset != 0, count < 10_000, let n = reader.u16(offset), let next = reader.u32(offset + 2 + 12 * Int(n)) {
            count += 1
            offset = Int(next)
            if seen.contains(offset) { break }
            seen.insert(offset)
        }
        return max(count, 1)
    }

    /// Bounds-checked reads in the file's byte order.
    private struct Reader {
        var bytes: [UInt8]
        var little: Bool

        func u16(_ at: Int) -> UInt16? {
            guard at >= 0, at <= bytes.count - 2 else { return nil }
            let a = UInt16(bytes[at]), b = UInt16(bytes[at + 1])
            return little ? a | b << 8 : a << 8 | b
        }

        func u32(_ at: Int) -> UInt32? {
            guard at >= 0, at <= bytes.count - 4, let a = u16(at), let b = u16(at + 2) else { return nil }
            return little ? UInt32(a) | UInt32(b) << 16 : UInt32(a) << 16 | UInt32(b)
        }

        /// The SHORT or LONG values of the entry at `entry` (inline or at their offset), at most 65,536.
        func values(_ entry: Int) -> [Int] {
            guard let type = u16(entry + 2), let count = u32(entry + 4), count <= 65_536 else { return [] }
            let width: Int
            switch type {
            case 3: width = 2
            case 4: width = 4
            default: return []
            }
            let total = Int(count) * width
            var at = entry + 8
            if total > 4 {
                guard let pointer = u32(entry + 8) else { return [] }
                at = Int(pointer)
            }
            guard at >= 0, at <= bytes.count - total else { return [-1] }  // outside the file: refused by the caller
            return (0..<Int(count)).map { i in
                width == 2 ? Int(u16(at + 2 * i) ?? 0) : Int(u32(at + 4 * i) ?? 0)
            }
        }
    }
}
