import Foundation
import HotlineCore

/// Outgoing mail as `.eml` files in a folder: the embedded default's sender (`outbox/`).
/// The file name comes from our own Message-ID, so sending again after a crash rewrites the
/// same file instead of making a second one.
public final class FolderMailSender: MailSender, @unchecked Sendable {
    public let folder: String

    public init(folder: String) {
        self.folder = folder
    }

    public func send(_ mail: OutgoingMail) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let safe = String(mail.messageID.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") ? $0 : "_" })
        let path = (folder as NSString).appendingPathComponent("\(safe.prefix(120)).eml")
        try FolderFiles.writeAtomically(mail.raw, to: path)
        return "file:\(path)"
    }
}

/// Attachments as files named by their content, two levels deep (`ab/abcdef….pdf`).
public struct FolderVault: AttachmentVault {
    public let folder: String

    public init(folder: String) {
        self.folder = folder
    }

    public func path(_ storedName: String) throws -> String {
        // Stored names are generated (`<sha256>.<ext>`); refuse anything else outright.
        guard storedName.count > 3, !storedName.hasPrefix("."),
              storedName.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == ".") }) else {
            throw POSIXError(errno: EINVAL, path: storedName)
        }
        return ((folder as NSString).appendingPathComponent(String(storedName.prefix(2))) as NSString)
            .appendingPathComponent(storedName)
    }

    public func put(_ bytes: [UInt8], storedName: String) throws {
        let p = try path(storedName)
        if FileManager.default.fileExists(atPath: p) { return }
        try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FolderFiles.writeAtomically(bytes, to: p)
    }

    public func get(_ storedName: String) throws -> [UInt8]? {
        FileManager.default.contents(atPath: try path(storedName)).map { [UInt8]($0) }
    }
}
