import ArgumentParser
import Foundation
import HotlineCore
import HotlineStore
import Synchronization

/// Set by SIGTERM/SIGINT: the message in hand finishes, then the run stops.
let stopRequested = Atomic<Bool>(false)

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "One pass over the configured sources: new mail into cases, then the outgoing spool out.",
        discussion: """
            Prints one line of counts per pass. Safe to repeat: what was taken in is never taken in twice. \
            Exit status 1 when a mailbox could not be read (the others were still read, the spool still sent), \
            or when a fault of ours (a full disk, a locked store, a tool that failed) stopped the pass: the \
            message it struck stays where it is, never quarantined, and the next pass takes it in (with --watch, \
            the next pass comes as usual and the exit status stays 0 until SIGTERM). \
            SIGTERM finishes the message in hand and stops cleanly.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Poll again every this many seconds until SIGTERM (default: one pass).")
    var watch: Int?

    func run() throws {
        let config = try global.loadConfiguration()
        let logger = global.logger("hotline.run")
        let wiring = Wiring(configuration: config, logger: logger)
        let store = try wiring.store()
        var run = IntakeRun(processor: try wiring.processor(store: store), sources: try wiring.sources(),
                            sender: try wiring.sender(), claimant: LocalProcessClaimant.current(), logger: logger)
        for sig in [SIGTERM, SIGINT] {
            signal(sig) { _ in stopRequested.store(true, ordering: .relaxed) }
        }
        run.clockPass = try wiring.clockPass(store: store)
        run.shouldStop = { stopRequested.load(ordering: .relaxed) }
        run.honourRetryTimes = watch != nil
        if isatty(STDERR_FILENO) == 1 {
            run.progress = { source, done, total in
                if total >= 100, done % 50 == 0 || done == total {
                    FileHandle.standardError.write(Data("\r\(source): \(done)/\(total)\(done == total ? "\n" : "")".utf8))
                }
            }
        }
        var failed = false
        var warnedOfYear: Int?
        repeat {
            // From 1 November, until next year's holiday notice is loaded (issue 11, item 2).
            let today = LocalTime(config.settings.timeZone).split(Date()).day
            if warnedOfYear != today.year, let warning = config.clock.calendar.missingNextYear(today: today) {
                logger.warning("\(warning)")
                warnedOfYear = today.year
            }
            let summary = run.pass()
            print("pass: \(summary) peak_rss_mib=\(peakRSSMiB())")
            fflush(nil)
            if let fault = summary.fault {
                // Said on standard error in words; with --watch the next pass tries again.
                FileHandle.standardError.write(Data("hotline: \(fault)\n".utf8))
            }
            for busy in summary.busySources {
                FileHandle.standardError.write(Data("hotline: \(busy)\n".utf8))
            }
            failed = !summary.sourceErrors.isEmpty || summary.fault != nil
            logger.info("pass done", metadata: ["summary": "\(summary)"])
            guard let seconds = watch, !stopRequested.load(ordering: .relaxed) else { break }
            let until = Date().addingTimeInterval(TimeInterval(max(1, seconds)))
            while Date() < until, !stopRequested.load(ordering: .relaxed) { usleep(100_000) }
        } while !stopRequested.load(ordering: .relaxed)
        if failed, watch == nil { throw ExitCode(1) }
    }
}

/// The process's peak resident memory so far, in MiB (getrusage).
func peakRSSMiB() -> String {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return String(format: "%.1f", Double(usage.ru_maxrss) / 1024)
}
