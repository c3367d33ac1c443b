import Dispatch

/// The time one message's scans may take together (issue 9, item 6): a mail with five fax
/// attachments must not hold intake for five tool deadlines.
///
/// Made once per message and passed to every `FaxQRScanner.scan` of it; each tool run gets what is
/// left (at most the tool's own deadline), and once nothing is left no tool starts
/// (`FaxScanProblem.budgetSpent`). The clock is monotonic; tests pass their own.
public struct ScanBudget: Sendable {
    /// The whole budget, seconds.
    public let seconds: Int
    let end: Double
    let now: @Sendable () -> Double

    /// `now`: seconds on a monotonic clock (default: the system's uptime clock).
    public init(seconds: Int, now: @escaping @Sendable () -> Double = ScanBudget.monotonicSeconds) {
        self.seconds = seconds
        self.now = now
        end = now() + Double(max(seconds, 0))
    }

    /// Whole seconds left; 0 when spent.
    public var remaining: Int { max(0, Int((end - now()).rounded(.down))) }

    public static let monotonicSeconds: @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}
