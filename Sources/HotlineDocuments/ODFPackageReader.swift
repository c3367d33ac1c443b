import Foundation

/// Reads an `.odt` package: its entries, one entry's bytes within a size limit, and the raw
/// header of the first entry (where ODF 1.3 Part 2 §3.3 puts `mimetype`).
///
/// For tests and for checking packages that come back (a unit's filled-in feedback sheet): the
/// limits matter there, since a hostile ZIP can claim small sizes and unpack to gigabytes. It
/// reads through `ZIPReader`, so every limit of `ZIPReader.Limits` (entries, declared and actual
/// sizes, compression ratio, entry names) holds before and while anything is inflated; its
/// refusals arrive as `ODFPackageError` (`FeedbackODTReader` keeps them as `ZIPProblem`s).
public struct ODFPackageReader {
    /// One entry as the central directory describes it.
    public struct EntryInfo: Equatable, Sendable {
        public let path: String
        /// Stored (method 0) rather than deflated.
        public let isStored: Bool
        public let uncompressedSize: Int
    }

    /// The first local file header (APPNOTE.TXT §4.3.7), read from the raw bytes.
    public struct LocalHeader: Equatable, Sendable {
        public let path: String
        /// 0 stored, 8 deflate.
        public let compressionMethod: UInt16
        /// Bytes 28–29: must be 0 for `mimetype` so that its content starts at byte 38.
        public let extraFieldLength: UInt16
        /// The first bytes of the entry's data (the whole `mimetype` for a stored one).
        public let dataPrefix: [UInt8]
    }

    private let zip: ZIPReader
    /// The entries in central-directory order.
    public let entries: [EntryInfo]

    /// Opens `bytes` as a ZIP archive within `limits`.
    public init(bytes: [UInt8], limits: ZIPReader.Limits = .init()) throws {
        do {
            zip = try ZIPReader(bytes: bytes, limits: limits)
        } catch {
            throw Self.packageError(error)
        }
        entries = zip.entries.map { EntryInfo(path: $0.name, isStored: $0.method == 0, uncompressedSize: $0.uncompressedSize) }
    }

    /// Opens `bytes` as a ZIP archive of at most `maxEntries` entries, the other limits default.
    public init(bytes: [UInt8], maxEntries: Int) throws {
        var limits = ZIPReader.Limits()
        limits.maxEntries = maxEntries
        try self.init(bytes: bytes, limits: limits)
    }

    /// The bytes of the entry at `path`, refusing to unpack more than `limit` bytes whatever the
    /// headers claim.
    public func read(_ path: String, limit: Int = 16 * 1024 * 1024) throws -> [UInt8] {
        do {
            return try zip.read(path, limit: limit)
        } catch .entryTooLarge {
            throw ODFPackageError.entryTooLarge(path: path, limit: min(limit, zip.limits.maxEntryBytes))
        } catch {
            throw Self.packageError(error)
        }
    }

    /// The two refusals `ODFPackageError` has a case for keep it; the others are described.
    private static func packageError(_ problem: ZIPProblem) -> ODFPackageError {
        switch problem {
        case let .tooManyEntries(_, limit): return .tooManyEntries(limit: limit)
        case let .entryMissing(path): return .entryMissing(path)
        case let .entryTooLarge(entry, _, limit): return .entryTooLarge(path: entry, limit: limit)
        default: return .zip(problem.description)
        }
    }

    /// The first local file header of `bytes`, or nil when they do not start with one.
    public static func firstLocalHeader(_ bytes: [UInt8]) -> LocalHeader? {
        guard bytes.count >= 30, bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) else { return nil }
        func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { Int(u16(at)) | Int(u16(at + 2)) << 16 }
        let nameLength = Int(u16(26)), extraLength = Int(u16(28))
        let dataStart = 30 + nameLength + extraLength
        guard bytes.count >= dataStart else { return nil }
        let compressedSize = u32(18)
        let dataEnd = min(bytes.count, dataStart + min(compressedSize, 256))
        return LocalHeader(
            path: String(decoding: bytes[30..<(30 + nameLength)], as: UTF8.self),
            compressionMethod: u16(8), extraFieldLength: u16(28),
            dataPrefix: Array(bytes[dataStart..<dataEnd]))
    }
}
