import ArgumentParser
import Foundation
import HotlineCore

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "One pass over the configured sources: new mail into cases, then the outgoing spool out.",
        discussion: "Prints one line of counts for the pass. Safe to repeat: what was taken in is never taken in twice."
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let config = try global.loadConfiguration()
        let logger = global.logger("hotline.run")
        let wiring = Wiring(configuration: config, logger: logger)
        let store = try wiring.store()
        let run = IntakeRun(processor: wiring.processor(store: store), sources: try wiring.sources(),
                            sender: try wiring.sender(), logger: logger)
        let summary = try run.pass()
        print("pass: \(summary)")
    }
}
