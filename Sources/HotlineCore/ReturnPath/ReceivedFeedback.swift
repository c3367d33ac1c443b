import Foundation

/// A feedback sheet found in a unit's reply, as read by the documents layer — before any rule of
/// the norms is applied. Defects are data: a sheet that could not be read still arrives, with why.
public struct ReceivedFeedback: Sendable, Equatable {
    /// How the unit answered (issue 5: three ways).
    public enum Medium: String, Sendable, Codable {
        /// The signed XML feedback sheet.
        case xml
        /// The filled ODT: no cryptographic signature; its sign-off is confirmed by a clerk.
        case odt
        /// The same sheet saved as `.docx` (Word, WPS, LibreOffice): no signature either.
        case docx
        /// A printed sheet signed by hand and faxed back, found by its QR code.
        case paper
    }

    /// The outcome of the cryptographic check against the pinned keys of the registered leaders.
    /// A registered leader whose pinned key made a signature.
    public struct Signer: Sendable, Equatable, Hashable {
        public var unit: String
        public var role: LeaderRole
        public init(unit: String, role: LeaderRole) {
            self.unit = unit
            self.role = role
        }
    }

    public enum Signature: Sendable, Equatable {
        /// Signed by a key registered in the units registry, for every leader it is registered for
        /// (one person may hold both roles, or a key be shared).
        case valid(signers: [Signer])
        /// Signed, but not acceptably; every reason.
        case invalid([String])
        /// The medium carries no cryptographic signature (ODT, paper).
        case none

        /// Signed by one leader's key.
        public static func signed(by unit: String, as role: LeaderRole) -> Signature { .valid(signers: [Signer(unit: unit, role: role)]) }
    }

    public enum LeaderRole: String, Sendable, Codable, Hashable {
        case leaderInCharge = "leader-in-charge"
        case principalLeader = "principal-leader"
    }

    public var medium: Medium
    /// The attachment it came from (stored name), for the case history.
    public var attachment: String
    /// SHA-256 of the attachment's bytes: the same signed sheet received twice is recorded once.
    public var sha256: String
    /// What the unit filled in, as read; nil when it could not be read (see `problems`) or for paper.
    public var answer: FeedbackSheet.Answer?
    /// What the sheet (or its QR code) says it is: case and form numbers.
    public var caseNumber: CaseNumber?
    public var formNumber: FormNumber?
    public var signature: Signature
    /// Why the sheet could not be read, or what in it could not be read.
    public var problems: [String]
    /// The page of a faxed document the sheet's QR code is on.
    public var page: Int?
    /// The case and form numbers come from a QR code whose HMAC tag checked (a faxed page, or the
    /// picture inside an ODT): they cannot have been made up.
    public var tagged: Bool

    public init(medium: Medium, attachment: String, sha256: String, answer: FeedbackSheet.Answer?, caseNumber: CaseNumber?,
                formNumber: FormNumber?, signature: Signature, problems: [String] = [], page: Int? = nil, tagged: Bool = false) {
        self.page = page
        self.tagged = tagged
        self.medium = medium
        self.attachment = attachment
        self.sha256 = sha256
        self.answer = answer
        self.caseNumber = caseNumber
        self.formNumber = formNumber
        self.signature = signature
        self.problems = problems
    }
}

/// What a feedback sheet asks of the center: a final answer, a take-back (回单, RULES.md §8.7) or
/// more time (§6). Recorded on the case events by its raw value.
public enum FeedbackRequest: String, Sendable, Codable {
    case answer
    case takeBack = "take-back"
    case extensionRequest = "extension"
    /// A faxed page: its handwriting is not read; the clerk says what it asks at `hotline confirm`.
    case unknown
}

/// Reads the feedback sheets among a reply's attachments: XML (signature checked against the
/// pinned keys of every registered leader), ODT (fields), fax pages (QR codes). Implemented in
/// `HotlineDocuments`; runs before the store transaction, so it must not touch the store.
public protocol FeedbackReading: Sendable {
    /// The sheets, and the scans that could not be read (never dropped: intake records them).
    func readout(in attachments: [(stored: StoredAttachment, bytes: [UInt8])], role: MailboxRole) -> FeedbackReadout
}

extension FeedbackReading {
    /// The sheets alone (benchmarks, tests of the reader).
    public func feedback(in attachments: [(stored: StoredAttachment, bytes: [UInt8])], role: MailboxRole) -> [ReceivedFeedback] {
        readout(in: attachments, role: role).sheets
    }
}
