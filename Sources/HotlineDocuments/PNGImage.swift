/// A minimal PNG writer for black-and-white images (PNG, W3C 2nd ed. / ISO/IEC 15948).
///
/// Why hand-written: a QR code is a bilevel picture of a few kilobytes, and a 1-bit grayscale
/// PNG with *stored* (uncompressed) deflate blocks is valid, byte-for-byte deterministic and needs
/// no zlib binding. The bytes: signature, IHDR (bit depth 1, colour type 0), one IDAT holding a
/// zlib stream (RFC 1950) of stored deflate blocks (RFC 1951 §3.2.4), IEND.
public enum PNGImage {
    /// The eight signature bytes every PNG starts with (PNG §5.2).
    public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// `matrix` as a PNG: each module `scale` × `scale` pixels, `quietZone` light modules around it.
    public static func encode(_ matrix: QRMatrix, scale: Int, quietZone: Int = 4) -> [UInt8] {
        let scale = max(1, scale)
        let quietZone = max(0, quietZone)
        let side = (matrix.size + 2 * quietZone) * scale
        return encodeBilevel(width: side, height: side) { x, y in
            matrix[row: y / scale - quietZone, column: x / scale - quietZone]
        }
    }

    /// A `width` × `height` image where `isDark(x, y)` says which pixels are black.
    public static func encodeBilevel(width: Int, height: Int, isDark: (Int, Int) -> Bool) -> [UInt8] {
        let width = max(1, width), height = max(1, height)
        // Scanlines (PNG §7.2): filter type 0, then pixels packed 8 to a byte, most significant bit
        // first; in 1-bit grayscale 0 is black and 1 is white.
        let rowBytes = (width + 7) / 8
        var raw = [UInt8]()
        raw.reserveCapacity(height * (rowBytes + 1))
        for y in 0..<height {
            raw.append(0)
            var byte: UInt8 = 0
            for x in 0..<width {
                if !isDark(x, y) { byte |= 0x80 >> UInt8(x % 8) }
                if x % 8 == 7 || x == width - 1 {
                    raw.append(byte)
                    byte = 0
                }
            }
        }
        var header = [UInt8]()
        header += bigEndian(UInt32(width))
        header += bigEndian(UInt32(height))
        header += [1, 0, 0, 0, 0]  // bit depth 1, grayscale, deflate, adaptive filtering, no interlace
        var png = signature
        png += chunk("IHDR", header)
        png += chunk("IDAT", zlibStored(raw))
        png += chunk("IEND", [])
        return png
    }

    /// One chunk (PNG §5.3): length, type, data, CRC-32 of type and data.
    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        var out = bigEndian(UInt32(data.count))
        out += typeBytes
        out += data
        out += bigEndian(CRC32.checksum(typeBytes + data))
        return out
    }

    /// A zlib stream (RFC 1950 §2.2) whose deflate data are stored blocks of at most 65 535 bytes.
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        // CMF 0x78 (deflate, 32 KiB window), FLG 0x01: no dictionary, fastest, and 0x7801 % 31 == 0.
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let length = min(65_535, data.count - offset)
            let isFinal = offset + length == data.count
            out.append(isFinal ? 1 : 0)  // BFINAL, BTYPE 00 (stored), padded to the byte
            let len = UInt16(length)
            out += [UInt8(len & 0xFF), UInt8(len >> 8), UInt8(~len & 0xFF), UInt8(~len >> 8)]
            out += data[offset..<(offset + length)]
            offset += length
        } while offset < data.count
        out += bigEndian(adler32(data))
        return out
    }

    /// Adler-32 (RFC 1950 §8.2), the zlib trailer.
    static func adler32(_ data: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        // 5552 is the largest run before b can overflow 32 bits (zlib's NMAX).
        var index = 0
        while index < data.count {
            let end = min(index + 5552, data.count)
            for byte in data[index..<end] {
                a += UInt32(byte)
                b += a
            }
            a %= 65_521
            b %= 65_521
            index = end
        }
        return b << 16 | a
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}

/// CRC-32 as PNG and ZIP use it (ISO 3309, polynomial 0xEDB88320 reflected; PNG Annex D).
public enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// The CRC-32 of `bytes`.
    public static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes { c = table[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
