import Foundation

/// One entry of a case's append-only history: who did what, when (issue 10, item 1).
///
/// What happened is a typed value (`CaseEvent.Body`): dates are dates, case and form numbers their
/// types, states and requests their enums. The store keeps the body as versioned JSON
/// (`Body.storedData`, `EventFields.storedJSON`); `fields` renders it as the flat `key=value` list that
/// `hotline case show` prints and `--json` emits (`docs/case-json.md`).
public struct CaseEvent: Sendable, Equatable {
    public var at: Date
    /// `hotline` for automatic steps, else the clerk's name.
    public var actor: String
    public var body: Body

    public init(at: Date, actor: String, _ body: Body) {
        self.at = at
        self.actor = actor
        self.body = body
    }

    public static let system = "hotline"

    /// The event's name in the store and on screen (`registered`, `feedback-accepted`).
    public var type: String { body.type }

    /// What happened. One case per kind of event; the payloads are in `CaseEvent+Payloads.swift`.
    public enum Body: Sendable, Equatable {
        /// Intake opened the case.
        case registered(Registration)
        /// The mail that opened the case had defects (bad encodings, broken structure).
        case mailDefects(MailDefects)
        /// An acknowledgement, or a guidance letter for a matter out of scope, was queued to the petitioner.
        case noticeQueued(QueuedNotice)
        /// No acknowledgement could be sent.
        case noAcknowledgement(reason: String)
        /// The petitioner wrote again on the case.
        case replyReceived(ReceivedMail)
        /// A scan on a message of the case could not be read.
        case scanNotRead(UnreadScan)
        /// A clerk corrected an automatic intake decision.
        case override(Override)
        /// A form (approval, assignment, supervision) was issued and mailed.
        case formIssued(FormIssue)
        /// A clerk put an item of the holding queue on the case.
        case holdingAttached(HoldingAttachment)
        /// A unit's reply and what the return path made of it (`UnitReply.Outcome`).
        case unitReply(UnitReply)
        /// The unit's signed sheet set aside a paper reply that waited for confirmation.
        case paperSuperseded(form: FormNumber?)
        /// A clerk confirmed a paper (or ODT) reply's handwritten sign-off.
        case feedbackConfirmed(ConfirmedFeedback)
        /// The center decided a unit's extension request.
        case extensionDecided(ExtensionDecision)
        /// The center's review of the unit's answer.
        case reviewed(Review)
        /// The petitioner was told the result of the unit's answer (答复), or is to be told by phone.
        case replySent(PetitionerReply)
        /// Intake staff answered the matter themselves (直接办理).
        case answered(DirectAnswer)
        /// A clerk held the case's clocks (`hotline clock hold`), with the reason.
        case clockHeld(reason: String)
        /// A clerk released them; the held time is given back.
        case clockReleased(reason: String?)
        /// A stage's clock started, moved, stopped, was met… (derived from the events before it).
        case clockChanged(ClockChange)
        /// A reminder or an alert the clock sent (once per case, stage and round).
        case clockAction(ClockAction)
        /// An event this version does not know (a newer program wrote it, or an older one wrote it
        /// in a shape we cannot read): kept verbatim, shown, never dropped.
        case unrecognized(type: String, data: String)

        public var type: String {
            switch self {
            case .registered: "registered"
            case .mailDefects: "mail-defects"
            case .noticeQueued(let n): "\(n.purpose.rawValue)-queued"
            case .noAcknowledgement: "no-acknowledgement"
            case .replyReceived: "reply-received"
            case .scanNotRead: "scan-not-read"
            case .override: "override"
            case .formIssued: "form-issued"
            case .holdingAttached: "holding-attached"
            case .unitReply(let r): r.outcome.type
            case .paperSuperseded: "paper-superseded"
            case .feedbackConfirmed: "feedback-confirmed"
            case .extensionDecided(let d): d.until == nil ? "extension-denied" : "extension-granted"
            case .reviewed(let r): r.returnNotice == nil ? "review-accepted" : "review-returned"
            case .answered: "answer-sent"
            case .replySent: "reply-sent"
            case .clockHeld: "clock-hold"
            case .clockReleased: "clock-release"
            case .clockChanged(let c): "clock-\(c.kind.rawValue)"
            case .clockAction(let a): a.kind == .waived ? "action-waived" : "\(a.kind.rawValue)-queued"
            case .unrecognized(let type, _): type
            }
        }
    }
}

extension CaseEvent {
    /// The unit's reply, when this event records one.
    public var unitReply: UnitReply? {
        if case .unitReply(let r) = body { return r }
        return nil
    }

    /// The form issue, when this event records one.
    public var formIssue: FormIssue? {
        if case .formIssued(let f) = body { return f }
        return nil
    }

    /// The holding-queue item (`source:key`) a clerk attached with this event.
    public var holdingSource: String? { body.holdingSource }
}

extension CaseEvent.Body {
    /// The holding-queue item (`source:key`) a clerk attached; the store keeps it in its own column.
    public var holdingSource: String? {
        if case .holdingAttached(let h) = self { return h.source }
        return nil
    }

    /// The store's `data` column: version 2 JSON (`EventFields.storedJSON`), dates in UTC; an
    /// unrecognized event's data exactly as it was read.
    public var storedData: String {
        if case .unrecognized(_, let data) = self { return data }
        return fields(timeZone: .gmt).storedJSON
    }

    /// The body of a stored event: version 1 (before issue 10) or 2. Data this version cannot read
    /// — a newer version, a field that does not read as its type — is kept verbatim as
    /// `unrecognized`, so it is shown and written back unchanged, never dropped.
    public static func stored(type: String, data: String) -> Self {
        guard let (fields, version) = EventFields.stored(data), version <= 2,
              let body = try? Self(type: type, fields: fields, verbatim: data) else {
            return .unrecognized(type: type, data: data)
        }
        return body
    }
}
