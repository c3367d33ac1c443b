import ArgumentParser
import Foundation
import HotlineDocuments
import HotlineStore

/// `hotline init DIR`: the folder of a new center — a commented `hotline.toml`, `inbox/`,
/// `outbox/` and the clerks' copies of the templates (issue 9, item 4).
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a starter hotline.toml, inbox/, outbox/ and the form templates into a folder for a new center.",
        discussion: """
            Never overwrites: a file that is already there is kept and named (run it again safely). Then \
            `cd DIR && hotline run` takes in the .eml files put into inbox/.
            """
    )

    @Argument(help: "The center's folder (created if missing).")
    var directory: String

    func run() throws {
        let fm = FileManager.default
        var files: [(String, [UInt8])] = [("hotline.toml", Array(StarterConfiguration.text.utf8))]
        files += ShippedForms.templateFiles.map { ("templates/" + $0.name, $0.bytes) }
        do {
            for folder in ["", "inbox", "outbox", "templates"] {
                try fm.createDirectory(atPath: (directory as NSString).appendingPathComponent(folder), withIntermediateDirectories: true)
            }
            for (name, bytes) in files {
                let path = (directory as NSString).appendingPathComponent(name)
                print(try Self.writeNew(path, bytes) ? "written  \(path)" : "kept     \(path) (already there)")
            }
        } catch let failure as WiringError {
            throw failure
        } catch {
            throw WiringError(description: "cannot make \(directory): \(error)")
        }
        print("next: put .eml files into \((directory as NSString).appendingPathComponent("inbox")), then run `hotline run` in \(directory)")
    }

    /// Writes `bytes` to a file that must not exist yet (O_EXCL: no race with another writer);
    /// false when it is already there.
    static func writeNew(_ path: String, _ bytes: [UInt8]) throws -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else {
            if errno == EEXIST { return false }
            throw WiringError(description: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw WiringError(description: "cannot write \(path): \(String(cString: strerror(errno)))") }
            written += n
        }
        return true
    }
}
