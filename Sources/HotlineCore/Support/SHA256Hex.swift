import Crypto

/// Lower-case hex SHA-256, the content address of raw messages and attachments.
public func sha256Hex(_ bytes: some Collection<UInt8>) -> String {
    var hasher = SHA256()
    let done: Void? = bytes.withContiguousStorageIfAvailable { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
    if done == nil { hasher.update(data: Array(bytes)) }
    return hexString(hasher.finalize())
}

/// Lower-case hex of bytes.
public func hexString(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(64)
    for b in bytes {
        out.append(digits[Int(b >> 4)])
        out.append(digits[Int(b & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
}
