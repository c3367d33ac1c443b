import ArgumentParser
import Foundation
import HotlineMail

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print how hotline parses a message file, as JSON (headers, MIME parts, defects)."
    )

    @Argument(help: "An .eml file.")
    var file: String

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("cannot read \(file)")
        }
        let raw = [UInt8](data)
        let json = MessageInspection.json(for: MailParser.parse(raw), raw: raw)
        FileHandle.standardOutput.write(json)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}
