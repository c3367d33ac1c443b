/// Why the program refused what a clerk asked of it (issue 10, item 2): one type for every desk,
/// with a kind the command line maps to its exit status in one place, and the sentence the clerk
/// reads. A refusal changes nothing: the transaction it is thrown from is rolled back.
public struct Refusal: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// The request itself is incomplete or malformed: a name, a reason or a date missing.
        case usage
        /// The configuration lacks what the action needs (no approval leader, a unit not registered).
        case configuration
        /// No such case (or form, or holding item).
        case notFound = "not-found"
        /// The case as it stands does not allow it: its state, its history, what was done before.
        case notAllowed = "not-allowed"
    }

    public var kind: Kind
    public var description: String

    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }

    public static let clerkRequired = Refusal(.usage, "a clerk's name is required")

    public static func noCase(_ number: CaseNumber) -> Refusal { Refusal(.notFound, "no case \(number)") }

    public static func noAssignedUnit(_ number: CaseNumber) -> Refusal {
        Refusal(.notAllowed, "\(number) has no assigned unit in the registry")
    }

    public static func noAssignment(_ number: CaseNumber) -> Refusal { Refusal(.notAllowed, "\(number) has no assignment sheet") }

    /// A transition the case's state does not allow.
    public static func wrongState(_ e: CaseState.InvalidTransition) -> Refusal { Refusal(.notAllowed, e.description) }
}

extension CaseState {
    /// The state after `t`, or the refusal a clerk reads.
    public func applying(_ t: Transition) throws(Refusal) -> CaseState {
        do { return try apply(t) } catch { throw .wrongState(error) }
    }
}
