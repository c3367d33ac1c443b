import ArgumentParser
import Foundation
import HotlineCore

struct CasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases",
        abstract: "List cases, oldest first, filtered by state, kind, class or received date."
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only cases in this state.")
    var state: CaseState?

    @Option(help: "Only this kind.")
    var kind: MatterKind?

    @Option(name: .customLong("class"), help: "Only this handling class.")
    var handlingClass: HandlingClass?

    @Option(help: "Received on or after this day (YYYY-MM-DD, the center's time zone).")
    var since: String?

    @Option(help: "Received on or before this day (YYYY-MM-DD).")
    var until: String?

    @Option(help: "At most this many cases.")
    var limit: Int?

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let config = try global.loadConfiguration()
        let tz = config.settings.timeZone
        var filter = CaseFilter(state: state, kind: kind, handlingClass: handlingClass, limit: limit)
        if let s = since { filter.since = try day(s, tz) }
        if let u = until { filter.until = try day(u, tz).addingTimeInterval(86_400) }
        let store = try Wiring(configuration: config, logger: global.logger("hotline")).store()
        let cases = try store.cases(filter)
        if json {
            print(try CaseJSON.render(cases.map { CaseJSON($0, events: nil, full: false, timeZone: config.settings.timeZone) }))
            return
        }
        print(TextTable.fit("NUMBER", 17) + TextTable.fit("RECEIVED", 17) + TextTable.fit("KIND", 17)
              + TextTable.fit("CLASS", 18) + TextTable.fit("KEY", 4) + TextTable.fit("STATE", 11)
              + TextTable.fit("PETITIONER", 12) + "SUBJECT")
        for c in cases {
            print(TextTable.fit(c.number.description, 17) + TextTable.fit(TextTable.local(c.receivedAt, tz), 17)
                  + TextTable.fit(c.kind.value.rawValue, 17) + TextTable.fit(c.handlingClass.value.rawValue, 18)
                  + TextTable.fit(c.keyMatter.value ? "yes" : "", 4) + TextTable.fit(c.state.rawValue, 11)
                  + TextTable.fit(c.petitioner.name ?? "", 12) + TextTable.fit(c.subject, 60))
        }
        print("\(cases.count) case\(cases.count == 1 ? "" : "s")")
    }

    func day(_ s: String, _ tz: TimeZone) throws -> Date {
        let f = DateFormatter()
        f.timeZone = tz
        f.dateFormat = "yyyy-MM-dd"
        f.isLenient = false
        guard let d = f.date(from: s) else { throw ValidationError("\"\(s)\" is not a day (YYYY-MM-DD)") }
        return d
    }
}
