import Foundation

extension TransferEncoding {
    /// Decodes a uuencoded body (`x-uuencode`, `uuencode`, `x-uue`; POSIX uuencode format).
    ///
    /// Everything before the `begin MODE NAME` line is ignored; decoding stops at `end`.
    /// Returns nil when there is no begin line or no end line, so the caller can keep the
    /// body verbatim, as Python does.
    static func decodeUU(_ input: ArraySlice<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        var started = false
        var pos = input.startIndex
        while pos < input.endIndex {
            var lineEnd = pos
            while lineEnd < input.endIndex && input[lineEnd] != 0x0A { lineEnd += 1 }
            let next = lineEnd < input.endIndex ? lineEnd + 1 : lineEnd
            var contentEnd = lineEnd
            while contentEnd > pos, [0x0D, 0x20, 0x09, 0x0C].contains(input[contentEnd - 1]) { contentEnd -= 1 }
            let line = input[pos..<contentEnd]
            pos = next
            if !started {
                if isBeginLine(line) { started = true }
                continue
            }
            if line.elementsEqual("end".utf8) { return out }
            decodeUULine(line, into: &out)
        }
        return nil
    }

    /// `begin` SP octal-mode SP name (POSIX uuencode).
    static func isBeginLine(_ line: ArraySlice<UInt8>) -> Bool {
        let fields = line.split(separator: 0x20, maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0].elementsEqual("begin".utf8), !fields[1].isEmpty else { return false }
        return fields[1].allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") }
    }

    /// One uuencoded line: a length character, then groups of four 6-bit characters.
    static func decodeUULine(_ line: ArraySlice<UInt8>, into out: inout [UInt8]) {
        guard let first = line.first else { return }
        let count = Int((first &- 0x20) & 0x3F)
        var chars = Array(line.dropFirst())
        let needed = (count + 2) / 3 * 4
        if chars.count < needed { chars += [UInt8](repeating: 0x20, count: needed - chars.count) }
        var produced = 0
        var i = 0
        while produced < count && i + 3 < chars.count {
            let v = (0..<4).map { UInt32((chars[i + $0] &- 0x20) & 0x3F) }
            let group = v[0] << 18 | v[1] << 12 | v[2] << 6 | v[3]
            for shift in [16, 8, 0] where produced < count {
                out.append(UInt8(truncatingIfNeeded: group >> UInt32(shift)))
                produced += 1
            }
            i += 4
        }
    }
}
