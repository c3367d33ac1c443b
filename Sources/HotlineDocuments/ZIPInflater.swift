// The system zlib, declared as our own system library (Sources/SystemZlib).
import SystemZlib

/// Raw deflate (RFC 1951) with a hard ceiling: the output buffer is the declared size plus one
/// byte, so a stream that would inflate further stops there and is refused — the memory a
/// zip bomb can take is what the central directory declared, which `ZIPReader` has already held
/// to its limits.
enum ZIPInflater {
    /// The bytes `compressed` inflates to, which must be exactly `declaredSize` and must end the
    /// deflate stream within `compressed`.
    static func inflate(_ compressed: ArraySlice<UInt8>, declaredSize: Int, entry: String) throws(ZIPProblem) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corruptData(entry: entry)
        }
        defer { inflateEnd(&stream) }
        let capacity = declaredSize + 1
        var status: Int32 = Z_OK
        var produced = 0
        let output = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            compressed.withUnsafeBufferPointer { input in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = UInt32(input.count)
                stream.next_out = buffer.baseAddress
                stream.avail_out = UInt32(capacity)
                // One call with all the input and all the room: inflate stops at the stream's end,
                // at the end of the input, or when the room is full, whichever comes first.
                status = SystemZlib.inflate(&stream, Z_FINISH)
            }
            produced = capacity - Int(stream.avail_out)
            count = produced
        }
        switch status {
        case Z_STREAM_END:
            guard produced == declaredSize else { throw .sizeMismatch(entry: entry, declared: declaredSize, actual: produced) }
            return output
        case Z_BUF_ERROR where stream.avail_out == 0, Z_OK where stream.avail_out == 0:
            throw .sizeMismatch(entry: entry, declared: declaredSize, actual: produced)
        default:
            throw .corruptData(entry: entry)
        }
    }

    /// The CRC-32 of APPNOTE §4.4.7 (zlib's).
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            UInt32(SystemZlib.crc32(0, buffer.baseAddress, UInt32(buffer.count)))
        }
    }
}
