import Foundation
import HotlineCore

/// A folder of `.eml` files as a mailbox: the embedded default's intake (`inbox/`).
///
/// Files are taken in name order. A file's source key is its name plus the start of its SHA-256,
/// so a later file of the same name is a new message. After the store has committed it, a file
/// moves to the processed folder (or the quarantine folder, with a `.reason.txt` beside it); a
/// crash before the move leaves it in place, and the next pass finds it already recorded.
/// Symbolic links and anything not a regular file are left alone.
public final class FolderMailSource: MailSource, @unchecked Sendable {
    public let name: String
    public let role: MailboxRole
    public let folder: String
    public let processedFolder: String?
    public let quarantineFolder: String

    public init(name: String, role: MailboxRole, folder: String, processedFolder: String?, quarantineFolder: String) {
        self.name = name
        self.role = role
        self.folder = folder
        self.processedFolder = processedFolder
        self.quarantineFolder = quarantineFolder
    }

    public func pending() throws -> [SourceKey] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw SourceReadError(key: SourceKey(source: name, key: ""), reason: "cannot list \(folder): \(error.localizedDescription)")
        }
        return names.filter { $0.hasSuffix(".eml") && !$0.hasPrefix(".") && isRegularFile(path($0)) }
            .sorted().map { SourceKey(source: name, key: $0) }
    }

    /// The file's bytes. One that cannot be read (an I/O error, no permission, no file handles
    /// left) is a fault of ours, never bad input: the error stops this folder's turn and the file
    /// stays for the next pass (issue 9, item 3).
    public func load(_ key: SourceKey) throws -> IncomingMessage {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path(key.key))) } catch {
            throw FolderReadFailure(path: path(key.key), error: error)
        }
        let raw = [UInt8](data)
        // The name alone could come back with other content; the hash makes the key unique.
        let sha = sha256Hex(raw)
        let identity = SourceKey(source: name, key: "\(key.key)#\(sha.prefix(16))")
        return IncomingMessage(key: identity, raw: raw, rawSHA256: sha)
    }

    public func finish(_ key: SourceKey, disposition: IntakeDisposition, reason: String) throws {
        let file = path(key.key)
        guard FileManager.default.fileExists(atPath: file) else { return }
        if disposition == .quarantined {
            let moved = try FolderFiles.move(file, into: quarantineFolder)
            try FolderFiles.writeAtomically(Array("\(reason)\n".utf8), to: moved + ".reason.txt")
        } else if let processedFolder {
            try FolderFiles.move(file, into: processedFolder)
        }
    }

    func path(_ file: String) -> String { (folder as NSString).appendingPathComponent(file) }

    func isRegularFile(_ p: String) -> Bool {
        var st = stat()
        return lstat(p, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }
}

/// A file of a mail folder that could not be read: the folder's turn ends, the file stays.
struct FolderReadFailure: Error, CustomStringConvertible {
    var path: String
    var error: any Error
    var description: String { "cannot read \(path): \(error.localizedDescription)" }
}
