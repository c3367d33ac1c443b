import ArgumentParser
import Foundation
import HotlineCore
import HotlineMail
import HotlineStore

/// `hotline review`: the center's review of a unit's accepted feedback.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Accept a unit's answer, or return it to the unit with a return notice (退单) giving the reason."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case number.")
    var number: String
    @Flag(help: "Accept the answer.")
    var accept = false
    @Option(name: .customLong("return"), help: "Return the answer to the unit, with this reason.")
    var returnReason: String?
    @Option(help: "Your name, as it goes into the case history.")
    var clerk: String

    func run() throws {
        guard accept != (returnReason != nil) else { throw ValidationError("give exactly one of --accept or --return REASON") }
        try FeedbackCommandRig(global: global).run(number) { desk, n in
            let state = accept ? try desk.accept(n, clerk: clerk) : try desk.returnToUnit(n, reason: returnReason ?? "", clerk: clerk)
            return accept ? "\(n): answer accepted; state \(state.rawValue)"
                          : "\(n): returned to the unit (退单 queued); state \(state.rawValue)"
        }
    }
}

/// `hotline extension`: decide a unit's pending extension request.
struct ExtensionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extension",
        abstract: "Grant a unit's pending extension request until a date (the petitioner is told the new limit and the reason), or deny it."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case number.")
    var number: String
    @Option(help: "Grant until this day (YYYY-MM-DD, end of day in the center's zone) or moment (YYYY-MM-DDTHH:MM).")
    var grant: String?
    @Flag(help: "Deny the request.")
    var deny = false
    @Option(help: "The reason to give (default: the unit's).")
    var reason: String?
    @Option(help: "Your name, as it goes into the case history.")
    var clerk: String

    func run() throws {
        guard (grant != nil) != deny else { throw ValidationError("give exactly one of --grant DATE or --deny") }
        try FeedbackCommandRig(global: global).run(number) { desk, n in
            var until: Date?
            if let grant {
                guard let d = Self.date(grant, zone: desk.settings.intake.timeZone) else {
                    throw ValidationError("--grant takes YYYY-MM-DD or YYYY-MM-DDTHH:MM, not \(grant)")
                }
                until = d
            }
            return "\(n): " + (try desk.decideExtension(n, grantUntil: until, reason: reason, clerk: clerk))
        }
    }

    /// A day (its last minute) or a minute a clerk typed, in the center's zone.
    static func date(_ text: String, zone: TimeZone) -> Date? { ISODateTime.local(text, timeZone: zone) }
}

/// `hotline confirm`: a clerk confirms the handwritten sign-off of a paper reply.
struct ConfirmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confirm",
        abstract: "Confirm the handwritten sign-off of a faxed (or ODT) feedback sheet; the case then awaits review."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case number.")
    var number: String
    @Option(help: "What you checked (who signed, countersign…), for the case history.")
    var note: String?
    @Flag(help: "The sheet is a final answer (the default for a faxed page).")
    var answer = false
    @Option(help: "The sheet asks the center to take the matter back (回单), for this reason.")
    var takeBack: String?
    @Option(help: "The sheet asks for an extension until this day (YYYY-MM-DD or YYYY-MM-DDTHH:MM); give --reason.")
    var extensionUntil: String?
    @Option(help: "The reason of the extension request.")
    var reason: String?
    @Option(help: "Your name, as it goes into the case history.")
    var clerk: String

    func run() throws {
        guard [answer, takeBack != nil, extensionUntil != nil].filter({ $0 }).count <= 1 else {
            throw ValidationError("give at most one of --answer, --take-back REASON, --extension-until DATE")
        }
        try FeedbackCommandRig(global: global).run(number) { desk, n in
            var request = FeedbackDesk.PaperRequest.asRead
            if answer { request = .answer }
            if let takeBack { request = .takeBack(reason: takeBack) }
            if let extensionUntil {
                guard let until = ExtensionCommand.date(extensionUntil, zone: desk.settings.intake.timeZone), let reason else {
                    throw ValidationError("--extension-until takes YYYY-MM-DD or YYYY-MM-DDTHH:MM, with --reason")
                }
                request = .extensionRequest(until: until, reason: reason)
            }
            return "\(n): sign-off confirmed; state \(try desk.confirm(n, clerk: clerk, note: note, as: request).rawValue)"
        }
    }
}

/// `hotline holding`: mail that matched no case, and attaching it to one.
struct HoldingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "holding",
        abstract: "The holding queue: units' mail that matched no case; a clerk attaches an item to its case.",
        subcommands: [List.self, Attach.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Items waiting in the holding queue, oldest first, with the reason.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "At most this many.")
        var limit = 100

        func run() throws {
            let config = try global.loadConfiguration()
            let store = try Wiring(configuration: config, logger: global.logger("hotline")).store()
            let items = try store.holding(limit: limit)
            for e in items {
                let subject = (try? e.rawSHA256.flatMap { try store.rawMessage(sha256: $0) })?.flatMap {
                    IntakeAnalysis(raw: $0, settings: config.settings).message.subject
                } ?? ""
                print("\(e.source)  \(TextTable.local(e.at, config.settings.timeZone))  \(e.reason)  \(subject)")
            }
            print("\(items.count) waiting")
        }
    }

    struct Attach: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Attach a held item (its SOURCE as `hotline holding` prints it) to a case; its feedback sheet is read and checked.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The item's source, e.g. unit-replies:1700000000.M1.eml.")
        var source: String
        @Argument(help: "The case number.")
        var number: String
        @Option(help: "Your name, as it goes into the case history.")
        var clerk: String

        func run() throws {
            let (_, n, wiring) = try CaseContext(global, case: number).parts
            let store = try wiring.store()
            guard let entry = try store.holding(limit: 100_000).first(where: { $0.source.description == source }) else {
                throw Refusal(.notFound, "\(source) is not waiting in the holding queue (hotline holding lists it)")
            }
            guard let sha = entry.rawSHA256, let raw = try store.rawMessage(sha256: sha) else {
                throw WiringError(description: "the message of \(source) is not in the store")
            }
            let rp = try wiring.returnPath()
            let done = try rp.attach(entry, raw: raw, to: n, clerk: clerk, store: store, clock: SystemClock(),
                                     nonce: IntakeProcessor.randomNonce)
            print("\(n): \(done)")
        }
    }
}

/// What the feedback commands share: configuration and the desk.
struct FeedbackCommandRig {
    let global: GlobalOptions

    func run(_ text: String, _ body: (FeedbackDesk, CaseNumber) throws -> String) throws {
        let (_, n, wiring) = try CaseContext(global, case: text).parts
        let desk = FeedbackDesk(store: try wiring.store(), settings: try wiring.formSettings(), clock: SystemClock(),
                                nonce: IntakeProcessor.randomNonce)
        print(try body(desk, n))
    }
}
