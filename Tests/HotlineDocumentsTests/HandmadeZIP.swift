import SystemZlib
import Foundation

/// ZIP archives built byte by byte (APPNOTE.TXT 6.3.10 §4.3), so a test can make the headers say
/// anything: sizes that lie, local headers that disagree, names no tool would write.
struct HandmadeZIP {
    struct Entry {
        var name: [UInt8]
        var method: UInt16 = 8
        var flags: UInt16 = 0
        /// The entry's data as stored in the archive (deflated when `method` is 8).
        var data: [UInt8]
        var crc32: UInt32
        var uncompressedSize: Int
        /// What the central directory declares, when it is to lie.
        var declaredUncompressed: Int?
        var declaredCompressed: Int?
        /// What the local header declares, when it is to disagree.
        var localUncompressed: Int?
        /// Where the local header is said to be, when it is to point elsewhere.
        var localOffsetOverride: Int?
        /// Only a central directory record, no local header or data of its own.
        var centralOnly = false

        init(_ name: String, _ content: [UInt8], stored: Bool = false) {
            self.init(rawName: Array(name.utf8), content, stored: stored)
        }

        init(rawName: [UInt8], _ content: [UInt8], stored: Bool = false) {
            name = rawName
            method = stored ? 0 : 8
            data = stored ? content : Deflate.raw(content)
            crc32 = Deflate.crc32(content)
            uncompressedSize = content.count
        }

        /// An entry whose data is given already deflated, of `size` bytes with checksum `crc`.
        init(name: String, deflated: [UInt8], size: Int, crc: UInt32) {
            self.name = Array(name.utf8)
            data = deflated
            crc32 = crc
            uncompressedSize = size
        }
    }

    var entries: [Entry]
    /// What the end record says the entry count is, when it is to lie.
    var declaredCount: Int?
    /// Bytes before the first entry, counted in every offset (a second archive in front, its
    /// offsets adjusted as `zip -A` does).
    var prefix: [UInt8] = []

    init(_ entries: [Entry]) { self.entries = entries }

    var bytes: [UInt8] {
        var out: [UInt8] = prefix
        var central: [UInt8] = []
        for entry in entries {
            let offset = out.count
            let compressed = entry.declaredCompressed ?? entry.data.count
            let uncompressed = entry.declaredUncompressed ?? entry.uncompressedSize
            if !entry.centralOnly {
                out += le32(0x0403_4B50) + le16(20) + le16(entry.flags) + le16(entry.method) + le16(0) + le16(0x5B21)
                out += le32(entry.crc32) + le32(compressed) + le32(entry.localUncompressed ?? uncompressed)
                out += le16(entry.name.count) + le16(0) + entry.name + entry.data
            }
            central += le32(0x0201_4B50) + le16(0x031E) + le16(20) + le16(entry.flags) + le16(entry.method) + le16(0) + le16(0x5B21)
            central += le32(entry.crc32) + le32(compressed) + le32(uncompressed)
            central += le16(entry.name.count) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0)
            central += le32(entry.localOffsetOverride ?? offset) + entry.name
        }
        let directoryOffset = out.count
        let count = declaredCount ?? entries.count
        out += central
        out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(count) + le16(count)
        out += le32(central.count) + le32(directoryOffset) + le16(0)
        return out
    }

    private func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)] }
    private func le16(_ value: UInt16) -> [UInt8] { le16(Int(value)) }
    private func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }
    private func le32(_ value: UInt32) -> [UInt8] { le32(Int(value)) }
}

/// zlib's raw deflate and CRC-32, for building test archives.
enum Deflate {
    static func raw(_ input: [UInt8], flush: Int32 = Z_FINISH) -> [UInt8] {
        var stream = z_stream()
        precondition(deflateInit2_(&stream, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                                   Int32(MemoryLayout<z_stream>.size)) == Z_OK)
        defer { deflateEnd(&stream) }
        let capacity = Int(deflateBound(&stream, UInt(input.count))) + 64
        var input = input
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            input.withUnsafeMutableBufferPointer { source in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(source.count)
                stream.next_out = buffer.baseAddress
                stream.avail_out = UInt32(capacity)
                _ = deflate(&stream, flush)
            }
            count = capacity - Int(stream.avail_out)
        }
    }

    /// A raw deflate stream of `mebibytes` MiB of zero bytes, built without holding them: one
    /// MiB deflated with a full flush (byte-aligned, no back references across it) repeated,
    /// then an empty final block. About 1 KB per MiB.
    static func zeros(mebibytes: Int) -> (stream: [UInt8], crc32: UInt32) {
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        let block = raw(zeros, flush: Z_FULL_FLUSH)
        var stream: [UInt8] = []
        stream.reserveCapacity(block.count * mebibytes + 2)
        var crc: UInt = 0
        let blockCRC = UInt(crc32(zeros))
        for _ in 0..<mebibytes {
            stream += block
            crc = crc32_combine(crc, blockCRC, off_t(1 << 20))
        }
        stream += [0x03, 0x00]  // final fixed-Huffman block holding only end-of-block (RFC 1951 §3.2.6)
        return (stream, UInt32(crc))
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(SystemZlib.crc32(0, $0.baseAddress, UInt32($0.count))) }
    }
}
