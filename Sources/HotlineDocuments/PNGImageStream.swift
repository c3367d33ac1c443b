// The system zlib, declared as our own system library (Sources/SystemZlib).
import SystemZlib

/// A PNG's image data (the IDAT chunks joined, a zlib stream: PNG §10, RFC 1950) inflated a row
/// at a time, never past what the header declares.
///
/// Row by row so that the memory a picture takes is its grey map plus two rows, however many bytes
/// a sample has. `declared` is the sum of every scanline the header implies (each pass's rows ×
/// (1 + row bytes)); after the last row, `finish` asks for one byte more, and a stream that gives
/// it is refused (`tooMuchImageData`) — the decompression bomb in a small IDAT.
final class PNGImageStream {
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: [UInt8]
    private var consumed = 0
    private var ended = false
    let declared: Int

    init(_ input: [UInt8], declared: Int) throws(PNGProblem) {
        self.input = input
        self.declared = declared
        // On the heap: zlib's state points back at its z_stream, which must not move between calls.
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard inflateInit_(stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw .badImageData("zlib could not start")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Fills `buffer` with the next bytes of the stream; `row` names the place in a refusal.
    func read(into buffer: UnsafeMutableBufferPointer<UInt8>, row: Int) throws(PNGProblem) {
        var filled = 0
        while filled < buffer.count {
            guard !ended else { throw .badImageData("the zlib stream ends before row \(row)") }
            let status = step(buffer.baseAddress.map { $0 + filled }, room: buffer.count - filled, filled: &filled)
            switch status {
            case Z_OK: continue
            case Z_STREAM_END: ended = true
            case Z_BUF_ERROR: throw .badImageData("the data end before row \(row): cut short")
            default: throw .badImageData("not a zlib stream of deflate data (zlib \(status)) at row \(row)")
            }
        }
    }

    /// After the last row: refuses a stream that has more to give.
    ///
    /// A stream without its end, or with a wrong Adler-32 after every row was read, is let pass, as
    /// libpng does (a benign error there): the picture is whole.
    func finish() throws(PNGProblem) {
        guard !ended else { return }
        var probe: UInt8 = 0
        var got = 0
        _ = withUnsafeMutablePointer(to: &probe) { step($0, room: 1, filled: &got) }
        if got > 0 { throw .tooMuchImageData(declared: declared) }
    }

    /// One call of inflate with all the input left and `room` bytes at `out`; `filled` grows by what it wrote.
    private func step(_ out: UnsafeMutablePointer<UInt8>?, room: Int, filled: inout Int) -> Int32 {
        input.withUnsafeBufferPointer { all in
            let left = min(all.count - consumed, Int(UInt32.max))
            stream.pointee.next_in = all.baseAddress.map { UnsafeMutablePointer(mutating: $0 + consumed) }
            stream.pointee.avail_in = UInt32(left)
            stream.pointee.next_out = out
            stream.pointee.avail_out = UInt32(room)
            let status = inflate(stream, Z_NO_FLUSH)
            consumed += left - Int(stream.pointee.avail_in)
            filled += room - Int(stream.pointee.avail_out)
            return status
        }
    }
}
