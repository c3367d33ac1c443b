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

    /// `hotline review CASE --accept`: the unit's answer is accepted.
    /// The petitioner is then told the result (答复, issue 12 item 4): the unit's answer, the unit and
    /// its contact, and the call-back question (满意 / 基本满意 / 不满意, by replying) — or, with no
    /// mail address or an answer given on paper, the case says to tell them by phone.
    public func accept(_ number: CaseNumber, clerk: String) throws -> CaseState {
        try review(number, clerk: clerk, transition: .reviewAccept, after: { tx, record, now in
            // The answer under review: the last that came in, if it is a signed answer read as text — not
            // an earlier one a return, a take-back, a new assignment or a paper reply has replaced.
            let events = try tx.events(of: number)
            let latest = events.last { e in
                switch e.body {
                case .unitReply(let r):
                    switch r.outcome {
                    case .accepted, .takeBack, .toConfirm: return true
                    default: return false
                    }
                case .reviewed(let r): return r.returnNotice != nil
                case .formIssued(let f): return f.kind == .assignment
                case .feedbackConfirmed: return true
                default: return false
                }
            }
            let result: String? = {
                if case .accepted(let r)? = latest?.unitReply?.outcome, FormText.line(r) != nil { return r }
                return nil
            }()
            let unit = try? assignedUnit(number, tx: tx).0
            var reply = CaseEvent.PetitionerReply(messageID: nil, to: [], unit: unit?.code, byPhone: nil)
            if let result, let unit, let to = record.petitioner.email, to.contains("@") {
                let mail = PetitionerReplyLetter(settings: settings).compose(record: record, to: to, result: result, unit: unit,
                                                                              nonce: nonce(), now: now)
                try tx.queueOutgoing(mail)
                reply.messageID = mail.messageID
                reply.to = [to]
            } else {
                reply.byPhone = result == nil ? "the unit's answer was not read as text (a paper reply): tell the petitioner by phone"
                    : "the petitioner gave no mail address: tell them by phone"
            }
            try tx.appendEvent(CaseEvent(at: now, actor: clerk, .replySent(reply)), to: number)
        }) { _, _, _ in .accepted }
    }

    /// `hotline review CASE --return REASON`: the answer goes back to the unit with a return notice (退单).
    public func returnToUnit(_ number: CaseNumber, reason: String, clerk: String) throws -> CaseState {
        guard FormText.line(reason) != nil else { throw Refusal(.usage, "a return needs its reason (--return REASON)") }
        return try review(number, clerk: clerk, transition: .reviewReturn) { tx, record, now in
            let (unit, parent) = try assignedUnit(record.number, tx: tx)
            let notice = ReturnNotice(settings: settings).compose(record: record, unit: unit, cc: parent.map { [$0] } ?? [], form: nil,
                                                                  reasons: [reason], inReplyTo: nil, nonce: nonce(), now: now)
            try tx.queueOutgoing(notice)
            return .returned(reason: reason, returnNotice: notice.messageID)
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
    public func confirm(_ number: CaseNumber, clerk: String, note: String?, as asked: PaperRequest = .asRead) throws -> CaseState {
        guard FormText.line(clerk) != nil else { throw Refusal.clerkRequired }
        let now = clock.now()
        return try store.transaction { tx in
            guard var record = try tx.caseRecord(number) else { throw Refusal.noCase(number) }
            guard record.state == .awaitingConfirmation else {
                throw Refusal(.notAllowed, "\(number) is \(record.state.rawValue): no paper reply waits for confirmation")
            }
            let events = try tx.events(of: number)
            let pendingEvent = events.last { if case .toConfirm = $0.unitReply?.outcome { true } else { false } }
            let pending = pendingEvent?.unitReply
            var read = CaseEvent.UnitRequest(kind: .answer)
            if case .toConfirm(let r) = pending?.outcome { read = r }
            let request: CaseEvent.UnitRequest
            switch asked {
            case .asRead: request = read.kind == .unknown ? .init(kind: .answer) : read
            case .answer: request = .init(kind: .answer)
            case .takeBack(let reason): request = .init(kind: .takeBack, reason: reason)
            case .extensionRequest(let until, let reason): request = .init(kind: .extensionRequest, reason: reason, until: until)
            }
            if request.kind == .extensionRequest, request.until == nil {
                throw Refusal(.usage, "an extension request needs its date: hotline confirm \(number) --extension-until DATE --reason R")
            }
            let received = pending?.received
            try tx.appendEvent(CaseEvent(at: now, actor: clerk, .feedbackConfirmed(.init(
                sheet: pending?.sheet, received: received, note: note, request: request))), to: number)
            let carried = { (outcome: CaseEvent.UnitReply.Outcome) in
                CaseEvent.UnitReply(mail: nil, received: received, sheet: pending?.sheet, note: note, outcome: outcome)
            }
            switch request.kind {
            case .takeBack:
                guard let assignment = try tx.forms(of: number).last(where: { $0.kind == .assignment }) else {
                    throw Refusal.noAssignment(number)
                }
                let due = settings.deadlines.takeBackDue(sent: try ReturnPath.sentAt(assignment, events: events, tx: tx))
                let late = due.map { (received ?? pendingEvent?.at ?? now) > $0 } ?? false
                record.state = try record.state.applying(.takeBack)
                try tx.appendEvent(CaseEvent(at: now, actor: clerk, .unitReply(carried(.takeBack(reason: request.reason ?? "", late: late)))),
                                   to: number)
            case .extensionRequest:
                record.state = try record.state.applying(.confirmExtension)
                try tx.appendEvent(CaseEvent(at: now, actor: clerk, .unitReply(carried(
                    .extensionRequested(until: request.until, reason: request.reason ?? "")))), to: number)
            case .answer, .unknown:
                record.state = try record.state.applying(.confirm)
            }
            try tx.updateCase(record)
            return record.state
        }
    }

    /// `hotline extension CASE --grant DATE | --deny`: decides the unit's pending extension request;
    /// a granted extension tells the petitioner the new limit and the reason (RULES.md §6).
    public func decideExtension(_ number: CaseNumber, grantUntil: Date?, reason: String?, clerk: String) throws -> String {
        guard FormText.line(clerk) != nil else { throw Refusal.clerkRequired }
        let now = clock.now()
        return try store.transaction { tx in
            guard let record = try tx.caseRecord(number) else { throw Refusal.noCase(number) }
            guard record.state == .assigned else {
                throw Refusal(.notAllowed, "\(number) is \(record.state.rawValue): only a case with its unit can be given more time")
            }
            let events = try tx.events(of: number)
            let forms = try tx.forms(of: number)
            guard let assignment = forms.last(where: { $0.kind == .assignment }) else { throw Refusal.noAssignment(number) }
            // Only a request under the current assignment, not yet decided, that came before the limit
            // then in force ran out (RULES.md §6: the unit applies before the limit expires).
            guard let at = events.lastIndex(where: { e in
                      if case .extensionRequested = e.unitReply?.outcome { e.at >= assignment.issuedAt } else { false } }),
                  !events[(at + 1)...].contains(where: { if case .extensionDecided = $0.body { true } else { false } }),
                  let request = events[at].unitReply, case .extensionRequested(_, let asked) = request.outcome else {
                throw Refusal(.notAllowed, "\(number) has no pending extension request")
            }
            let requested = request.received ?? events[at].at
            if let limit = FeedbackDesk.unitDue(record, events: Array(events[..<at]), assignment: assignment, forms: forms, settings: settings),
               requested > limit {
                throw Refusal(.notAllowed, "the extension request came after the limit had run out (\(settings.intake.chineseDateTime(limit))); "
                              + "RULES §6: it must be made before — supervise the unit instead")
            }
            let why = reason ?? asked
            guard let until = grantUntil else {
                try tx.appendEvent(CaseEvent(at: now, actor: clerk, .extensionDecided(.init(
                    requestForm: request.sheet?.form, reason: why, decision: .denied))), to: number)
                return "extension denied; the original limit stands"
            }
            guard until > now else { throw Refusal(.usage, "the new limit must be in the future") }
            if let current = FeedbackDesk.unitDue(record, events: events, assignment: assignment, forms: forms, settings: settings),
               until <= current {
                throw Refusal(.notAllowed, "the new limit must be later than the current one (\(settings.intake.chineseDateTime(current)))")
            }
            // RULES.md §6 bounds some extensions ("may extend to"): emergencies to 2 days.
            let limit = settings.deadlines.limit(kind: record.kind.value, handlingClass: record.handlingClass.value)
            let sent = try ReturnPath.sentAt(assignment, events: events, tx: tx)
            if let cap = settings.deadlines.extensionCap(kind: record.kind.value, handlingClass: record.handlingClass.value, from: sent) {
                guard until <= cap else {
                    throw Refusal(.notAllowed, "\(limit.rule): the limit cannot go past \(settings.intake.chineseDateTime(cap))")
                }
            }
            let letter = ExtensionLetter(settings: settings).compose(record: record, until: until, reason: why.isEmpty ? "办理需要" : why,
                                                                      nonce: nonce(), now: now)
            if let letter { try tx.queueOutgoing(letter) }
            try tx.appendEvent(CaseEvent(at: now, actor: clerk, .extensionDecided(.init(
                requestForm: request.sheet?.form, reason: why, decision: .granted(until: until, petitionerNotice: letter?.messageID)))),
                to: number)
            return "extension granted until \(settings.intake.chineseDateTime(until))"
                + (letter == nil ? "; the petitioner has no mail address: tell them by phone" : "; the petitioner is told")
        }
    }

    // MARK: -

    private func review(_ number: CaseNumber, clerk: String, transition: CaseState.Transition,
                        after: ((any CaseStoreSession, CaseRecord, Date) throws -> Void)? = nil,
                        _ decide: (any CaseStoreSession, CaseRecord, Date) throws -> CaseEvent.Review.Decision) throws -> CaseState {
        guard FormText.line(clerk) != nil else { throw Refusal.clerkRequired }
        let now = clock.now()
        return try store.transaction { tx in
            guard var record = try tx.caseRecord(number) else { throw Refusal.noCase(number) }
            record.state = try record.state.applying(transition)
            let decision = try decide(tx, record, now)
            try tx.updateCase(record)
            try tx.appendEvent(CaseEvent(at: now, actor: clerk, .reviewed(.init(decision: decision, state: record.state))), to: number)
            try after?(tx, record, now)
            return record.state
        }
    }

    /// The unit's limit as its clock has it after `events` (issue 11: stops, holds, extensions and
    /// supervision rounds counted); the forms' dates for a case whose history has no unit clock.
    public static func unitDue(_ record: CaseRecord, events: [CaseEvent], assignment: IssuedForm, forms: [IssuedForm],
                               settings: FormSettings) -> Date? {
        let clocks = CaseClocks.computed(receivedAt: record.receivedAt, events: events, rules: ClockRules(deadlines: settings.deadlines))
        if let u = clocks.unit, u.isOpen { return u.due }
        return currentDeadline(assignment: assignment, forms: forms, events: events)
    }

    /// The unit's current deadline from the forms: the latest of the assignment's, a supervision sheet's (which sets a
    /// fresh one once the old has passed), and an extension granted since.
    public static func currentDeadline(assignment: IssuedForm, forms: [IssuedForm], events: [CaseEvent]) -> Date? {
        let granted = events.filter { $0.at >= assignment.issuedAt }.compactMap { e -> Date? in
            if case .extensionDecided(let d) = e.body { d.until } else { nil }
        }
        let supervised = forms.filter { $0.kind == .supervision && $0.refersTo == assignment.number }.compactMap(\.deadline)
        return ([assignment.deadline].compactMap { $0 } + supervised + granted).max()
    }

    private func assignedUnit(_ number: CaseNumber, tx: any CaseStoreSession) throws -> (GovernmentUnit, GovernmentUnit?) {
        guard let code = try tx.forms(of: number).last(where: { $0.kind == .assignment })?.unitCode,
              let unit = settings.units.unit(code) else { throw Refusal.noAssignedUnit(number) }
        return (unit, settings.units.parent(of: unit))
    }

}
