import ArgumentParser
import Foundation
import HotlineCore

/// The exit statuses of every command, decided here and nowhere else (issue 10, item 2):
///
/// | status | meaning |
/// |---|---|
/// | 0 | done |
/// | 1 | a failure: the store, the disk, a server or a tool failed (nothing was half done) |
/// | 64 | a usage or configuration mistake: an argument, an option, `hotline.toml` (EX_USAGE) |
/// | 65 | refused: the action does not fit the case as it stands — no such case, a case in the wrong state (EX_DATAERR) |
enum ExitStatus {
    static let failure: Int32 = 1
    static let usage: Int32 = 64
    static let refused: Int32 = 65

    /// The status for a refusal of the domain.
    static func status(for refusal: Refusal) -> Int32 {
        switch refusal.kind {
        case .usage, .configuration: usage
        case .notFound, .notAllowed: refused
        }
    }

    /// Runs the command line: a refusal prints its sentence and exits with its status; every other
    /// error goes to ArgumentParser (usage and help 64 or 0, `ExitCode` as given, the rest 1).
    static func run(_ command: HotlineCommand.Type) -> Never {
        do {
            var parsed = try command.parseAsRoot()
            try parsed.run()
            command.exit()
        } catch let refusal as Refusal {
            FileHandle.standardError.write(Data("Error: \(refusal)\n".utf8))
            Foundation.exit(status(for: refusal))
        } catch let e as WiringError where e.configuration {
            FileHandle.standardError.write(Data("Error: \(e)\n".utf8))
            Foundation.exit(usage)
        } catch {
            command.exit(withError: error)
        }
    }
}
