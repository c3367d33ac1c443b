import ArgumentParser
import Foundation
import HotlineCore
import HotlineMail

/// `hotline evaluation read FILE`: what the reader makes of one reply mail (issue 12, item 5), so
/// anyone can check it on mail of their own.
struct EvaluationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluation",
        abstract: "The petitioner's evaluation of an answer (回访).",
        subcommands: [Read.self]
    )

    struct Read: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print what a reply mail's new text says: satisfied, basically-satisfied, not-satisfied or unclear, and the words that decided it.")

        @Argument(help: "A mail file (.eml).")
        var file: String
        @Flag(help: "Print JSON.")
        var json = false

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            let mail = MailParser.parse([UInt8](data))
            let r = EvaluationReader.read(mail.bodyText)
            if json {
                struct Out: Encodable {
                    var evaluation: String
                    var decidedBy: [String]
                    var newText: String
                    enum CodingKeys: String, CodingKey {
                        case evaluation
                        case decidedBy = "decided_by", newText = "new_text"
                    }
                }
                print(try CaseJSON.render(Out(evaluation: r.evaluation.rawValue, decidedBy: r.decidedBy, newText: r.newText)))
                return
            }
            print("\(r.evaluation.rawValue) (\(r.evaluation.chinese))"
                  + (r.decidedBy.isEmpty ? "" : " — decided by: " + r.decidedBy.joined(separator: ", ")))
            print("read: \(r.newText.isEmpty ? "(no new text)" : r.newText)")
        }
    }
}
