import Logging

extension Logger {
    /// A logger that drops everything: for tests, which assert on results, not on log lines.
    public static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
}
