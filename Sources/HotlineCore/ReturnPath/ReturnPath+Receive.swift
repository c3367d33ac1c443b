import Foundation
import HotlineMail

extension ReturnPath {
    /// What one matched reply does to its case (issue 5, item 5; issue 10, item 3): the case file
    /// read, the reply judged (`FeedbackVerdict.judge`, pure), the verdict applied. Every verdict
    /// but a duplicate is an event.
    func receive(_ a: IntakeAnalysis, number: CaseNumber, matchedBy: String, trusted: Bool, tx: any CaseStoreSession, now: Date,
                 receivedAt: Date, nonce: String, actor: String = CaseEvent.system) throws -> IntakeProcessor.Outcome {
        let file = try caseFile(number, tx: tx, takeBackAsked: a.feedback.contains { $0.answer?.requestsTakeBack == true })
        let verdict = FeedbackVerdict.judge(a.feedback, trusted: trusted, receivedAt: receivedAt, file: file, matched: number,
                                            units: settings.units)
        guard let file else {
            guard case .holding(let reason) = verdict.decision else { preconditionFailure("judge: no case is holding") }
            return .init(disposition: .holding, caseNumber: nil, reason: reason)
        }
        return try apply(verdict, to: file, reply: a, matchedBy: matchedBy, receivedAt: receivedAt, tx: tx, now: now, nonce: nonce,
                         actor: actor)
    }

    /// Everything `FeedbackVerdict.judge` reads about a case; nil when there is no such case. When
    /// the assignment reached the unit is looked up only when a sheet asks for a take-back.
    func caseFile(_ number: CaseNumber, tx: any CaseStoreSession, takeBackAsked: Bool) throws -> CaseFile? {
        guard let record = try tx.caseRecord(number) else { return nil }
        let forms = try tx.forms(of: number)
        let events = try tx.events(of: number)
        let assignment = takeBackAsked ? forms.last { $0.kind == .assignment } : nil
        let sent = try assignment.map { try Self.sentAt($0, events: events, tx: tx) }
        return CaseFile(record: record, forms: forms, events: events, takeBackDue: sent.flatMap(settings.deadlines.takeBackDue))
    }

    /// Records a verdict on its case: the event, the state it moves to, a return notice to the unit.
    func apply(_ verdict: FeedbackVerdict, to file: CaseFile, reply a: IntakeAnalysis, matchedBy: String, receivedAt: Date,
               tx: any CaseStoreSession, now: Date, nonce: String, actor: String) throws -> IntakeProcessor.Outcome {
        var record = file.record
        let number = record.number
        func outcome(_ reason: String) -> IntakeProcessor.Outcome { .init(disposition: .reply, caseNumber: number, reason: reason) }
        switch verdict.decision {
        case .holding(let reason):
            return .init(disposition: .holding, caseNumber: nil, reason: reason)
        case .duplicate:
            let sheet = verdict.sheet?.formNumber?.description ?? verdict.sheet?.attachment ?? "?"
            return .init(disposition: .duplicate, caseNumber: number, reason: "the same feedback sheet (\(sheet)) was received before")
        default:
            break
        }
        if !a.attachments.isEmpty { try tx.addAttachments(a.attachments.map(\.stored), to: number) }
        if verdict.supersedesPaper {
            record.state = try record.state.applying(.supersedePaper)
            try tx.updateCase(record)
            try tx.appendEvent(CaseEvent(at: now, actor: actor, .paperSuperseded(form: verdict.sheet?.formNumber)), to: number)
        }
        func write(_ result: CaseEvent.UnitReply.Outcome, moving transition: CaseState.Transition? = nil) throws {
            if let transition {
                record.state = try record.state.applying(transition)
                try tx.updateCase(record)
            }
            let others = verdict.others.map { "\($0.attachment) (\($0.formNumber?.description ?? "?") of \($0.caseNumber?.description ?? "?"))" }
            let sheet = verdict.sheet.map { CaseEvent.SheetRef(sha256: $0.sha256, attachment: $0.attachment, medium: $0.medium,
                                                               form: $0.formNumber, page: $0.page) }
            var note: String?
            if case .toConfirm(_, let n) = verdict.decision { note = n }
            let reply = CaseEvent.UnitReply(mail: a.receivedMail(matchedBy: matchedBy), received: receivedAt, sheet: sheet,
                                            otherSheets: others.isEmpty ? nil : others.joined(separator: "; "), note: note, outcome: result)
            try tx.appendEvent(CaseEvent(at: now, actor: actor, .unitReply(reply)), to: number)
        }
        switch verdict.decision {
        case .holding, .duplicate:
            preconditionFailure("recorded nowhere: answered above")
        case .noSheet:
            try write(.received)
            return outcome("unit reply matched by \(matchedBy), no feedback sheet")
        case .unassigned:
            try write(.unassigned)
            return outcome("feedback sheet for a case never assigned; recorded for a clerk")
        case .superseded(let form):
            try write(.superseded)
            return outcome("feedback sheet \(form) answers an earlier assignment: recorded, nothing changed")
        case .unverified:
            try write(.unverified)
            return outcome("feedback sheet placed by headers alone and not signed by the unit: recorded, nothing changed")
        case .outOfTurn(let state):
            try write(.outOfTurn(state: state))
            return outcome("feedback sheet while the case is \(state.rawValue): recorded, nothing changed")
        case .returned(let failures):
            let unit = try assignedUnit(file)
            let notice = ReturnNotice(settings: settings).compose(
                record: record, unit: unit, cc: settings.units.parent(of: unit).map { [$0] } ?? [], form: verdict.sheet?.formNumber,
                reasons: failures.map(\.message), inReplyTo: a.messageID, nonce: nonce, now: now)
            try tx.queueOutgoing(notice)
            let checks = failures.map(\.check)
            try write(.returned(checks: checks, reasons: failures.map(\.message), returnNotice: notice.messageID))
            return outcome("feedback returned (退单): \(failures.count) failed check(s): \(checks.map(\.rawValue).joined(separator: ","))")
        case .toConfirm(let request, _):
            try write(.toConfirm(request), moving: .receivePaperFeedback)
            return outcome("\(verdict.sheet?.medium.rawValue ?? "paper") feedback, sign-off to be confirmed")
        case .takeBack(let reason, let late):
            try write(.takeBack(reason: reason, late: late), moving: .takeBack)
            return outcome("take-back request (回单)" + (late ? ", late" : ""))
        case .extensionRequested(let until, let reason):
            try write(.extensionRequested(until: until, reason: reason))
            return outcome("extension request, pending the center's decision")
        case .accepted(let result):
            try write(.accepted(result: result), moving: .acceptFeedback)
            return outcome("feedback accepted, awaiting the center's review")
        }
    }

    /// The unit the case is assigned to (a verdict that names the unit was judged with it).
    func assignedUnit(_ file: CaseFile) throws -> GovernmentUnit {
        guard let code = file.assignment?.unitCode, let unit = settings.units.unit(code) else {
            throw Refusal.noAssignedUnit(file.record.number)
        }
        return unit
    }

    /// When an assignment reached the unit's mail server: the time our sender handed its mail over;
    /// else its dispatch batch; else when it was issued.
    static func sentAt(_ assignment: IssuedForm, events: [CaseEvent], tx: any CaseStoreSession) throws -> Date {
        let issued = events.last { $0.formIssue?.form == assignment.number }?.formIssue
        if let id = issued?.mail, let sent = try tx.sentAt(messageID: id) { return sent }
        return issued?.sendAfter ?? assignment.issuedAt
    }
}
