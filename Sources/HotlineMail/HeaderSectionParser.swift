import Foundation

/// Splits a header section into fields (RFC 5322 §2.2, §3.6, §4.5), tolerating obsolete syntax.
///
/// Line ends may be CRLF or bare LF. Field names may be followed by WSP before the colon
/// (RFC 5322 §4.5 obs-optional; QUIRK: CPython refuses `Subject : x`, we accept it). A line
/// that is neither a field nor a continuation ends the section and starts the body, with a
/// defect (Python's MissingHeaderBodySeparatorDefect). An mbox `From ` line first is skipped.
struct HeaderSectionParser {
    let bytes: [UInt8]
    let end: Int
    let limits: ParseLimits
    let path: String
    /// Charset for raw 8-bit header bytes that are not UTF-8 (see `Charset.messageFallback`).
    var fallback: String? = nil

    /// The parsed section: its fields, where the body begins, and what was repaired.
    struct Result {
        var header: MessageHeader
        var bodyStart: Int
        var defects: [MIMEDefect]
        var unixFrom: Bool
    }

    /// Parses fields from `start` up to the empty line (or `end`).
    func parse(from start: Int) -> Result {
        var fields: [HeaderField] = []
        var defects: [MIMEDefect] = []
        var pos = start
        var unixFrom = false
        var current: (start: Int, nameEnd: Int, colon: Int)?
        var total = 0
        var overLimit = false

        func flush(upTo lineStart: Int) {
            guard let c = current else { return }
            current = nil
            if overLimit { return }
            total += lineStart - c.start
            if total > limits.maxHeaderBytes {
                overLimit = true
                defects.append(MIMEDefect(kind: "headerLimitExceeded", part: path,
                    detail: "header section longer than \(limits.maxHeaderBytes) bytes; later fields dropped",
                    offset: c.start))
                return
            }
            fields.append(HeaderField(raw: Array(bytes[c.start..<lineStart]), nameEnd: c.nameEnd - c.start,
                                      colon: c.colon - c.start, fallback: fallback))
        }

        while pos < end {
            let lineEnd = Self.lineEnd(bytes, from: pos, end: end)
            let first = bytes[pos]
            if first == 0x0A || (first == 0x0D && pos + 1 < end && bytes[pos + 1] == 0x0A) {
                flush(upTo: pos)
                return Result(header: MessageHeader(fields: fields), bodyStart: lineEnd, defects: defects,
                              unixFrom: unixFrom)
            }
            if first == 0x20 || first == 0x09 {
                if current == nil {
                    defects.append(MIMEDefect(kind: "firstHeaderLineIsContinuation", part: path,
                        detail: "continuation line without a field before it; ignored", offset: pos))
                }
                pos = lineEnd
                continue
            }
            if pos == start, Self.hasPrefix(bytes, pos, end, "From ") {
                unixFrom = true
                pos = lineEnd
                continue
            }
            if let (nameEnd, colon) = Self.fieldName(bytes, from: pos, lineEnd: lineEnd) {
                flush(upTo: pos)
                current = (pos, nameEnd, colon)
                pos = lineEnd
                continue
            }
            if Self.hasPrefix(bytes, pos, end, "From ") || Self.hasPrefix(bytes, pos, end, ">From ") {
                flush(upTo: pos)
                defects.append(MIMEDefect(kind: "misplacedEnvelopeHeader", part: path,
                    detail: "mbox From line inside the header section; ignored", offset: pos))
                pos = lineEnd
                continue
            }
            // Not a field: the body starts here (RFC 5322 §2.1 needs an empty line; repair).
            flush(upTo: pos)
            defects.append(MIMEDefect(kind: "missingHeaderBodySeparator", part: path,
                detail: "line that is not a header field ends the header section", offset: pos))
            return Result(header: MessageHeader(fields: fields), bodyStart: pos, defects: defects, unixFrom: unixFrom)
        }
        flush(upTo: end)
        return Result(header: MessageHeader(fields: fields), bodyStart: end, defects: defects, unixFrom: unixFrom)
    }

    /// RFC 5322 §3.6.8 field-name = 1*ftext, then obs WSP, then ":". Returns name end and colon index.
    static func fieldName(_ bytes: [UInt8], from start: Int, lineEnd: Int) -> (Int, Int)? {
        var i = start
        while i < lineEnd {
            let b = bytes[i]
            if b == 0x3A { break }
            if b <= 0x20 || b >= 0x7F { break }
            i += 1
        }
        let nameEnd = i
        guard nameEnd > start else { return nil }
        while i < lineEnd, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        guard i < lineEnd, bytes[i] == 0x3A else { return nil }
        return (nameEnd, i)
    }

    /// Index just past the next LF at or after `from` (or `end`).
    static func lineEnd(_ bytes: [UInt8], from: Int, end: Int) -> Int {
        bytes.withUnsafeBufferPointer { buf -> Int in
            guard let base = buf.baseAddress, from < end else { return end }
            if let hit = memchr(base + from, 0x0A, end - from) {
                return base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
            }
            return end
        }
    }

    static func hasPrefix(_ bytes: [UInt8], _ pos: Int, _ end: Int, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard end - pos >= count else { return false }
        let p = prefix.utf8Start
        for k in 0..<count where bytes[pos + k] != p[k] { return false }
        return true
    }
}
