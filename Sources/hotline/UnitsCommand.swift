import ArgumentParser
import Foundation
import HotlineCore

struct UnitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "units",
        abstract: "List the units registry of the configuration as a tree, and check it.",
        discussion: """
            Checks: unique codes, tier-3 units under a registered tier-2 parent, mail addresses, both leaders \
            (in charge of hotline work, principal) named, each with a readable RSA (2048 bits or more) or P-256 \
            public key. Exit status 1 when anything is wrong; every problem is printed.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let registry = try global.loadConfiguration().units
        let problems = registry.problems()
        if json {
            struct Leader: Encodable {
                var name, title: String
                var key: String?
            }
            struct Row: Encodable {
                var code, name, email: String
                var tier: Int
                var parent, hotlineContact: String?
                var leaderInCharge, principalLeader: Leader?
                enum CodingKeys: String, CodingKey {
                    case code, name, email, tier, parent
                    case hotlineContact = "hotline_contact", leaderInCharge = "leader_in_charge", principalLeader = "principal_leader"
                }
            }
            struct Listing: Encodable {
                var units: [Row]
                var problems: [String]
            }
            func leader(_ l: GovernmentUnit.Leader?) -> Leader? { l.map { Leader(name: $0.name, title: $0.title, key: $0.keySource) } }
            print(try CaseJSON.render(Listing(
                units: registry.units.map {
                    Row(code: $0.code, name: $0.name, email: $0.email, tier: $0.tier.rawValue, parent: $0.parent,
                        hotlineContact: $0.hotlineContact, leaderInCharge: leader($0.leaderInCharge),
                        principalLeader: leader($0.principalLeader))
                },
                problems: problems.map(\.description))))
        } else {
            func line(_ u: GovernmentUnit, indent: String) {
                let leaders = [u.leaderInCharge, u.principalLeader].compactMap { $0.map { "\($0.title)\($0.name)" } }
                print("\(indent)\(u.code)  \(u.name)  tier \(u.tier.rawValue)  \(u.email)  \(leaders.joined(separator: ", "))")
            }
            for u in registry.units where u.tier == .two || u.parent.flatMap(registry.unit) == nil {
                line(u, indent: "")
                for c in registry.children(of: u.code) { line(c, indent: "  └ ") }
            }
            print("\(registry.units.count) unit\(registry.units.count == 1 ? "" : "s"), \(problems.count) problem\(problems.count == 1 ? "" : "s")")
            for p in problems { print("problem: \(p)") }
        }
        if !problems.isEmpty { throw ExitCode(1) }
    }
}
