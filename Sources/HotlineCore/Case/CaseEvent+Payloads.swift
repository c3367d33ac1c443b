import Foundation

// The payloads of `CaseEvent.Body`, one per kind of event. Each reads itself from and writes
// itself to `EventFields` under the keys the history has always used (`docs/case-json.md`).

extension CaseEvent {
    /// `registered`: intake's decisions about a new case, each with its rule.
    public struct Registration: Sendable, Equatable {
        /// The message that opened it (`source:key`).
        public var source: String
        public var channel: Channel
        public var kind: Decided<MatterKind>
        public var handlingClass: Decided<HandlingClass>
        public var keyMatter: Decided<Bool>
        public var scope: Decided<ScopeDecision>
        public var state: CaseState
        /// Earlier cases the mail cites that are not the petitioner's own (a related matter).
        public var citesCases: [CaseNumber]

        public init(source: String, channel: Channel, kind: Decided<MatterKind>, handlingClass: Decided<HandlingClass>,
                    keyMatter: Decided<Bool>, scope: Decided<ScopeDecision>, state: CaseState, citesCases: [CaseNumber]) {
            self.source = source
            self.channel = channel
            self.kind = kind
            self.handlingClass = handlingClass
            self.keyMatter = keyMatter
            self.scope = scope
            self.state = state
            self.citesCases = citesCases
        }
    }

    /// `mail-defects`: how many defects the parser noted, and their kinds.
    public struct MailDefects: Sendable, Equatable {
        public var count: Int
        public var kinds: [String]

        public init(count: Int, kinds: [String]) {
            self.count = count
            self.kinds = kinds
        }
    }

    /// `acknowledgement-queued`, `guidance-queued`: a letter to the petitioner went into the spool.
    public struct QueuedNotice: Sendable, Equatable {
        public enum Purpose: String, Sendable {
            case acknowledgement
            case guidance
        }
        public var purpose: Purpose
        public var messageID: String
        public var to: [String]

        public init(purpose: Purpose, messageID: String, to: [String]) {
            self.purpose = purpose
            self.messageID = messageID
            self.to = to
        }
    }

    /// A mail on the case (`reply-received`; a unit's reply carries one too).
    public struct ReceivedMail: Sendable, Equatable {
        /// How it was placed on the case.
        public var matchedBy: String
        /// The sender's address (empty when it had none).
        public var from: String
        public var subject: String
        public var rawSHA256: String
        public var text: String
        public var messageID: String?
        /// Stored names of its attachments.
        public var attachments: [String]

        public init(matchedBy: String, from: String, subject: String, rawSHA256: String, text: String, messageID: String?,
                    attachments: [String]) {
            self.matchedBy = matchedBy
            self.from = from
            self.subject = subject
            self.rawSHA256 = rawSHA256
            self.text = text
            self.messageID = messageID
            self.attachments = attachments
        }
    }

    /// `override`: a clerk's correction of an automatic decision, from what to what.
    public struct Override: Sendable, Equatable {
        public enum Field: String, Sendable {
            case kind
            case handlingClass = "class"
            case keyMatter = "key_matter"
            case scope
        }
        public var field: Field
        public var from: String
        public var to: String
        public var reason: String?
        /// The state the change moved the case to, when it moved it.
        public var state: CaseState?

        public init(field: Field, from: String, to: String, reason: String?, state: CaseState?) {
            self.field = field
            self.from = from
            self.to = to
            self.reason = reason
            self.state = state
        }
    }

    /// `form-issued`: the forms one command issued, the mail that carries them, and what they say.
    public struct FormIssue: Sendable, Equatable {
        /// The main form (the approval, assignment or supervision sheet).
        public var form: FormNumber
        public var kind: FormKind
        /// Every form of the mail, the main one first (with the blank feedback sheet).
        public var forms: [FormNumber]
        /// The Message-ID of the mail.
        public var mail: String
        /// The SHA-256 of the main form's XML.
        public var sha256: String
        /// Forms 1–3 make the matter a heavy item (重件, RULES.md §4).
        public var heavyItem: Bool
        /// The dispatch batch the mail waits for; nil: it went at once.
        public var sendAfter: Date?
        public var detail: Detail

        public enum Detail: Sendable, Equatable {
            /// The lead unit, the assisting units, the unit's limit and the rule that set it.
            case assignment(unit: String, assist: [String], deadline: Date, deadlineRule: String?)
            /// The leader it went up to, and the proposed lead unit, if any.
            case approval(leader: String, proposedUnit: String?)
            /// The unit pressed, the round, the reason, and the assignment it supervises.
            case supervision(unit: String, round: Int, reason: String, supervises: FormNumber)
        }

        public init(form: FormNumber, kind: FormKind, forms: [FormNumber], mail: String, sha256: String, heavyItem: Bool,
                    sendAfter: Date?, detail: Detail) {
            self.form = form
            self.kind = kind
            self.forms = forms
            self.mail = mail
            self.sha256 = sha256
            self.heavyItem = heavyItem
            self.sendAfter = sendAfter
            self.detail = detail
        }
    }

    /// `holding-attached`: a clerk put an item of the holding queue on the case.
    public struct HoldingAttachment: Sendable, Equatable {
        /// The item (`source:key`).
        public var source: String
        /// What the return path made of it.
        public var outcome: String

        public init(source: String, outcome: String) {
            self.source = source
            self.outcome = outcome
        }
    }

    /// The feedback sheet a reply carried: which attachment, how it came, which form it answers.
    public struct SheetRef: Sendable, Equatable {
        public var sha256: String
        /// The attachment's stored name.
        public var attachment: String
        public var medium: ReceivedFeedback.Medium
        public var form: FormNumber?
        /// The fax page its code was on.
        public var page: Int?

        public init(sha256: String, attachment: String, medium: ReceivedFeedback.Medium, form: FormNumber?, page: Int?) {
            self.sha256 = sha256
            self.attachment = attachment
            self.medium = medium
            self.form = form
            self.page = page
        }
    }

    /// What a unit's sheet asks for, as recorded.
    public struct UnitRequest: Sendable, Equatable {
        public var kind: FeedbackRequest
        /// A take-back's or an extension's reason.
        public var reason: String?
        /// The date an extension asks for.
        public var until: Date?

        public init(kind: FeedbackRequest, reason: String? = nil, until: Date? = nil) {
            self.kind = kind
            self.reason = reason
            self.until = until
        }
    }

    /// A unit's reply on the case and what the return path (or a clerk's confirmation) made of it.
    public struct UnitReply: Sendable, Equatable {
        /// The mail; nil when a clerk's confirmation carries a paper reply on.
        public var mail: ReceivedMail?
        /// When the reply reached the center.
        public var received: Date?
        public var sheet: SheetRef?
        /// Other sheets the mail carried, named for a clerk (never dropped silently).
        public var otherSheets: String?
        public var note: String?
        public var outcome: Outcome

        public enum Outcome: Sendable, Equatable {
            /// A reply without a feedback sheet.
            case received
            /// A sheet for a case never assigned.
            case unassigned
            /// A sheet of an earlier assignment.
            case superseded
            /// A sheet placed by headers alone and not signed by the unit.
            case unverified
            /// A sheet while the case was not with the unit.
            case outOfTurn(state: CaseState)
            /// Sent back to the unit (退单) for the checks it failed.
            case returned(checks: [SignOffRules.Check], reasons: [String], returnNotice: String)
            /// A paper or ODT reply whose sign-off a clerk confirms.
            case toConfirm(UnitRequest)
            /// The unit asks the center to take the matter back (回单); late after a day.
            case takeBack(reason: String, late: Bool)
            /// The unit asks for more time.
            case extensionRequested(until: Date?, reason: String)
            /// The answer passed the checks; it awaits the center's review.
            case accepted(result: String)

            var type: String {
                switch self {
                case .received: "unit-reply-received"
                case .unassigned: "feedback-unassigned"
                case .superseded: "feedback-superseded"
                case .unverified: "feedback-unverified"
                case .outOfTurn: "feedback-out-of-turn"
                case .returned: "feedback-returned"
                case .toConfirm: "feedback-to-confirm"
                case .takeBack: "feedback-take-back"
                case .extensionRequested: "feedback-extension-requested"
                case .accepted: "feedback-accepted"
                }
            }

            /// The outcomes that a sheet received again must not repeat (a returned sheet may come back).
            public var settlesTheSheet: Bool {
                switch self {
                case .accepted, .toConfirm, .takeBack, .extensionRequested: true
                default: false
                }
            }
        }

        public init(mail: ReceivedMail?, received: Date?, sheet: SheetRef?, otherSheets: String? = nil, note: String? = nil,
                    outcome: Outcome) {
            self.mail = mail
            self.received = received
            self.sheet = sheet
            self.otherSheets = otherSheets
            self.note = note
            self.outcome = outcome
        }
    }

    /// `feedback-confirmed`: a clerk saw a paper reply's sign-off, and what the reply asks.
    public struct ConfirmedFeedback: Sendable, Equatable {
        public var sheet: SheetRef?
        public var received: Date?
        public var note: String?
        public var request: UnitRequest

        public init(sheet: SheetRef?, received: Date?, note: String?, request: UnitRequest) {
            self.sheet = sheet
            self.received = received
            self.note = note
            self.request = request
        }
    }

    /// `extension-granted`, `extension-denied`: the center's decision on a unit's request for time.
    public struct ExtensionDecision: Sendable, Equatable {
        /// The sheet that asked.
        public var requestForm: FormNumber?
        public var reason: String
        public var decision: Decision

        public enum Decision: Sendable, Equatable {
            /// The new limit, and the letter that tells the petitioner (nil: no mail address).
            case granted(until: Date, petitionerNotice: String?)
            case denied
        }

        public init(requestForm: FormNumber?, reason: String, decision: Decision) {
            self.requestForm = requestForm
            self.reason = reason
            self.decision = decision
        }

        /// The new limit, when granted.
        public var until: Date? {
            if case .granted(let until, _) = decision { return until }
            return nil
        }
    }

    /// `review-accepted`, `review-returned`: the center's review of the unit's answer.
    public struct Review: Sendable, Equatable {
        public enum Decision: Sendable, Equatable {
            case accepted
            /// Back to the unit (退单) with the reason and the return notice.
            case returned(reason: String, returnNotice: String)
        }
        public var decision: Decision
        public var state: CaseState

        public init(decision: Decision, state: CaseState) {
            self.decision = decision
            self.state = state
        }

        public var returnNotice: String? {
            if case .returned(_, let notice) = decision { return notice }
            return nil
        }
    }

    /// `answer-sent`: the center's own answer (直接办理), the mail that carries it, the standard answer used.
    public struct DirectAnswer: Sendable, Equatable {
        public var messageID: String
        public var to: [String]
        public var text: String
        public var standardAnswer: String?

        public init(messageID: String, to: [String], text: String, standardAnswer: String?) {
            self.messageID = messageID
            self.to = to
            self.text = text
            self.standardAnswer = standardAnswer
        }
    }

    /// `reply-sent`: the result told to the petitioner after the review (答复): the mail, or why by phone.
    public struct PetitionerReply: Sendable, Equatable {
        public var messageID: String?
        public var to: [String]
        /// The unit that handled it.
        public var unit: String?
        /// Why the petitioner is to be told by phone instead (no address, a paper answer).
        public var byPhone: String?

        public init(messageID: String?, to: [String], unit: String?, byPhone: String?) {
            self.messageID = messageID
            self.to = to
            self.unit = unit
            self.byPhone = byPhone
        }
    }
}
