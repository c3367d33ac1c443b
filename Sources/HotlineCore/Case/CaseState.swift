/// Where a case stands. Transitions are pure (`CaseState.apply`), tested without a database.
///
/// The flow of RULES.md §5: receive → register → dispatch → unit handles → feedback → review →
/// publish → archive. Intake only reaches the first states; later issues add the rest.
public enum CaseState: String, Sendable, Codable, CaseIterable {
    /// Registered and accepted; waits for the back office to dispatch it.
    case registered
    /// Out of scope (RULES.md §3): the person was guided to the proper body; closed, never dispatched.
    case guided
    /// A key matter whose approval sheet (呈批单) went up for a city leader's instruction.
    case awaitingInstruction = "awaiting-instruction"
    /// Handed to a unit with an assignment sheet (交办单); the unit's feedback is awaited.
    case assigned
    /// Closed by a clerk.
    case closed

    public enum Transition: String, Sendable, Codable {
        case acceptScope = "accept-scope"
        case rejectScope = "reject-scope"
        case close
        case reopen
        /// The approval sheet goes up (RULES.md §4, form 1).
        case requestInstruction = "request-instruction"
        /// The assignment sheet goes to the lead unit (form 2).
        case assign
        /// A supervision sheet presses the unit (form 3); the case stays with it.
        case supervise
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
        case (.registered, .requestInstruction): return .awaitingInstruction
        case (.registered, .assign), (.awaitingInstruction, .assign): return .assigned
        case (.assigned, .supervise): return .assigned
        case (.awaitingInstruction, .close), (.assigned, .close): return .closed
        default: throw InvalidTransition(from: self, transition: t)
        }
    }
}
