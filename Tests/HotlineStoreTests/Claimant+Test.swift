import HotlineCore

extension Claimant {
    /// One name for a test's only process: nothing it claims is ever judged stopped.
    static let test = Claimant(id: "test") { _ in false }
}
