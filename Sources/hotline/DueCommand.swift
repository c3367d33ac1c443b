import ArgumentParser
import Foundation
import HotlineCore

/// `hotline due`: what is overdue, and what falls due within a window, grouped by unit, most
/// urgent first (issue 11, item 6).
struct DueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "List running clocks that are overdue or fall due within a window, grouped by unit, most urgent first.",
        discussion: "Time left is told in the clock's own unit: working hours or working days for the units' limits, "
            + "hours and minutes for calendar limits. A due instant past the loaded calendar is marked provisional."
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "The window: 90m, 2h, 3d (calendar time from now; default 1d).")
    var within: String = "1d"
    @Option(help: "Only this unit's clocks (its code).")
    var unit: String?
    @Flag(help: "Print JSON.")
    var json = false

    static func window(_ text: String) throws -> TimeInterval {
        guard let last = text.last, let n = Double(text.dropLast()), n >= 0, n.isFinite else {
            throw ValidationError("\"\(text)\" is not a window like 90m, 2h or 3d")
        }
        switch last {
        case "m": return n * 60
        case "h": return n * 3_600
        case "d": return n * 86_400
        default: throw ValidationError("\"\(text)\" is not a window like 90m, 2h or 3d")
        }
    }

    struct Item: Encodable {
        var caseNumber: String
        var stage: String
        var unit: String?
        var rule: String
        var due: String
        var overdue: Bool
        var left: String
        var leftSeconds: Double
        var round: Int
        var provisional: [Int]
        var explanation: String
        enum CodingKeys: String, CodingKey {
            case stage, unit, rule, due, overdue, left, round, provisional, explanation
            case caseNumber = "case", leftSeconds = "left_seconds"
        }
    }

    func run() throws {
        let config = try global.loadConfiguration()
        let wiring = Wiring(configuration: config, logger: global.logger("hotline"))
        let store = try wiring.store()
        let rules = store.rules
        let now = Date()
        let zone = LocalTime(config.settings.timeZone)
        let most = 100_000
        let found = try store.openClocks(dueBy: now.addingTimeInterval(try Self.window(within)), unit: unit, limit: most)
        if found.count == most, !json {
            print("(the \(most) most urgent shown; narrow with --within or --unit)")
        }
        let open = found.filter { $0.clock.stage != .whole }
        let items = open.map { o in
            let c = o.clock
            return Item(caseNumber: o.caseNumber.description, stage: c.stage.rawValue, unit: c.stage == .unit ? c.unitCode : nil,
                        rule: c.row, due: zone.iso(c.due), overdue: c.due <= now, left: Self.left(c, now: now, rules: rules),
                        leftSeconds: c.due.timeIntervalSince(now), round: c.round, provisional: c.assumedYears,
                        explanation: c.explanation(zone, rules: rules))
        }
        if json {
            print(try CaseJSON.render(items))
            return
        }
        if items.isEmpty {
            print("nothing overdue or due within \(within)")
            return
        }
        // Groups in the order of their most urgent clock; within a group, soonest first.
        var order: [String] = []
        var groups: [String: [Item]] = [:]
        for i in items {
            let g = i.unit ?? "center (\(i.stage == "front" ? "front" : "back") office)"
            if groups[g] == nil { order.append(g) }
            groups[g, default: []].append(i)
        }
        for g in order {
            let name = config.units.unit(g).map { "\(g) \($0.name)" } ?? g
            print(name)
            for i in groups[g]! {
                let mark = i.overdue ? "OVERDUE" : "due    "
                print("  \(mark) \(i.caseNumber)  \(i.stage)  \(i.due)  \(i.left)  \(i.rule)"
                      + (i.stage == "unit" && i.round > 0 ? "  supervision round \(i.round)" : "")
                      + (i.provisional.isEmpty ? "" : "  provisional: no calendar for " + i.provisional.map(String.init).joined(separator: ", ")))
            }
        }
    }

    /// `2.5 working days left`, `3.5 working hours left`, `45 min left`, `overdue by 1d 3h`: working
    /// time for the working units (a working day is the working hours of one day), calendar time
    /// for the calendar ones and for what is overdue (a night or a weekend past the limit counts).
    static func left(_ c: StageClock, now: Date, rules: ClockRules) -> String {
        func calendar(_ seconds: Int) -> String {
            seconds >= 86_400 ? "\(seconds / 86_400)d \(seconds % 86_400 / 3_600)h"
                : seconds >= 3_600 ? "\(seconds / 3_600)h \(seconds % 3_600 / 60)m" : "\(seconds / 60) min"
        }
        guard c.due > now else { return "overdue by \(calendar(Int(now.timeIntervalSince(c.due))))" }
        switch c.unit {
        case .workingDays, .workingHours:
            let hours = rules.clock.workingSeconds(from: now, to: c.due) / 3_600
            let day = Double(rules.clock.hours.secondsPerDay) / 3_600
            let text = hours >= day && c.unit == .workingDays
                ? "\(ClockAmount.text((hours / day * 10).rounded() / 10)) working days"
                : "\(ClockAmount.text((hours * 10).rounded() / 10)) working hours"
            return text + " left"
        case .minutes, .days:
            return "\(calendar(Int(c.due.timeIntervalSince(now)))) left"
        }
    }
}
