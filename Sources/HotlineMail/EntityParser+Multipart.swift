import Foundation

extension EntityParser {
    /// What a multipart body turned out to be.
    enum MultipartResult {
        case parts([MIMEPart])
        /// No delimiter line: the entity is a leaf whose payload ends at this index (Python's
        /// StartBoundaryNotFoundDefect).
        case noStartBoundary(Int)
    }

    /// Splits a multipart body at its delimiter lines (RFC 2046 §5.1.1).
    ///
    /// A delimiter is `--boundary` at a line start, then optional `--` (close delimiter),
    /// then optional whitespace, then the line end. Consecutive delimiter lines make no empty
    /// parts (as in Python). A missing close delimiter is a defect; the last part runs to the end.
    mutating func parseMultipart(boundary: [UInt8], start: Int, end: Int, path: String, depth: Int,
                                 digest: Bool) -> MultipartResult {
        let childDefault: ContentType = digest ? .messageRFC822 : .textPlainDefault
        var parts: [MIMEPart] = []
        var partStart: Int?
        var pos = start
        var closed = false
        while pos < end {
            let lineEnd = HeaderSectionParser.lineEnd(bytes, from: pos, end: end)
            guard let isClose = delimiter(boundary, at: pos, lineEnd: lineEnd) else {
                pos = lineEnd
                continue
            }
            if let s = partStart {
                if partCount >= limits.maxParts {
                    reportPartLimit(path, offset: s)
                    parts.append(leafRest(start: s, end: end, path: childPath(path, parts.count + 1), depth: depth))
                    return .parts(parts)
                }
                parts.append(child(start: s, end: pos, path: childPath(path, parts.count + 1), depth: depth,
                                   defaultType: childDefault))
            } else if isClose {
                defect("startBoundaryNotFound", path, "only a close delimiter; multipart treated as a leaf", offset: pos)
                return .noStartBoundary(pos)
            }
            if isClose && partStart != nil {
                closed = true
                break
            }
            pos = lineEnd
            // Consecutive delimiter lines delimit no part (Python's feedparser skips them).
            while pos < end {
                let next = HeaderSectionParser.lineEnd(bytes, from: pos, end: end)
                guard delimiter(boundary, at: pos, lineEnd: next) != nil else { break }
                pos = next
            }
            partStart = pos
        }
        guard let lastStart = partStart else {
            defect("startBoundaryNotFound", path, "boundary never appears; multipart treated as a leaf")
            return .noStartBoundary(end)
        }
        if !closed {
            defect("missingCloseBoundary", path, "no close delimiter before the end of the body", offset: end)
            if partCount >= limits.maxParts {
                reportPartLimit(path, offset: lastStart)
                parts.append(leafRest(start: lastStart, end: end, path: childPath(path, parts.count + 1), depth: depth))
            } else {
                parts.append(child(start: lastStart, end: end, path: childPath(path, parts.count + 1), depth: depth,
                                   defaultType: childDefault))
            }
        }
        return .parts(parts)
    }

    /// Parses one body part; its range ends at the delimiter line.
    mutating func child(start: Int, end: Int, path: String, depth: Int, defaultType: ContentType) -> MIMEPart {
        var ignored = false
        return parseEntity(start: start, end: end, path: path, depth: depth + 1, defaultType: defaultType,
                           stripFinalLineEnd: true, unixFrom: &ignored)
    }

    /// After the part limit: the rest of the body becomes one leaf.
    mutating func leafRest(start: Int, end: Int, path: String, depth: Int) -> MIMEPart {
        var ignored = false
        return parseEntity(start: start, end: end, path: path, depth: depth + 1, defaultType: .textPlainDefault,
                           stripFinalLineEnd: true, unixFrom: &ignored, forceLeaf: true)
    }

    mutating func reportPartLimit(_ path: String, offset: Int) {
        guard !partLimitReported else { return }
        partLimitReported = true
        defect("partLimitExceeded", path, "more than \(limits.maxParts) parts; the rest is one leaf", offset: offset)
    }

    func childPath(_ parent: String, _ index: Int) -> String {
        parent.isEmpty ? String(index) : "\(parent).\(index)"
    }

    /// Whether the line [pos, lineEnd) is a delimiter of `boundary`; true when it is the close one.
    func delimiter(_ boundary: [UInt8], at pos: Int, lineEnd: Int) -> Bool? {
        guard lineEnd - pos >= boundary.count, bytes[pos] == 0x2D else { return nil }
        for k in 0..<boundary.count where bytes[pos + k] != boundary[k] { return nil }
        var i = pos + boundary.count
        var isClose = false
        if i + 1 < lineEnd, bytes[i] == 0x2D, bytes[i + 1] == 0x2D {
            isClose = true
            i += 2
        }
        while i < lineEnd, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        if i < lineEnd, bytes[i] == 0x0D { i += 1 }
        if i < lineEnd, bytes[i] == 0x0A { i += 1 }
        return i == lineEnd ? isClose : nil
    }
}
