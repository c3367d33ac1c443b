import ArgumentParser
import Foundation
import HotlineCore

struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Show one case, or correct an automatic intake decision.",
        subcommands: [Show.self, Set.self]
    )

    static func number(_ text: String, prefix: String) throws -> CaseNumber {
        guard let n = CaseNumber(text, prefix: prefix) else {
            throw ValidationError("\"\(text)\" is not a case number like \(prefix)20261129-0007")
        }
        return n
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a case: its fields, the rule behind each decision, and its events.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case number, e.g. BB20261129-0007.")
        var number: String
        @Flag(help: "Print JSON.")
        var json = false

        func run() throws {
            let config = try global.loadConfiguration()
            let n = try CaseCommand.number(number, prefix: config.settings.casePrefix)
            let store = try Wiring(configuration: config, logger: global.logger("hotline")).store()
            guard let record = try store.caseRecord(n) else { throw Refusal.noCase(n) }
            let events = try store.events(of: n)
            if json {
                print(try CaseJSON.render(CaseJSON(record, events: events, full: true, timeZone: config.settings.timeZone)))
                return
            }
            let tz = config.settings.timeZone
            let p = record.petitioner
            print("""
                case        \(record.number)
                state       \(record.state.rawValue)
                channel     \(record.channel.rawValue) (\(record.channel.chinese))
                received    \(TextTable.local(record.receivedAt, tz))
                petitioner  \(p.name ?? "-")  phone \(p.phone ?? "-")  mail \(p.email ?? "-")
                address     \(p.address ?? "-")
                subject     \(record.subject)
                kind        \(record.kind.value.rawValue) (\(record.kind.value.chinese))    ← \(record.kind.rule)
                class       \(record.handlingClass.value.rawValue) (\(record.handlingClass.value.chinese))    ← \(record.handlingClass.rule)
                key matter  \(record.keyMatter.value ? "yes" : "no")    ← \(record.keyMatter.rule)
                scope       \(record.scope.value.text)    ← \(record.scope.rule)
                raw         \(record.rawSHA256)  message-id \(record.messageID ?? "-")
                """)
            if !record.attachments.isEmpty {
                print("attachments")
                for a in record.attachments {
                    print("  \(a.storedName)  \(a.contentType)  \(a.size) bytes  sent as \(a.originalName.map { "\"\($0)\"" } ?? "-")")
                }
            }
            let forms = try store.forms(of: n)
            if !forms.isEmpty {
                print("forms")
                for f in forms {
                    let due = f.deadline.map { "  due \(TextTable.local($0, tz))" } ?? ""
                    let refers = f.refersTo.map { (f.kind == .supervision ? "  supervises " : "  answers ") + $0.description } ?? ""
                    print("  \(f.number)  \(f.kind.shortTitle)  to \(f.recipients.joined(separator: ","))\(due)\(refers)  by \(f.actor)")
                }
            }
            let clocks = try store.clocks(of: n)?.state
                ?? CaseClocks.computed(receivedAt: record.receivedAt, events: events, rules: store.rules)
            if !clocks.stages.isEmpty {
                print("clocks")
                for c in clocks.stages { print("  \(c.explanation(LocalTime(tz), rules: store.rules))") }
                if let since = clocks.holdSince { print("  held since \(TextTable.local(since, tz)): \(clocks.holdReason ?? "")") }
            }
            print("\n\(record.text)\n\nevents")
            for e in events {
                let data = e.body.fields(timeZone: tz).texts.sorted { $0.key < $1.key }.filter { $0.key != "text" }
                    .map { "\($0.key)=\($0.value)" }.joined(separator: "  ")
                print("  \(TextTable.local(e.at, tz))  \(e.actor)  \(e.type)  \(data)")
            }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Correct an automatic decision (kind, handling class, key matter, scope); recorded as an event.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The case number.")
        var number: String
        @Option(help: "New kind.")
        var kind: MatterKind?
        @Option(name: .customLong("class"), help: "New handling class.")
        var handlingClass: HandlingClass?
        @Option(help: "Key matter: yes or no.")
        var keyMatter: String?
        @Option(help: "Scope: accepted, or out-of-scope:CATEGORY.")
        var scope: String?
        @Option(help: "Your name, as it goes into the case history.")
        var clerk: String
        @Option(help: "Why, for the case history.")
        var reason: String?

        func run() throws {
            var changes: [ClerkOverride] = []
            if let kind { changes.append(.kind(kind)) }
            if let handlingClass { changes.append(.handlingClass(handlingClass)) }
            if let k = keyMatter {
                guard ["yes", "no"].contains(k) else { throw ValidationError("--key-matter takes yes or no") }
                changes.append(.keyMatter(k == "yes"))
            }
            if let s = scope {
                guard let v = ScopeDecision(text: s) else { throw ValidationError("--scope takes accepted or out-of-scope:CATEGORY") }
                changes.append(.scope(v))
            }
            guard !changes.isEmpty else { throw ValidationError("nothing to change: give --kind, --class, --key-matter or --scope") }
            let config = try global.loadConfiguration()
            let n = try CaseCommand.number(number, prefix: config.settings.casePrefix)
            let desk = CaseDesk(store: try Wiring(configuration: config, logger: global.logger("hotline")).store(), clock: SystemClock())
            for change in changes {
                let r = try desk.override(n, change, clerk: clerk, reason: reason)
                print("\(n): \(change) by \(clerk); state \(r.state.rawValue)")
            }
        }
    }
}
