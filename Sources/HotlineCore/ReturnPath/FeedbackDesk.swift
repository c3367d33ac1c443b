import Foundation

/// What clerks do with units' feedback (issue 5, item 5), each in one transaction with its event:
/// the center's review, extensions, confirming a paper reply's handwritten sign-off, and attaching
/// an item of the holding queue to its case.
public struct FeedbackDesk: Sendable {
    public let store: any CaseStore
    public let settings: FormSettings
    public let clock: any Clock

    /// Nonces make the random part of our Message-IDs; passed in, like the clock (issue 10, item 4).
    let nonce: @Sendable () -> String

    public init(store: any CaseStore, settings: FormSettings, clock: any Clock, nonce: @escaping @Sendable () -> String) {
        self.store = store
        self.settings = settings
        self.clock = clock
        self.nonce = nonce
    }

    public typealias Refused = FormDesk.Refused

    /// `hotline review CASE --accept`: the unit's answer is accepted.
    public func accept(_ number: CaseNumber, clerk: String) throws -> CaseState {
        try change(number, clerk: clerk, transition: .reviewAccept, type: "review-accepted", data: [:]) { _, _, _ in nil }
    }

    /// `hotline review CASE --return REASON`: the answer goes back to the unit with a return notice (退单).
    public func returnToUnit(_ number: CaseNumber, reason: String, clerk: String) throws -> CaseState {
        guard FormText.line(reason) != nil else { throw Refused("a return needs its reason (--return REASON)") }
        return try change(number, clerk: clerk, transition: .reviewReturn, type: "review-returned", data: ["reason": reason]) { tx, record, now in
            let (unit, parent) = try assignedUnit(record.number, tx: tx)
            let notice = ReturnNotice(settings: settings).compose(record: record, unit: unit, cc: parent.map { [$0] } ?? [], form: nil,
                                                                  reasons: [reason], inReplyTo: nil, nonce: nonce(), now: now)
            try tx.queueOutgoing(notice)
            return ["return_notice": notice.messageID]
        }
    }

    /// What a confirmed paper or ODT reply asks for.
    public enum PaperRequest: Sendable, Equatable {
        /// What the sheet says (an ODT's fields); a faxed page defaults to an answer.
        case asRead
        case answer
        case takeBack(reason: String)
        case extensionRequest(until: Date, reason: String)
    }

    /// `hotline confirm CASE`: a clerk has seen the handwritten sign-off of a paper (or ODT) reply,
    /// and the reply takes effect as what it asks for: an answer awaits review; a take-back (回单)
    /// returns the case to the center (flagged when late); an extension request becomes pending.
    public func confirm(_ number: CaseNumber, clerk: String, note: String?, as request: PaperRequest = .asRead) throws -> CaseState {
        guard FormText.line(clerk) != nil else { throw Refused("a clerk's name is required") }
        let now = clock.now()
        return try store.transaction { tx in
            guard var record = try tx.caseRecord(number) else { throw Refused("no case \(number)") }
            guard record.state == .awaitingConfirmation else {
                throw Refused("\(number) is \(record.state.rawValue): no paper reply waits for confirmation")
            }
            let events = try tx.events(of: number)
            let pending = events.last { $0.type == "feedback-to-confirm" }
            var data = pending?.data.filter { ["form", "sheet", "sheet_sha256", "medium", "page", "received"].contains($0.key) } ?? [:]
            if let note { data["note"] = note }
            let fmt = FormXMLWriter(timeZone: settings.intake.timeZone)
            var kind = pending?.data["request"].flatMap(FeedbackRequest.init(rawValue:)) ?? .answer
            switch request {
            case .asRead:
                if kind == .takeBack || kind == .extensionRequest {
                    data["reason"] = pending?.data["reason"] ?? ""
                    if let u = pending?.data["until"] { data["until"] = u }
                }
            case .answer:
                kind = .answer
            case .takeBack(let reason):
                kind = .takeBack
                data["reason"] = reason
            case .extensionRequest(let until, let reason):
                kind = .extensionRequest
                data["until"] = fmt.dateTime(until)
                data["reason"] = reason
            }
            if kind == .unknown { kind = .answer }
            data["request"] = kind.rawValue
            try tx.appendEvent(CaseEvent(at: now, actor: clerk, type: "feedback-confirmed", data: data), to: number)
            switch kind {
            case .takeBack:
                guard let assignment = try tx.forms(of: number).last(where: { $0.kind == .assignment }) else {
                    throw Refused("\(number) has no assignment sheet")
                }
                let received = data["received"].flatMap(ReturnPath.parseDateTime) ?? pending?.at ?? now
                try ReturnPath.takeBack(&record, data: &data, assignment: assignment, events: events, receivedAt: received, tx: tx)
                try tx.appendEvent(CaseEvent(at: now, actor: clerk, type: "feedback-take-back", data: data), to: number)
            case .extensionRequest:
                guard data["until"].flatMap(ReturnPath.parseDateTime) != nil else {
                    throw Refused("an extension request needs its date: hotline confirm \(number) --extension-until DATE --reason R")
                }
                try ReturnPath.move(&record, .confirmExtension, tx: tx)
                try tx.appendEvent(CaseEvent(at: now, actor: clerk, type: "feedback-extension-requested", data: data), to: number)
            case .answer, .unknown:
                try ReturnPath.move(&record, .confirm, tx: tx)
            }
            return record.state
        }
    }

    /// `hotline extension CASE --grant DATE | --deny`: decides the unit's pending extension request;
    /// a granted extension tells the petitioner the new limit and the reason (RULES.md §6).
    public func decideExtension(_ number: CaseNumber, grantUntil: Date?, reason: String?, clerk: String) throws -> String {
        guard FormText.line(clerk) != nil else { throw Refused("a clerk's name is required") }
        let now = clock.now()
        return try store.transaction { tx in
            guard let record = try tx.caseRecord(number) else { throw Refused("no case \(number)") }
            guard record.state == .assigned else {
                throw Refused("\(number) is \(record.state.rawValue): only a case with its unit can be given more time")
            }
            let events = try tx.events(of: number)
            let forms = try tx.forms(of: number)
            guard let assignment = forms.last(where: { $0.kind == .assignment }) else { throw Refused("\(number) has no assignment sheet") }
            // Only a request under the current assignment, not yet decided, that came before the limit
            // then in force ran out (RULES.md §6: the unit applies before the limit expires).
            guard let at = events.lastIndex(where: { $0.type == "feedback-extension-requested" && $0.at >= assignment.issuedAt }),
                  !events[(at + 1)...].contains(where: { $0.type == "extension-granted" || $0.type == "extension-denied" }) else {
                throw Refused("\(number) has no pending extension request")
            }
            let request = events[at]
            let requested = request.data["received"].flatMap(ReturnPath.parseDateTime) ?? request.at
            if let limit = FeedbackDesk.currentDeadline(assignment: assignment, forms: forms, events: Array(events[..<at])), requested > limit {
                throw Refused("the extension request came after the limit had run out (\(settings.intake.chineseDateTime(limit))); "
                              + "RULES §6: it must be made before — supervise the unit instead")
            }
            let why = reason ?? request.data["reason"] ?? ""
            var data = ["request_form": request.data["form"] ?? "", "reason": why]
            if let until = grantUntil {
                guard until > now else { throw Refused("the new limit must be in the future") }
                do {
                    let current = FeedbackDesk.currentDeadline(assignment: assignment, forms: forms, events: events)
                    if let current, until <= current {
                        throw Refused("the new limit must be later than the current one (\(settings.intake.chineseDateTime(current)))")
                    }
                    // RULES.md §6 bounds some extensions ("may extend to"): emergencies to 2 days.
                    let limit = settings.deadlines.limit(kind: record.kind.value, handlingClass: record.handlingClass.value)
                    if let most = limit.mayExtendToDays {
                        let sent = try ReturnPath.sentAt(assignment, events: events, tx: tx)
                        let cap = sent.addingTimeInterval(TimeInterval(most) * 86_400)
                        guard until <= cap else {
                            throw Refused("\(limit.rule): the limit cannot go past \(settings.intake.chineseDateTime(cap))")
                        }
                    }
                }
                data["until"] = FormXMLWriter(timeZone: settings.intake.timeZone).dateTime(until)
                if let letter = ExtensionLetter(settings: settings).compose(record: record, until: until, reason: why.isEmpty ? "办理需要" : why,
                                                                           nonce: nonce(), now: now) {
                    try tx.queueOutgoing(letter)
                    data["petitioner_notice"] = letter.messageID
                }
                try tx.appendEvent(CaseEvent(at: now, actor: clerk, type: "extension-granted", data: data), to: number)
                return "extension granted until \(settings.intake.chineseDateTime(until))"
                    + (data["petitioner_notice"] == nil ? "; the petitioner has no mail address: tell them by phone" : "; the petitioner is told")
            }
            try tx.appendEvent(CaseEvent(at: now, actor: clerk, type: "extension-denied", data: data), to: number)
            return "extension denied; the original limit stands"
        }
    }

    // MARK: -

    private func change(_ number: CaseNumber, clerk: String, transition: CaseState.Transition, type: String, data: [String: String],
                        _ extra: (any CaseStoreSession, CaseRecord, Date) throws -> [String: String]?) throws -> CaseState {
        guard FormText.line(clerk) != nil else { throw Refused("a clerk's name is required") }
        let now = clock.now()
        return try store.transaction { tx in
            guard var record = try tx.caseRecord(number) else { throw Refused("no case \(number)") }
            do { record.state = try record.state.apply(transition) } catch let e as CaseState.InvalidTransition {
                throw Refused(e.description)
            }
            var d = data
            d.merge(try extra(tx, record, now) ?? [:]) { _, new in new }
            d["state"] = record.state.rawValue
            try tx.updateCase(record)
            try tx.appendEvent(CaseEvent(at: now, actor: clerk, type: type, data: d), to: number)
            return record.state
        }
    }

    /// The unit's current deadline: the latest of the assignment's, a supervision sheet's (which sets a
    /// fresh one once the old has passed), and an extension granted since.
    public static func currentDeadline(assignment: IssuedForm, forms: [IssuedForm], events: [CaseEvent]) -> Date? {
        let granted = events.filter { $0.type == "extension-granted" && $0.at >= assignment.issuedAt }
            .compactMap { $0.data["until"].flatMap(ReturnPath.parseDateTime) }
        let supervised = forms.filter { $0.kind == .supervision && $0.refersTo == assignment.number }.compactMap(\.deadline)
        return ([assignment.deadline].compactMap { $0 } + supervised + granted).max()
    }

    private func assignedUnit(_ number: CaseNumber, tx: any CaseStoreSession) throws -> (GovernmentUnit, GovernmentUnit?) {
        guard let code = try tx.forms(of: number).last(where: { $0.kind == .assignment })?.unitCode,
              let unit = settings.units.unit(code) else { throw Refused("\(number) has no assigned unit in the registry") }
        return (unit, settings.units.parent(of: unit))
    }

}
