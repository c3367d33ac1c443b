/// Where a case stands. Transitions are pure (`CaseState.apply`), tested without a database.
///
/// The flow of RULES.md §5: receive → register → dispatch → unit handles → feedback → review →
/// publish → archive. Intake only reaches the first states; later issues add the rest.
public enum CaseState: String, Sendable, Codable, CaseIterable {
    /// Registered and accepted; waits for the back office to dispatch it.
    case registered
    /// Out of scope (RULES.md §3): the person was guided to the proper body; closed, never dispatched.
    case guided
    /// Closed by a clerk.
    case closed

    public enum Transition: String, Sendable, Codable {
        case acceptScope = "accept-scope"
        case rejectScope = "reject-scope"
        case close
        case reopen
    }

    public struct InvalidTransition: Error, Equatable, CustomStringConvertible {
        public let from: CaseState
        public let transition: Transition
        public var description: String { "a case that is \(from.rawValue) cannot take '\(transition.rawValue)'" }
    }

    /// The state after a transition, or an error naming why it cannot happen.
    public func apply(_ t: Transition) throws(InvalidTransition) -> CaseState {
        switch (self, t) {
        case (.guided, .acceptScope): return .registered
        case (.registered, .rejectScope): return .guided
        case (.registered, .close), (.guided, .close): return .closed
        case (.closed, .reopen): return .registered
        default: throw InvalidTransition(from: self, transition: t)
        }
    }
}
