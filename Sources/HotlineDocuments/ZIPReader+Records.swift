/// The records of a ZIP archive (APPNOTE.TXT 6.3.10 §4.3), read from bytes with every offset
/// bounds-checked: a record that would reach outside the archive is `malformed`, never a crash.
struct RawZIP {
    /// The end of central directory record (§4.3.16), as far as `ZIPReader` needs it.
    struct End {
        let entryCount: Int
        let directorySize: Int
        let directoryOffset: Int
        /// Where the end record starts, and where it ends with its comment.
        let recordOffset: Int
        let recordEnd: Int
    }

    /// A central directory file header (§4.3.12).
    struct CentralRecord {
        let name: String
        let rawName: ArraySlice<UInt8>
        let flags: UInt16
        let method: UInt16
        let crc32: UInt32
        let compressedSize: Int
        let uncompressedSize: Int
        let localHeaderOffset: Int
    }

    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    func u32(_ at: Int) -> UInt32 { UInt32(u16(at)) | UInt32(u16(at + 2)) << 16 }
    func has(_ at: Int, _ length: Int) -> Bool { at >= 0 && length >= 0 && at <= bytes.count - length }

    /// The end record: searched backwards over the last 22 + 65,535 bytes (its comment may be
    /// that long), refusing ZIP64 and multi-disk archives.
    func endOfCentralDirectory() throws(ZIPProblem) -> End {
        guard bytes.count >= 22 else { throw .notAZip }
        var at = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 0xFFFF)
        while at >= lowest {
            if u32(at) == 0x0605_4B50, at + 22 + Int(u16(at + 20)) <= bytes.count { break }
            at -= 1
        }
        guard at >= lowest else { throw .notAZip }
        if has(at - 20, 20), u32(at - 20) == 0x0706_4B50 { throw .zip64 }  // ZIP64 end locator (§4.3.15)
        let disk = u16(at + 4), directoryDisk = u16(at + 6)
        let onDisk = u16(at + 8), total = u16(at + 10)
        let size = u32(at + 12), offset = u32(at + 16)
        if total == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF { throw .zip64 }
        guard disk == 0, directoryDisk == 0, onDisk == total else { throw .spanned }
        guard Int(offset) + Int(size) <= at else {
            throw .malformed(detail: "central directory at \(offset) (\(size) bytes) runs past its end record at \(at)")
        }
        return End(entryCount: Int(total), directorySize: Int(size), directoryOffset: Int(offset),
                   recordOffset: at, recordEnd: at + 22 + Int(u16(at + 20)))
    }

    /// The central record at `at`, and where the next one starts.
    func centralRecord(at: Int, directoryEnd: Int) throws(ZIPProblem) -> (CentralRecord, Int) {
        guard has(at, 46), at + 46 <= directoryEnd, u32(at) == 0x0201_4B50 else {
            throw .malformed(detail: "no central directory header at \(at)")
        }
        let nameLength = Int(u16(at + 28)), extraLength = Int(u16(at + 30)), commentLength = Int(u16(at + 32))
        let next = at + 46 + nameLength + extraLength + commentLength
        guard next <= directoryEnd else { throw .malformed(detail: "central directory header at \(at) runs past the directory") }
        let rawName = bytes[(at + 46)..<(at + 46 + nameLength)]
        let name = try Self.name(rawName)
        let compressed = u32(at + 20), uncompressed = u32(at + 24), localOffset = u32(at + 42)
        if compressed == 0xFFFF_FFFF || uncompressed == 0xFFFF_FFFF || localOffset == 0xFFFF_FFFF { throw .zip64 }
        if u16(at + 34) != 0 { throw .spanned }
        return (CentralRecord(name: name, rawName: rawName, flags: u16(at + 8), method: u16(at + 10), crc32: u32(at + 16),
                              compressedSize: Int(compressed), uncompressedSize: Int(uncompressed),
                              localHeaderOffset: Int(localOffset)), next)
    }

    /// Checks the local header (§4.3.7) of `record` against it and returns where the data starts.
    /// The data must end before the central directory begins.
    func checkLocalHeader(of record: CentralRecord, directoryOffset: Int) throws(ZIPProblem) -> Int {
        let at = record.localHeaderOffset
        guard has(at, 30), u32(at) == 0x0403_4B50 else {
            throw .malformed(detail: "no local header for \(record.name.debugDescription) at \(at)")
        }
        let nameLength = Int(u16(at + 26)), extraLength = Int(u16(at + 28))
        let dataOffset = at + 30 + nameLength + extraLength
        guard dataOffset + record.compressedSize <= directoryOffset else {
            throw .malformed(detail: "data of \(record.name.debugDescription) runs into the central directory")
        }
        guard bytes[(at + 30)..<(at + 30 + nameLength)].elementsEqual(record.rawName), u16(at + 8) == record.method else {
            throw .localHeaderMismatch(entry: record.name)
        }
        // With a data descriptor (flag bit 3, §4.3.9) the local sizes and CRC may be zero; else
        // they must be the central directory's.
        if u16(at + 6) & 0x0008 == 0 {
            guard u32(at + 14) == record.crc32, Int(u32(at + 18)) == record.compressedSize,
                  Int(u32(at + 22)) == record.uncompressedSize else { throw .localHeaderMismatch(entry: record.name) }
        }
        return dataOffset
    }

    /// An entry name as text, refused when it is not UTF-8 or not `ZIPReader.isSafeName`.
    /// (QUIRK: names are read as UTF-8 whatever flag bit 11 says; ODF names are ASCII.)
    static func name(_ raw: ArraySlice<UInt8>) throws(ZIPProblem) -> String {
        guard let name = String(validating: raw, as: UTF8.self) else {
            throw .unsafeEntryName(String(decoding: raw, as: UTF8.self))
        }
        guard ZIPReader.isSafeName(name) else { throw .unsafeEntryName(name) }
        return name
    }
}
