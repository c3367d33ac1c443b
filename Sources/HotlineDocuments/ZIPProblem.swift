/// Why `ZIPReader` refused an archive or an entry: one case per reason, so that a rejected
/// package says which of the zip-bomb and path checks it failed.
///
/// Sizes are in bytes; `entry` is the entry's name as the central directory spells it, kept as
/// text for messages only — it is never used as a file path.
public enum ZIPProblem: Error, Equatable, Sendable, CustomStringConvertible {
    /// The archive itself is larger than `ZIPReader.Limits.maxArchiveBytes`.
    case archiveTooLarge(bytes: Int, limit: Int)
    /// No end of central directory record (APPNOTE.TXT §4.3.16): not a ZIP archive.
    case notAZip
    /// A ZIP64 archive (§4.3.14, §4.4.3.2). Nothing hotline reads needs one: every limit is far
    /// below 4 GiB, so a ZIP64 record in a small archive only hides sizes.
    case zip64
    /// An archive split over several disks (§8).
    case spanned
    /// The central directory or a local header lies outside the archive, or a record does not
    /// start with its signature; `detail` says which.
    case malformed(detail: String)
    /// More entries than `Limits.maxEntries`, counted from the end record before any is parsed.
    case tooManyEntries(count: Int, limit: Int)
    /// An entry name with `..`, an absolute path, a drive letter, a backslash, a NUL or another
    /// control character, or bytes that are not UTF-8. Refused outright: no genuine package has
    /// one, and a reader that later joins names to a directory must never see it.
    case unsafeEntryName(String)
    /// Two entries of the same name: which one a reader sees would depend on the reader.
    case duplicateEntryName(String)
    /// Two entries' data overlap (the overlapping-file zip bomb).
    case overlappingEntries(String, String)
    /// Bytes that belong to no entry, to the central directory or to the end record: two
    /// archives concatenated (`cat a.zip b.zip`, whichever one a reader then sees), data before
    /// the first entry or after the end record, or a gap between entries where something hides.
    /// Only a data descriptor (APPNOTE 4.3.9, 12 or 16 bytes) may follow an entry's data.
    case strayBytes(offset: Int, count: Int)
    /// An encrypted entry (general purpose flag bit 0).
    case encrypted(entry: String)
    /// A compression method other than stored (0) or deflate (8).
    case unsupportedCompression(entry: String, method: UInt16)
    /// The local header disagrees with the central directory (name, method, sizes or CRC).
    case localHeaderMismatch(entry: String)
    /// The central directory declares more than `Limits.maxEntryBytes` for one entry.
    case entryTooLarge(entry: String, declared: Int, limit: Int)
    /// The central directory declares more than `Limits.maxTotalBytes` for all entries together.
    case totalTooLarge(declared: Int, limit: Int)
    /// An entry claims to inflate more than `Limits.maxCompressionRatio` times its compressed size.
    case compressionRatioTooHigh(entry: String, compressed: Int, uncompressed: Int, limit: Int)
    /// Inflating produced more (or fewer) bytes than the central directory declared: a lying
    /// header. Inflation stops one byte past the declared size, so `actual` is then `declared + 1`.
    case sizeMismatch(entry: String, declared: Int, actual: Int)
    /// The deflate stream is broken or does not end within the declared compressed size.
    case corruptData(entry: String)
    /// The inflated bytes do not have the CRC-32 the central directory declares.
    case checksumMismatch(entry: String)
    /// No entry of this name.
    case entryMissing(String)

    public var description: String {
        switch self {
        case let .archiveTooLarge(bytes, limit): return "archive of \(bytes) bytes, more than the limit of \(limit)"
        case .notAZip: return "not a ZIP archive (no end of central directory record)"
        case .zip64: return "a ZIP64 archive; packages this size never need one"
        case .spanned: return "an archive split over several disks"
        case let .malformed(detail): return "malformed ZIP archive: \(detail)"
        case let .tooManyEntries(count, limit): return "\(count) entries, more than the limit of \(limit)"
        case let .unsafeEntryName(name): return "unsafe entry name \(name.debugDescription)"
        case let .duplicateEntryName(name): return "two entries named \(name.debugDescription)"
        case let .overlappingEntries(a, b): return "entries \(a.debugDescription) and \(b.debugDescription) overlap"
        case let .strayBytes(offset, count):
            return "\(count) bytes at offset \(offset) belong to no entry (two archives concatenated, or data hidden in the archive)"
        case let .encrypted(entry): return "\(entry): encrypted"
        case let .unsupportedCompression(entry, method): return "\(entry): compression method \(method) (only stored and deflate)"
        case let .localHeaderMismatch(entry): return "\(entry): local header disagrees with the central directory"
        case let .entryTooLarge(entry, declared, limit): return "\(entry): \(declared) bytes uncompressed, more than the limit of \(limit)"
        case let .totalTooLarge(declared, limit): return "\(declared) bytes uncompressed in all, more than the limit of \(limit)"
        case let .compressionRatioTooHigh(entry, compressed, uncompressed, limit):
            return "\(entry): \(compressed) bytes inflate to \(uncompressed), a ratio above \(limit):1"
        case let .sizeMismatch(entry, declared, actual):
            return "\(entry): declared \(declared) bytes uncompressed, inflates to \(actual > declared ? "more" : "\(actual)")"
        case let .corruptData(entry): return "\(entry): broken deflate data"
        case let .checksumMismatch(entry): return "\(entry): CRC-32 mismatch"
        case let .entryMissing(path): return "no entry \(path.debugDescription)"
        }
    }
}
