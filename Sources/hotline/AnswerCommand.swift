import ArgumentParser
import Foundation
import HotlineCore
import HotlineStore

/// `hotline answer`: intake staff answer a matter themselves (直接办理, issue 12 item 1).
struct AnswerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "answer",
        abstract: "Answer a case directly (直接办理): mail the petitioner, record it, the case becomes answered; or suggest a standard answer.",
        discussion: """
            --suggest lists the standard answers (the [answers] folder, default answers/) whose keywords the case \
            holds, best first, with the words that matched. --use ID --draft prints one as it would be sent, to edit \
            into a file for --file. The answer is checked like a unit's (RULES §8.3–4): a person addressed as a \
            person, every policy relied on cited with its document number.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case number.")
    var number: String
    @Option(help: "The answer's text.")
    var text: String?
    @Option(help: "A file with the answer's text (UTF-8).")
    var file: String?
    @Option(help: "A standard answer's id (its file name without .toml).")
    var use: String?
    @Flag(help: "List the standard answers that fit the case.")
    var suggest = false
    @Flag(help: "With --use: print the draft, send nothing.")
    var draft = false
    @Option(help: "Your name, as it goes into the case history.")
    var clerk: String?

    func run() throws {
        let config = try global.loadConfiguration()
        let n = try CaseCommand.number(number, prefix: config.settings.casePrefix)
        let wiring = Wiring(configuration: config, logger: global.logger("hotline"))
        let store = try wiring.store()
        guard let record = try store.caseRecord(n) else { throw Refusal.noCase(n) }
        let library: StandardAnswers
        do { library = try StandardAnswerFiles.load(folder: config.answersPath) } catch {
            throw WiringError(description: "answers: \(error)", configuration: true)
        }
        if suggest {
            let found = library.suggestions(for: record)
            if found.isEmpty { print("no standard answer fits \(n) (\(library.answers.count) in \(config.answersPath))") }
            for s in found {
                print("\(s.answer.id)  \(s.answer.title)  score \(s.score)  matched: \(s.matched.joined(separator: ", "))")
            }
            return
        }
        let given = [text != nil, file != nil, use != nil].filter { $0 }.count
        guard given == 1 else { throw ValidationError("give exactly one of --text, --file or --use (or --suggest)") }
        var body = text ?? ""
        if let file {
            guard let data = FileManager.default.contents(atPath: file), let t = String(data: data, encoding: .utf8) else {
                throw ValidationError("cannot read \(file) as UTF-8")
            }
            body = t
        }
        if let use {
            guard let a = library.answer(use) else {
                throw Refusal(.notFound, "no standard answer \(use) in \(config.answersPath) (hotline answer \(n) --suggest)")
            }
            body = StandardAnswers.draft(a, for: record)
        }
        if draft {
            print(body)
            return
        }
        guard let clerk else { throw ValidationError("--clerk NAME is required to send an answer") }
        let desk = AnswerDesk(store: store, settings: try wiring.formSettings(), clock: SystemClock(), nonce: IntakeProcessor.randomNonce)
        let mail = try desk.answer(n, text: body, standard: use, clerk: clerk)
        print("\(n): answered; mail to \(mail.recipients.joined(separator: ", ")) queued (hotline run sends it); state answered")
    }
}
