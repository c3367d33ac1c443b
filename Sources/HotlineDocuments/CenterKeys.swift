import _CryptoExtras
import Crypto
import Foundation
import HotlineCore

/// The center's own secrets on disk: the RSA key its forms are signed with, and the HMAC secret
/// behind reply addresses and QR tags.
///
/// A center configures both (`[center] signing_key`, `form_secret_file`); the embedded default
/// creates them on first use under `store/keys/` (mode 0600 in a 0700 folder), so that a fresh
/// checkout can issue forms at once. A configured key that is missing is an error, never replaced.
public enum CenterKeys {
    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    /// The signing key at `path`; created (RSA 3072) when absent and `create` is true.
    public static func signingKey(path: String, create: Bool) throws -> _RSA.Signing.PrivateKey {
        if let data = FileManager.default.contents(atPath: path) {
            guard let pem = String(data: data, encoding: .utf8) else { throw Problem(description: "\(path): not a PEM file") }
            do {
                let key = try _RSA.Signing.PrivateKey(pemRepresentation: pem)
                guard key.keySizeInBits >= 2048 else {
                    throw Problem(description: "\(path): the center's RSA key has \(key.keySizeInBits) bits; 2048 or more are required")
                }
                return key
            } catch let p as Problem {
                throw p
            } catch {
                throw Problem(description: "\(path): not a PEM RSA private key (\(error))")
            }
        }
        guard create else { throw Problem(description: "the center's signing key \(path) cannot be read") }
        let key = try _RSA.Signing.PrivateKey(keySize: .bits3072)
        // Another process starting at the same moment may have made one first: theirs is the key.
        guard try writePrivate(Array(key.pemRepresentation.utf8), to: path) else { return try signingKey(path: path, create: false) }
        return key
    }

    /// The form secret at `path`; 32 random bytes (hex) written there when absent and `create` is true.
    public static func formSecret(path: String, create: Bool) throws -> [UInt8] {
        if let data = FileManager.default.contents(atPath: path) {
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard text.utf8.count >= 16 else { throw Problem(description: "\(path): the form secret needs at least 16 characters") }
            return Array(text.utf8)
        }
        guard create else { throw Problem(description: "the form secret \(path) cannot be read") }
        var rng = SystemRandomNumberGenerator()
        let hex = hexString((0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) })
        guard try writePrivate(Array(hex.utf8), to: path) else { return try formSecret(path: path, create: false) }
        return Array(hex.utf8)
    }

    /// Writes a new secret file whole, then links it into place: a reader never sees half a key, and
    /// of several processes creating it at once one wins. False when another one's file is there.
    static func writePrivate(_ bytes: [UInt8], to path: String) throws -> Bool {
        let dir = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temporary = path + ".new-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw Problem(description: "\(temporary): cannot create (\(String(cString: strerror(errno))))") }
        defer { unlink(temporary) }
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = n == bytes.count && fsync(fd) == 0
        close(fd)
        guard synced else { throw Problem(description: "\(path): cannot write") }
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { return false }
            throw Problem(description: "\(path): cannot create (\(String(cString: strerror(errno))))")
        }
        return true
    }
}
