/// Reads a ZIP archive held in memory, for packages that come from outside (a unit's filled-in
/// feedback sheet): every size, name and offset is checked against `Limits` from the central
/// directory **before** anything is inflated, and inflation stops at the declared size, so a
/// lying header cannot get past either check (APPNOTE.TXT 6.3.10 is the format cited below).
///
/// Why not ZIPFoundation 0.9.20 for this (seen on Linux with the packages of
/// `FeedbackODTHostileTests`): its inflater ignores both declared sizes — an entry declared as
/// 1,000 bytes inflated to 64 MiB, and a deflate stream cut short went on into the central
/// directory's bytes — and `extract(_:consumer:)` returns the CRC-32 without comparing it, so
/// both came back as content. It also takes the method from the local header and, for a symlink
/// entry, allocates what the local header claims. It stays the writer (`ODFPackage`), where the
/// input is ours.
///
/// Entry names are text for lookup and messages, never file paths; nothing is written anywhere.
public struct ZIPReader: Sendable {
    /// Bounds a package stays within, whatever its headers claim.
    public struct Limits: Sendable, Equatable {
        /// The archive's own size. Default 10 MiB: a filled form is some 50 KB.
        public var maxArchiveBytes: Int
        /// Entries, directories included. Default 200 (LibreOffice writes about 16).
        public var maxEntries: Int
        /// One entry, uncompressed. Default 8 MiB (`XMLLimits`' default for `content.xml`).
        public var maxEntryBytes: Int
        /// All entries together, uncompressed. Default 32 MiB.
        public var maxTotalBytes: Int
        /// Uncompressed ÷ compressed, for an entry larger than `ratioCheckedAbove`. Default 100:
        /// ODF XML deflates about 5–15:1; deflate's ceiling is about 1,032:1.
        public var maxCompressionRatio: Int
        /// Entries up to this size skip the ratio check (a 2 KB run of spaces may well deflate
        /// 150:1, and cannot hurt). Default 64 KiB.
        public var ratioCheckedAbove: Int

        public init(maxArchiveBytes: Int = 10 << 20, maxEntries: Int = 200, maxEntryBytes: Int = 8 << 20,
                    maxTotalBytes: Int = 32 << 20, maxCompressionRatio: Int = 100, ratioCheckedAbove: Int = 64 << 10) {
            self.maxArchiveBytes = maxArchiveBytes
            self.maxEntries = maxEntries
            self.maxEntryBytes = maxEntryBytes
            self.maxTotalBytes = maxTotalBytes
            self.maxCompressionRatio = maxCompressionRatio
            self.ratioCheckedAbove = ratioCheckedAbove
        }
    }

    /// One entry, as the central directory declares it and its local header confirms.
    public struct Entry: Sendable, Equatable {
        public let name: String
        /// 0 stored, 8 deflate.
        public let method: UInt16
        public let crc32: UInt32
        public let compressedSize: Int
        public let uncompressedSize: Int
        /// Where the entry's local header and its data start in the archive.
        let headerOffset: Int
        let dataOffset: Int
        /// General purpose flag bit 3: a data descriptor follows the data.
        let hasDataDescriptor: Bool
        /// A name ending in `/`: a directory, which holds no data.
        public var isDirectory: Bool { name.hasSuffix("/") }
    }

    public let limits: Limits
    /// The entries in central-directory order.
    public let entries: [Entry]
    private let bytes: [UInt8]

    /// Parses the end record, the central directory and every local header, and checks every
    /// limit. Nothing is inflated yet.
    public init(bytes: [UInt8], limits: Limits = .init()) throws(ZIPProblem) {
        guard bytes.count <= limits.maxArchiveBytes else {
            throw .archiveTooLarge(bytes: bytes.count, limit: limits.maxArchiveBytes)
        }
        self.bytes = bytes
        self.limits = limits
        let raw = RawZIP(bytes)
        let end = try raw.endOfCentralDirectory()
        try Self.checkDirectoryPlacement(end, archiveSize: bytes.count)
        guard end.entryCount <= limits.maxEntries else {
            throw .tooManyEntries(count: end.entryCount, limit: limits.maxEntries)
        }
        var entries: [Entry] = []
        var names = Set<String>()
        var offset = end.directoryOffset
        for _ in 0..<end.entryCount {
            let (record, next) = try raw.centralRecord(at: offset, directoryEnd: end.directoryOffset + end.directorySize)
            guard names.insert(record.name).inserted else { throw .duplicateEntryName(record.name) }
            let dataOffset = try raw.checkLocalHeader(of: record, directoryOffset: end.directoryOffset)
            try Self.check(record, limits: limits)
            entries.append(Entry(name: record.name, method: record.method, crc32: record.crc32,
                                 compressedSize: record.compressedSize, uncompressedSize: record.uncompressedSize,
                                 headerOffset: record.localHeaderOffset, dataOffset: dataOffset,
                                 hasDataDescriptor: record.flags & 0x0008 != 0))
            offset = next
        }
        let total = entries.reduce(0) { $0 + $1.uncompressedSize }
        guard total <= limits.maxTotalBytes else { throw .totalTooLarge(declared: total, limit: limits.maxTotalBytes) }
        try Self.checkNoOverlap(entries)
        try Self.checkNoStrayBytes(entries, directoryOffset: end.directoryOffset)
        self.entries = entries
    }

    /// The entry called `name`, or nil.
    public func entry(_ name: String) -> Entry? { entries.first { $0.name == name } }

    /// The uncompressed bytes of `name`, at most `limit` (and `Limits.maxEntryBytes`) of them.
    public func read(_ name: String, limit: Int? = nil) throws(ZIPProblem) -> [UInt8] {
        guard let entry = entry(name) else { throw .entryMissing(name) }
        let cap = min(limit ?? limits.maxEntryBytes, limits.maxEntryBytes)
        guard entry.uncompressedSize <= cap else {
            throw .entryTooLarge(entry: name, declared: entry.uncompressedSize, limit: cap)
        }
        let data = bytes[entry.dataOffset..<(entry.dataOffset + entry.compressedSize)]
        let out: [UInt8]
        if entry.method == 0 {
            out = Array(data)
        } else {
            out = try ZIPInflater.inflate(data, declaredSize: entry.uncompressedSize, entry: name)
        }
        guard ZIPInflater.crc32(out) == entry.crc32 else { throw .checksumMismatch(entry: name) }
        return out
    }

    /// The declared-size checks of one entry (APPNOTE 4.4.4 flags, 4.4.5 method, 4.4.8–4.4.9 sizes).
    static func check(_ record: RawZIP.CentralRecord, limits: Limits) throws(ZIPProblem) {
        let name = record.name
        guard record.flags & 0x0001 == 0, record.flags & 0x0040 == 0 else { throw .encrypted(entry: name) }
        guard record.method == 0 || record.method == 8 else { throw .unsupportedCompression(entry: name, method: record.method) }
        guard record.uncompressedSize <= limits.maxEntryBytes else {
            throw .entryTooLarge(entry: name, declared: record.uncompressedSize, limit: limits.maxEntryBytes)
        }
        if record.method == 0, record.compressedSize != record.uncompressedSize {
            throw .sizeMismatch(entry: name, declared: record.uncompressedSize, actual: record.compressedSize)
        }
        if record.uncompressedSize > limits.ratioCheckedAbove,
           record.uncompressedSize > record.compressedSize * limits.maxCompressionRatio {
            throw .compressionRatioTooHigh(entry: name, compressed: record.compressedSize,
                                           uncompressed: record.uncompressedSize, limit: limits.maxCompressionRatio)
        }
    }

    /// Each entry's local header and data must end before the next begins: overlapping entries
    /// let one small archive inflate the same bytes many times.
    static func checkNoOverlap(_ entries: [Entry]) throws(ZIPProblem) {
        let spans = entries.map { (name: $0.name, start: $0.headerOffset, end: $0.dataOffset + $0.compressedSize) }
            .sorted { $0.start < $1.start }
        for (a, b) in zip(spans, spans.dropFirst()) where a.end > b.start {
            throw .overlappingEntries(a.name, b.name)
        }
    }

    /// The central directory must end where the end record starts, and the end record with its
    /// comment must end the archive: a second archive before this one (two concatenated, their
    /// offsets not adjusted) leaves a gap here, data appended leaves bytes after.
    static func checkDirectoryPlacement(_ end: RawZIP.End, archiveSize: Int) throws(ZIPProblem) {
        let directoryEnd = end.directoryOffset + end.directorySize
        guard directoryEnd == end.recordOffset else { throw .strayBytes(offset: directoryEnd, count: end.recordOffset - directoryEnd) }
        guard end.recordEnd == archiveSize else { throw .strayBytes(offset: end.recordEnd, count: archiveSize - end.recordEnd) }
    }

    /// The entries must cover the archive up to the central directory without gaps: a second
    /// archive before them (two concatenated, offsets adjusted) or bytes hidden between entries
    /// are what another reader may see instead. Only a data descriptor may follow an entry's data.
    static func checkNoStrayBytes(_ entries: [Entry], directoryOffset: Int) throws(ZIPProblem) {
        let sorted = entries.sorted { $0.headerOffset < $1.headerOffset }
        var at = 0
        for (index, entry) in sorted.enumerated() {
            guard entry.headerOffset == at else { throw .strayBytes(offset: at, count: entry.headerOffset - at) }
            at = entry.dataOffset + entry.compressedSize
            let gap = (index + 1 < sorted.count ? sorted[index + 1].headerOffset : directoryOffset) - at
            if entry.hasDataDescriptor, gap == 12 || gap == 16 { at += gap }
        }
        guard directoryOffset == at else { throw .strayBytes(offset: at, count: directoryOffset - at) }
    }

    /// Whether an entry name is safe to hold at all: relative, `/`-separated, no `..` component,
    /// no drive letter, no backslash, NUL or other control character.
    public static func isSafeName(_ name: String) -> Bool {
        guard !name.isEmpty, !name.hasPrefix("/") else { return false }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" }) { return false }
        let components = name.split(separator: "/", omittingEmptySubsequences: false)
        if components.contains(where: { $0 == ".." || $0 == "." }) { return false }
        if let first = components.first, first.count == 2, first.last == ":" { return false }  // C:
        return true
    }
}
