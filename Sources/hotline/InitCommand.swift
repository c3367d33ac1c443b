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
                if fm.fileExists(atPath: path) {
                    print("kept     \(path) (already there)")
                    continue
                }
                guard fm.createFile(atPath: path, contents: Data(bytes)) else {
                    throw WiringError(description: "cannot write \(path)")
                }
                print("written  \(path)")
            }
        } catch let failure as WiringError {
            throw failure
        } catch {
            throw WiringError(description: "cannot make \(directory): \(error)")
        }
        print("next: put .eml files into \((directory as NSString).appendingPathComponent("inbox")), then run `hotline run` in \(directory)")
    }
}
