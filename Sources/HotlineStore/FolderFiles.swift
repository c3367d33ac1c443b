import Foundation

/// File-system steps the folder adapters share: atomic writes, collision-free moves.
enum FolderFiles {
    /// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so a
    /// reader never sees half a file; the data is flushed to disk before the rename.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        let tmp = (dir as NSString).appendingPathComponent(".tmp-\(UUID().uuidString)")
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw POSIXError(errno: errno, path: tmp) }
        var ok = false
        defer {
            close(fd)
            if !ok { unlink(tmp) }
        }
        try bytes.withUnsafeBytes { buf in
            var off = 0
            while off < buf.count {
                let n = write(fd, buf.baseAddress! + off, buf.count - off)
                if n < 0 { if errno == EINTR { continue }; throw POSIXError(errno: errno, path: tmp) }
                off += n
            }
        }
        guard fsync(fd) == 0 else { throw POSIXError(errno: errno, path: tmp) }
        guard rename(tmp, path) == 0 else { throw POSIXError(errno: errno, path: path) }
        ok = true
    }

    /// Moves `path` into `folder`, keeping its name, or `name.1`, `name.2`… if taken.
    @discardableResult
    static func move(_ path: String, into folder: String) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let name = (path as NSString).lastPathComponent
        var target = (folder as NSString).appendingPathComponent(name)
        var n = 0
        while FileManager.default.fileExists(atPath: target) {
            n += 1
            target = (folder as NSString).appendingPathComponent("\(name).\(n)")
        }
        guard rename(path, target) == 0 else { throw POSIXError(errno: errno, path: path) }
        return target
    }
}

/// A failed system call, with the path it was about.
struct POSIXError: Error, CustomStringConvertible {
    var errno: Int32
    var path: String
    var description: String { "\(path): \(String(cString: strerror(errno)))" }
}
