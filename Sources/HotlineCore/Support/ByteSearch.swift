#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A text's UTF-8 bytes, searched for keywords bytewise.
///
/// `String.contains(String)` goes through Foundation's locale-aware search on Linux and was
/// 30% of intake time in `hotline bench`; byte search gives the same answer for the plain
/// keyword lists of `IntakeRules` (UTF-8 is self-synchronising, so a keyword's bytes occur in a
/// text's bytes only where the keyword occurs as characters).
public struct ByteSearch: Sendable {
    let bytes: [UInt8]

    public init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// Searches raw bytes (an attachment) rather than a text.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    public func contains(_ keyword: String) -> Bool {
        var k = keyword
        return k.withUTF8 { needle in
            guard needle.count > 0 else { return true }
            guard needle.count <= bytes.count else { return false }
            return bytes.withUnsafeBytes { hay in
                // memchr for the first byte, memcmp for the rest (glibc's memmem is not exported to Swift).
                guard let base = hay.baseAddress, let first = needle.first else { return false }
                let last = hay.count - needle.count
                var i = 0
                while i <= last {
                    guard let hit = memchr(base + i, Int32(first), last - i + 1) else { return false }
                    let at = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + at, needle.baseAddress!, needle.count) == 0 { return true }
                    i = at + 1
                }
                return false
            }
        }
    }
}
