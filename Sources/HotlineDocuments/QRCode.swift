import CQREncode
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How much of a QR symbol may be damaged and still decode (ISO/IEC 18004 §4.15: L 7 %, M 15 %,
/// Q 25 %, H 30 %).
public enum QRErrorCorrection: Sendable, CaseIterable {
    case low, medium, quartile, high

    var libqrencodeLevel: QRecLevel {
        switch self {
        case .low: return QR_ECLEVEL_L
        case .medium: return QR_ECLEVEL_M
        case .quartile: return QR_ECLEVEL_Q
        case .high: return QR_ECLEVEL_H
        }
    }
}

/// Why a payload could not become a QR symbol.
public enum QRCodeError: Error, Equatable, Sendable {
    /// An empty payload: a form's QR code always carries its case and form number.
    case emptyPayload
    /// More bytes than a version-40 symbol holds at this level (libqrencode's `ERANGE`).
    case payloadTooLong(bytes: Int)
    /// libqrencode failed otherwise (out of memory, `EINVAL`); the C `errno`.
    case encoderFailed(errno: Int32)
}

/// The modules of one QR symbol, row by row; `true` is a dark module.
///
/// A value, not the C struct: libqrencode's `QRcode` is freed as soon as its modules are copied,
/// so no C memory outlives `QRCode.matrix(for:level:)`.
public struct QRMatrix: Sendable, Equatable {
    /// The symbol version, 1 … 40 (ISO/IEC 18004 §5.3.1).
    public let version: Int
    /// Modules per side (17 + 4 × version); the quiet zone is not included.
    public let size: Int
    private let dark: [Bool]

    init(version: Int, size: Int, dark: [Bool]) {
        precondition(dark.count == size * size, "QRMatrix: module count does not match size")
        self.version = version
        self.size = size
        self.dark = dark
    }

    /// Whether the module at `row`, `column` (0-based, from the top left) is dark; outside the
    /// symbol (the quiet zone) every module is light.
    public subscript(row row: Int, column column: Int) -> Bool {
        guard row >= 0, row < size, column >= 0, column < size else { return false }
        return dark[row * size + column]
    }
}

/// QR codes for the forms, through the system libqrencode.
///
/// The payload is encoded as 8-bit bytes (UTF-8), not in libqrencode's kanji mode: kanji mode is
/// Shift JIS and would garble simplified Chinese. Non-ASCII payloads carry an ECI 26 (UTF-8) header.
public enum QRCode {
    /// The QR symbol for `payload` at error-correction `level`, smallest version that fits.
    public static func matrix(for payload: String, level: QRErrorCorrection = .medium) throws -> QRMatrix {
        let bytes = Array(payload.utf8)
        guard !bytes.isEmpty else { throw QRCodeError.emptyPayload }
        guard let input = QRinput_new2(0, level.libqrencodeLevel) else {
            throw QRCodeError.encoderFailed(errno: errno)
        }
        defer { QRinput_free(input) }
        // QUIRK: without an ECI header zbar (0.23) reads non-ASCII byte-mode data as Shift JIS
        // (市长热线 came back as 蟶る柄辜ｭ郤ｿ); ECI 26 declares UTF-8 (ISO/IEC 18004 §6.4.2). ASCII
        // payloads go without it, for the oldest readers.
        if bytes.contains(where: { $0 >= 0x80 }), QRinput_appendECIheader(input, 26) != 0 {
            throw QRCodeError.encoderFailed(errno: errno)
        }
        let appended = bytes.withUnsafeBufferPointer { buffer in
            QRinput_append(input, QR_MODE_8, Int32(buffer.count), buffer.baseAddress)
        }
        guard appended == 0 else { throw QRCodeError.encoderFailed(errno: errno) }
        guard let code = QRcode_encodeInput(input) else {
            let code = errno
            if code == ERANGE { throw QRCodeError.payloadTooLong(bytes: bytes.count) }
            throw QRCodeError.encoderFailed(errno: code)
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        guard width > 0, let data = code.pointee.data else { throw QRCodeError.encoderFailed(errno: 0) }
        // Bit 0 of each byte is the module colour; the other bits are libqrencode's bookkeeping.
        let dark = (0..<(width * width)).map { data[$0] & 1 == 1 }
        return QRMatrix(version: Int(code.pointee.version), size: width, dark: dark)
    }

    /// The QR symbol for `payload` as a 1-bit grayscale PNG: `scale` pixels per module and a
    /// quiet zone of `quietZone` modules on each side (ISO/IEC 18004 §6.3.8 asks for 4).
    public static func png(
        for payload: String, level: QRErrorCorrection = .medium, scale: Int = 8, quietZone: Int = 4
    ) throws -> [UInt8] {
        let matrix = try matrix(for: payload, level: level)
        return PNGImage.encode(matrix, scale: scale, quietZone: quietZone)
    }
}
