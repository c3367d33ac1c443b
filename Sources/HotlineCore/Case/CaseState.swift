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
    /// A paper (faxed) or ODT feedback sheet arrived; a clerk confirms its handwritten sign-off.
    case awaitingConfirmation = "awaiting-confirmation"
    /// The unit's feedback passed the checks of RULES.md §8; the center reviews it.
    case awaitingReview = "awaiting-review"
    /// The center accepted the unit's answer (to be published and archived).
    case reviewed
    /// Answered by the center itself (直接办理, RULES §3): never dispatched.
    case answered
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
        /// A signed feedback sheet passed the checks.
        case acceptFeedback = "accept-feedback"
        /// A paper or ODT feedback sheet arrived, its sign-off to be confirmed.
        case receivePaperFeedback = "receive-paper-feedback"
        /// A clerk confirmed the handwritten sign-off of a paper reply.
        case confirm
        /// The center's review accepts the answer.
        case reviewAccept = "review-accept"
        /// The center's review returns the answer to the unit (退单).
        case reviewReturn = "review-return"
        /// The unit asks the center to take the matter back (回单, RULES.md §8.7).
        case takeBack = "take-back"
        /// A confirmed paper reply turned out to be an extension request: the case stays with the unit.
        case confirmExtension = "confirm-extension"
        /// The unit's signed sheet arrived while a paper reply waited: the paper one is set aside.
        case supersedePaper = "supersede-paper"
        /// Intake staff answer the matter themselves (直接办理).
        case answerDirectly = "answer-directly"
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
        case (.registered, .answerDirectly): return .answered
        case (.registered, .assign), (.awaitingInstruction, .assign): return .assigned
        case (.assigned, .supervise): return .assigned
        case (.assigned, .acceptFeedback), (.awaitingConfirmation, .confirm): return .awaitingReview
        case (.assigned, .receivePaperFeedback): return .awaitingConfirmation
        case (.awaitingReview, .reviewAccept): return .reviewed
        case (.awaitingReview, .reviewReturn), (.awaitingConfirmation, .reviewReturn): return .assigned
        case (.assigned, .takeBack), (.awaitingConfirmation, .takeBack): return .registered
        case (.awaitingConfirmation, .confirmExtension), (.awaitingConfirmation, .supersedePaper): return .assigned
        case (.awaitingInstruction, .close), (.assigned, .close), (.awaitingConfirmation, .close), (.awaitingReview, .close),
             (.reviewed, .close), (.answered, .close): return .closed
        default: throw InvalidTransition(from: self, transition: t)
        }
    }
}
