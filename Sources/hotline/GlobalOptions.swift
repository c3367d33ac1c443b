import ArgumentParser
import Foundation
import HotlineCore
import HotlineStore
import Logging

/// Options every command that touches the store takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (default: hotline.toml in the working directory, if present).")
    var config: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "notice"

    func loadConfiguration() throws -> HotlineConfiguration {
        do {
            return try HotlineConfiguration.load(path: config ?? "hotline.toml", required: config != nil)
        } catch let e as HotlineConfiguration.Invalid {
            throw ValidationError(e.description)
        }
    }

    func logger(_ label: String) -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .notice
        return logger
    }
}

/// What a command about one case starts from: the configuration, the case number it names, the wiring.
struct CaseContext {
    let config: HotlineConfiguration
    let number: CaseNumber
    let wiring: Wiring

    init(_ global: GlobalOptions, case text: String) throws {
        config = try global.loadConfiguration()
        number = try CaseCommand.number(text, prefix: config.settings.casePrefix)
        wiring = Wiring(configuration: config, logger: global.logger("hotline"))
    }

    var parts: (HotlineConfiguration, CaseNumber, Wiring) { (config, number, wiring) }
}

/// Options of the commands that list (intake log, outbox).
struct ListOptions: ParsableArguments {
    @Option(help: "The newest this many.")
    var limit = 100

    @Flag(help: "Print JSON.")
    var json = false
}

// The domain's enumerations as typed options: ArgumentParser validates them and lists the values.
extension MatterKind: ExpressibleByArgument {}
extension HandlingClass: ExpressibleByArgument {}
extension CaseState: ExpressibleByArgument {}
