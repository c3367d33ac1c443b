import Foundation

/// A case number as the center writes it: prefix, received day, sequence of that day — `BB20261129-0007`.
///
/// The prefix is configurable (`[case] number_prefix`); the day is the received day in the
/// center's time zone. Numbers are allocated by the case store inside the transaction that
/// creates the case, so they have no gaps and are never reused.
public struct CaseNumber: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let prefix: String
    /// `yyyyMMdd`.
    public let day: String
    public let sequence: Int

    public init(prefix: String, day: String, sequence: Int) {
        self.prefix = prefix
        self.day = day
        self.sequence = sequence
    }

    public var description: String {
        let seq = String(sequence)
        return "\(prefix)\(day)-" + String(repeating: "0", count: max(0, 4 - seq.count)) + seq
    }

    /// By prefix, then day, then sequence as a number: `-10000` comes after `-9999` (issue 10, item 7).
    public static func < (a: CaseNumber, b: CaseNumber) -> Bool {
        (a.prefix, a.day, a.sequence) < (b.prefix, b.day, b.sequence)
    }

    /// A number as the program itself wrote it (the store, an event): prefix, 8-digit day, `-`, sequence.
    public init?(stored text: String) {
        guard let dash = text.lastIndex(of: "-"), text.distance(from: text.startIndex, to: dash) >= 8,
              let seq = Int(text[text.index(after: dash)...]), seq > 0 else { return nil }
        let dayStart = text.index(dash, offsetBy: -8)
        let day = text[dayStart..<dash]
        guard day.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        self.init(prefix: String(text[..<dayStart]), day: String(day), sequence: seq)
    }

    /// Parses exactly one case number (`BB20261129-0007`); full-width digits and letters are accepted.
    public init?(_ text: String, prefix: String) {
        let t = CaseNumber.normalizeWidth(text).trimmingCharacters(in: .whitespaces)
        guard let found = CaseNumber.find(in: t, prefix: prefix).first, found.description.count == t.count,
              found.description.uppercased() == t.uppercased() else { return nil }
        self = found
    }

    /// Every case number with this prefix cited in a text (a subject, a body), in order, without repeats.
    ///
    /// Tolerates what people retype: lower case, full-width characters, `BB 20261129-7`,
    /// a space or a full-width hyphen before the sequence.
    public static func find(in text: String, prefix: String) -> [CaseNumber] {
        let scalars = Array(normalizeWidth(text).uppercased().unicodeScalars)
        let p = Array(prefix.uppercased().unicodeScalars)
        guard !p.isEmpty, scalars.count >= p.count + 9 else { return [] }
        var out: [CaseNumber] = []
        var i = 0
        while i + p.count <= scalars.count {
            // The prefix must not be the tail of a longer word ("ABB2026…").
            let boundary = i == 0 || !isAlnum(scalars[i - 1])
            if boundary, Array(scalars[i..<(i + p.count)]) == p,
               let (number, end) = parseAfterPrefix(scalars, from: i + p.count, prefix: prefix) {
                if !out.contains(number) { out.append(number) }
                i = end
            } else {
                i += 1
            }
        }
        return out
    }

    private static func parseAfterPrefix(_ s: [Unicode.Scalar], from start: Int, prefix: String) -> (CaseNumber, Int)? {
        var j = start
        while j < s.count, s[j] == " " { j += 1 }
        var day = ""
        while j < s.count, day.count < 8, let d = digit(s[j]) { day.append(d); j += 1 }
        guard day.count == 8, j < s.count, !(digit(s[j]) != nil) else { return nil }
        while j < s.count, s[j] == " " { j += 1 }
        guard j < s.count, s[j] == "-" || s[j] == "_" else { return nil }
        j += 1
        while j < s.count, s[j] == " " { j += 1 }
        var seq = ""
        while j < s.count, seq.count < 6, let d = digit(s[j]) { seq.append(d); j += 1 }
        guard !seq.isEmpty, let n = Int(seq), n > 0 else { return nil }
        if j < s.count, isAlnum(s[j]) { return nil }
        return (CaseNumber(prefix: prefix.uppercased(), day: day, sequence: n), j)
    }

    private static func digit(_ c: Unicode.Scalar) -> Character? {
        ("0"..."9").contains(c) ? Character(c) : nil
    }

    private static func isAlnum(_ c: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(c) || ("A"..."Z").contains(c) || ("a"..."z").contains(c)
    }

    /// Full-width ASCII (U+FF01–U+FF5E) to ASCII, ideographic space to space; "－" and "—" to "-".
    static func normalizeWidth(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for u in text.unicodeScalars {
            switch u.value {
            case 0xFF01...0xFF5E: out.append(Unicode.Scalar(u.value - 0xFEE0) ?? u)
            case 0x3000: out.append(" ")
            case 0x2010...0x2015, 0x2212: out.append("-")
            default: out.append(u)
            }
        }
        return String(out)
    }
}
