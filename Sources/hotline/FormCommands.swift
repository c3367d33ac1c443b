import ArgumentParser
import Foundation
import HotlineCore
import HotlineStore

/// `hotline assign`: the assignment sheet (交办单) to the lead unit.
struct AssignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Hand a case to its lead unit with an assignment sheet (交办单) and a blank feedback sheet.",
        discussion: """
            Writes the signed XML and the ODT (and a PDF when LibreOffice is installed) under \
            outbox/forms/<case>/, records the forms on the case and queues the mail to the lead unit, copied to \
            the assisting units. Routine matters leave with the next dispatch batch ([dispatch] batch_times, \
            11:30 and 17:00 by default); emergencies at once. `hotline run` sends what is due.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case number, e.g. BB20261129-0007.")
    var number: String
    @Option(help: "The lead unit's code (see `hotline units`).")
    var unit: String
    @Option(help: "An assisting unit's code; repeat for more.")
    var assist: [String] = []
    @Option(help: "Your name, as it goes into the case history.")
    var clerk: String

    func run() throws {
        try FormIssuing(global: global).issue(number) { desk, n in
            try desk.assign(n, lead: unit, assisting: assist, clerk: clerk)
        }
    }
}

/// `hotline approve-request`: the key-matter approval sheet (呈批单) to the configured leader.
struct ApproveRequestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve-request",
        abstract: "Send a key matter up for a city leader's instruction with an approval sheet (呈批单).",
        discussion: "The leader is configured under [approval]; the case must be a key matter (hotline case set --key-matter yes)."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case number.")
    var number: String
    @Option(help: "The center's proposed handling (拟办意见).")
    var proposal: String
    @Option(help: "The proposed lead unit's code, if any.")
    var unit: String?
    @Option(help: "A proposed assisting unit's code; repeat for more.")
    var assist: [String] = []
    @Option(help: "Your name, as it goes into the case history.")
    var clerk: String

    func run() throws {
        try FormIssuing(global: global).issue(number) { desk, n in
            try desk.requestApproval(n, proposal: proposal, lead: unit, assisting: assist, clerk: clerk)
        }
    }
}

/// `hotline supervise`: a supervision sheet (督办单) to the unit the case is assigned to.
struct SuperviseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "supervise",
        abstract: "Press the assigned unit with a supervision sheet (督办单) and a fresh blank feedback sheet; sent at once."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case number.")
    var number: String
    @Option(help: "Why the unit is supervised (督办事由).")
    var reason: String
    @Option(help: "Your name, as it goes into the case history.")
    var clerk: String

    func run() throws {
        try FormIssuing(global: global).issue(number) { desk, n in
            try desk.supervise(n, reason: reason, clerk: clerk)
        }
    }
}

/// What the three form commands share: wiring, the files for clerks, the report.
struct FormIssuing {
    let global: GlobalOptions

    func issue(_ text: String, _ body: (FormDesk, CaseNumber) throws -> FormDesk.Issued) throws {
        let (config, n, wiring) = try CaseContext(global, case: text).parts
        let desk = try wiring.formDesk(store: try wiring.store())
        let issued = try body(desk, n)
        // Committed: from here on nothing may make the clerk think the command failed and run it again.
        let folder = FormFolder(root: config.forms.outputPath)
        var files: [String] = []
        var writeError: (any Error)?
        do {
            files = try folder.write(issued.forms)
            if config.forms.pdf { files += wiring.convertToPDF(issued.forms, folder: folder) }
        } catch {
            writeError = error
        }
        let tz = config.settings.timeZone
        for f in issued.forms {
            print("\(f.number)  \(f.kind.shortTitle)  \(f.kind.rawValue)" + (f.deadline.map { "  due \(TextTable.local($0, tz))" } ?? ""))
        }
        print("case \(n) is now \(issued.state.rawValue)")
        let when = issued.mail.sendAfter.map { "with the dispatch batch of \(TextTable.local($0, tz))" } ?? "at once"
        print("mail to \(issued.mail.recipients.joined(separator: ", ")) queued, to go \(when) (hotline run sends it)")
        for p in files { print("  \(p)") }
        if let writeError {
            print("the forms are issued and stored, but their files were not written (\(writeError)); "
                  + "`hotline forms export \(n)` writes them again from the store")
            throw ExitCode(1)
        }
    }
}

/// `hotline forms`: the forms issued on a case, and their files written again from the store.
struct FormsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forms",
        abstract: "List the forms issued on a case, or write their files again from the store.",
        subcommands: [List.self, Export.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The forms issued on a case, oldest first.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case number.")
        var number: String

        func run() throws {
            let (config, n, wiring) = try CaseContext(global, case: number).parts
            for f in try wiring.store().forms(of: n) {
                print("\(f.number)  \(f.kind.shortTitle)  \(TextTable.local(f.issuedAt, config.settings.timeZone))  to \(f.recipients.joined(separator: ","))"
                      + (f.refersTo.map { (f.kind == .supervision ? "  supervises " : "  answers ") + $0.description } ?? "") + "  xml \(f.xml.count) B  odt \(f.odt.count) B")
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the XML and ODT (and PDF) of a case's forms under outbox/forms/<case>/ again, from the exact bytes stored.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case number.")
        var number: String

        func run() throws {
            let (config, n, wiring) = try CaseContext(global, case: number).parts
            let forms = try wiring.store().forms(of: n)
            guard !forms.isEmpty else { throw Refusal(.notFound, "no form was issued on \(n)") }
            let folder = FormFolder(root: config.forms.outputPath)
            var files = try folder.write(forms)
            if config.forms.pdf { files += wiring.convertToPDF(forms, folder: folder) }
            for p in files { print(p) }
        }
    }
}
