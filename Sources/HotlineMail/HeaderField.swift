import Foundation

/// One header field as it stands in the message (RFC 5322 §2.2), raw bytes kept.
///
/// Keeping the raw bytes (go-message's habit) lets a signature over the header still be
/// verified and lets a writer reproduce the field byte for byte.
public struct HeaderField: Sendable, Equatable {
    /// The field name as written, e.g. "Subject".
    public var name: String
    /// The whole field as in the message, "Name: value\r\n continued", line end(s) included.
    public var raw: [UInt8]
    /// The bytes after the colon, folding kept.
    public var rawValue: [UInt8]
    /// Unfolded (RFC 5322 §2.2.3), raw 8-bit bytes decoded (UTF-8 else GB18030),
    /// leading/trailing WSP trimmed; encoded-words not decoded.
    public var value: String

    public init(name: String, raw: [UInt8], rawValue: [UInt8], value: String) {
        self.name = name
        self.raw = raw
        self.rawValue = rawValue
        self.value = value
    }

    /// Builds a field from its raw bytes, split at the colon at `colon`.
    /// `fallback`: the charset for raw 8-bit bytes that are not UTF-8 (nil: GB18030).
    init(raw: [UInt8], nameEnd: Int, colon: Int, fallback: String? = nil) {
        self.raw = raw
        self.name = String(decoding: raw[..<nameEnd], as: UTF8.self)
        self.rawValue = Array(raw[(colon + 1)...])
        self.value = HeaderField.unfold(rawValue, fallback: fallback)
    }

    /// RFC 5322 §2.2.3 unfolding: CR and LF removed, the WSP after them kept; then trimmed.
    static func unfold(_ bytes: [UInt8], fallback: String? = nil) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var eightBit = false
        for b in bytes where b != 0x0D && b != 0x0A {
            out.append(b)
            if b >= 0x80 { eightBit = true }
        }
        var lo = 0, hi = out.count
        while lo < hi, out[lo] == 0x20 || out[lo] == 0x09 { lo += 1 }
        while hi > lo, out[hi - 1] == 0x20 || out[hi - 1] == 0x09 { hi -= 1 }
        var trimmed = Array(out[lo..<hi])
        if eightBit {
            if Charset.validUTF8(trimmed) == nil { trimmed = escapeRawBytesInQWords(trimmed) }
            return Charset.decodeUndeclared(trimmed, fallback: fallback).text
        }
        return String(decoding: trimmed, as: UTF8.self)
    }

    /// QUIRK: some mailers put raw 8-bit bytes inside Q encoded-words
    /// (`=?iso-8859-1?Q?Fr\xF6sche?=`, stalwart legacy samples); escape them as `=XX` so the word
    /// decodes in its own charset.
    static func escapeRawBytesInQWords(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var i = 0
        let hex = Array("0123456789ABCDEF".utf8)
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "="), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "?"),
               let end = qWordEnd(bytes, from: i) {
                for b in bytes[i..<end] {
                    if b >= 0x80 {
                        out += [UInt8(ascii: "="), hex[Int(b >> 4)], hex[Int(b & 0x0F)]]
                    } else {
                        out.append(b)
                    }
                }
                i = end
                continue
            }
            out.append(bytes[i])
            i += 1
        }
        return out
    }

    /// End of a `=?cs?Q?...?=` word at `start` (8-bit text allowed), or nil.
    static func qWordEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var marks: [Int] = []
        var j = start + 2
        while j < bytes.count, j - start < 400 {
            let b = bytes[j]
            if b == 0x20 || b == 0x09 { return nil }
            if b == UInt8(ascii: "?") {
                marks.append(j)
                if marks.count >= 3, j + 1 < bytes.count, bytes[j + 1] == UInt8(ascii: "=") {
                    let enc = bytes[marks[0] + 1] | 0x20
                    return marks[1] == marks[0] + 2 && enc == UInt8(ascii: "q") ? j + 2 : nil
                }
            }
            j += 1
        }
        return nil
    }
}

/// A header section: the fields in order, looked up case-insensitively.
public struct MessageHeader: Sendable, Equatable {
    public var fields: [HeaderField]

    public init(fields: [HeaderField] = []) {
        self.fields = fields
    }

    /// The first field's `value` for `name` (case-insensitive), or nil.
    public subscript(_ name: String) -> String? {
        first(name)?.value
    }

    /// All fields named `name` (case-insensitive), in order.
    public func all(_ name: String) -> [HeaderField] {
        fields.filter { Self.sameName($0.name, name) }
    }

    /// The first field's value with RFC 2047 encoded-words decoded as unstructured text.
    public func decoded(_ name: String) -> String? {
        guard let value = self[name] else { return nil }
        return EncodedWords.decode(value)
    }

    func first(_ name: String) -> HeaderField? {
        fields.first { Self.sameName($0.name, name) }
    }

    /// Field names compare ASCII case-insensitively (RFC 5322 §1.2.2).
    static func sameName(_ a: String, _ b: String) -> Bool {
        let x = a.utf8, y = b.utf8
        guard x.count == y.count else { return false }
        for (p, q) in zip(x, y) {
            if p == q { continue }
            let lp = p >= 0x41 && p <= 0x5A ? p | 0x20 : p
            let lq = q >= 0x41 && q <= 0x5A ? q | 0x20 : q
            if lp != lq { return false }
        }
        return true
    }
}
