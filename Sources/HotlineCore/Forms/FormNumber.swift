import Foundation

/// A form's own number: the kind's prefix, the year, the sequence of that kind in that year —
/// `JB2026-00017` is the 17th assignment sheet of 2026.
///
/// Allocated by the case store inside the transaction that issues the form (`allocateFormNumber`),
/// so numbers have no gaps and are never reused; the return path matches a reply by it.
public struct FormNumber: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let kind: FormKind
    public let year: Int
    public let sequence: Int

    public init(kind: FormKind, year: Int, sequence: Int) {
        self.kind = kind
        self.year = year
        self.sequence = sequence
    }

    public var description: String {
        let seq = String(sequence)
        return "\(kind.numberPrefix)\(year)-" + String(repeating: "0", count: max(0, 5 - seq.count)) + seq
    }

    /// By kind (its number prefix), then year, then sequence as a number: `-100000` after `-99999`.
    public static func < (a: FormNumber, b: FormNumber) -> Bool {
        (a.kind.numberPrefix, a.year, a.sequence) < (b.kind.numberPrefix, b.year, b.sequence)
    }

    /// Parses `JB2026-00017` (case-insensitive).
    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        guard t.count >= 9, let kind = FormKind.allCases.first(where: { t.hasPrefix($0.numberPrefix) }) else { return nil }
        let rest = t.dropFirst(kind.numberPrefix.count)
        let parts = rest.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count >= 1, parts[1].count <= 6,
              parts[0].allSatisfy({ $0.isASCII && $0.isNumber }), parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
              let year = Int(parts[0]), let seq = Int(parts[1]), seq > 0 else { return nil }
        self.init(kind: kind, year: year, sequence: seq)
    }
}
