import Foundation
import HotlineMail

extension ReturnPath {
    /// The outcomes that a sheet received again must not repeat (a returned sheet may come back).
    static let recordedOutcomes: Set<String> = ["feedback-accepted", "feedback-to-confirm", "feedback-take-back",
                                                 "feedback-extension-requested"]

    /// What one matched reply does to its case (issue 5, item 5). Every outcome is an event.
    ///
    /// `receivedAt`: when the reply reached the center (a backlog must not make a take-back late).
    /// `trusted`: the match itself could not have been made by a stranger (see `Match`). An untrusted
    /// match changes the case only for an XML sheet signed with the key of the case's unit.
    func receive(_ a: IntakeAnalysis, number: CaseNumber, matchedBy: String, trusted: Bool, tx: any CaseStoreSession, now: Date,
                 receivedAt: Date, nonce: String, actor: String = CaseEvent.system) throws -> IntakeProcessor.Outcome {
        guard var record = try tx.caseRecord(number) else {
            return .init(disposition: .holding, caseNumber: nil, reason: "matched case \(number) does not exist")
        }
        var data = ["matched_by": matchedBy, "from": a.sender ?? "", "subject": a.message.subject ?? "", "raw_sha256": a.rawSHA256,
                    "text": a.text, "received": FormXMLWriter(timeZone: settings.intake.timeZone).dateTime(receivedAt)]
        if let id = a.messageID { data["message_id"] = id }
        if !a.attachments.isEmpty { data["attachments"] = a.attachments.map(\.stored.storedName).joined(separator: " ") }

        let forms = try tx.forms(of: number)
        let assignment = forms.last { $0.kind == .assignment }
        let current = Self.currentFeedbackForms(forms, assignment: assignment)
        guard let f = Self.best(a.feedback, current: current) else {
            try tx.appendEvent(CaseEvent(at: now, actor: actor, type: "unit-reply-received", data: data), to: number)
            if !a.attachments.isEmpty { try tx.addAttachments(a.attachments.map(\.stored), to: number) }
            return .init(disposition: .reply, caseNumber: number, reason: "unit reply matched by \(matchedBy), no feedback sheet")
        }
        let others = a.feedback.filter { $0 != f }
        if !others.isEmpty {
            // Never dropped silently: named on the case for a clerk.
            data["other_sheets"] = others.map { "\($0.attachment) (\($0.formNumber?.description ?? "?") of \($0.caseNumber?.description ?? "?"))" }
                .joined(separator: "; ")
        }
        let events = try tx.events(of: number)
        if events.contains(where: { Self.recordedOutcomes.contains($0.type) && $0.data["sheet_sha256"] == f.sha256 }) {
            return .init(disposition: .duplicate, caseNumber: number,
                         reason: "the same feedback sheet (\(f.formNumber?.description ?? f.attachment)) was received before")
        }
        if !a.attachments.isEmpty { try tx.addAttachments(a.attachments.map(\.stored), to: number) }
        data["sheet_sha256"] = f.sha256
        data["sheet"] = f.attachment
        data["medium"] = f.medium.rawValue
        if let n = f.formNumber { data["form"] = n.description }
        if let p = f.page { data["page"] = String(p) }

        guard let assignment, let code = assignment.unitCode, let unit = settings.units.unit(code) else {
            try tx.appendEvent(CaseEvent(at: now, actor: actor, type: "feedback-unassigned", data: data), to: number)
            return .init(disposition: .reply, caseNumber: number, reason: "feedback sheet for a case never assigned; recorded for a clerk")
        }
        if let form = f.formNumber, !current.contains(form), forms.contains(where: { $0.number == form }) {
            // A sheet of an earlier assignment (before a take-back and a new one): not judged against
            // the unit now in charge, and no return notice to it.
            try tx.appendEvent(CaseEvent(at: now, actor: actor, type: "feedback-superseded", data: data), to: number)
            return .init(disposition: .reply, caseNumber: number,
                         reason: "feedback sheet \(form) answers an earlier assignment: recorded, nothing changed")
        }
        let signedByItsUnit: Bool
        if case .valid(let signers) = f.signature {
            let codes = settings.units.lineOfSignOff(unit).map(\.code)
            signedByItsUnit = signers.contains { codes.contains($0.unit) }
        } else {
            signedByItsUnit = false
        }
        guard trusted || signedByItsUnit else {
            try tx.appendEvent(CaseEvent(at: now, actor: actor, type: "feedback-unverified", data: data), to: number)
            return .init(disposition: .reply, caseNumber: number,
                         reason: "feedback sheet placed by headers alone and not signed by the unit: recorded, nothing changed")
        }
        if record.state == .awaitingConfirmation, f.medium == .xml, signedByItsUnit {
            // The unit's signed sheet outranks a paper reply still waiting for a clerk.
            try Self.move(&record, .supersedePaper, tx: tx)
            try tx.appendEvent(CaseEvent(at: now, actor: actor, type: "paper-superseded", data: ["form": data["form"] ?? ""]), to: number)
        }
        guard record.state == .assigned else {
            data["state"] = record.state.rawValue
            try tx.appendEvent(CaseEvent(at: now, actor: actor, type: "feedback-out-of-turn", data: data), to: number)
            return .init(disposition: .reply, caseNumber: number,
                         reason: "feedback sheet while the case is \(record.state.rawValue): recorded, nothing changed")
        }
        let parent = settings.units.parent(of: unit)
        let context = SignOffRules.Context(record: record, unit: unit, parent: parent, heavyItem: forms.contains { $0.kind.makesHeavyItem },
                                           issuedFeedbackForms: current, unitNames: settings.units.units.map(\.name))
        var failures = SignOffRules.failures(f, context)
        if f.medium == .paper {
            // A faxed page is read for its code only: its handwritten content and sign-off are the clerk's to check.
            failures = failures.filter { $0.check == .sameCase || $0.check == .readable }
        }
        if !failures.isEmpty {
            let notice = ReturnNotice(settings: settings).compose(
                record: record, unit: unit, cc: parent.map { [$0] } ?? [], form: f.formNumber, reasons: failures.map(\.message),
                inReplyTo: a.messageID, nonce: nonce, now: now)
            try tx.queueOutgoing(notice)
            data["checks"] = failures.map(\.check.rawValue).joined(separator: ",")
            data["reasons"] = failures.map(\.message).joined(separator: "\n")
            data["return_notice"] = notice.messageID
            try tx.appendEvent(CaseEvent(at: now, actor: actor, type: "feedback-returned", data: data), to: number)
            return .init(disposition: .reply, caseNumber: number,
                         reason: "feedback returned (退单): \(failures.count) failed check(s): \(data["checks"] ?? "")")
        }
        let answer = f.answer ?? FeedbackSheet.Answer()
        var kind = request(answer, into: &data)
        if f.medium == .paper {
            kind = .unknown
            data["request"] = kind.rawValue
        }
        if f.medium != .xml {
            try Self.move(&record, .receivePaperFeedback, tx: tx)
            data["note"] = f.medium == .paper ? "paper reply — handwritten sign-off to be confirmed"
                                              : "ODT reply without a signature — sign-off to be confirmed"
            try tx.appendEvent(CaseEvent(at: now, actor: actor, type: "feedback-to-confirm", data: data), to: number)
            return .init(disposition: .reply, caseNumber: number, reason: "\(f.medium.rawValue) feedback, sign-off to be confirmed")
        }
        switch kind {
        case .takeBack:
            try Self.takeBack(&record, data: &data, assignment: assignment, events: events, receivedAt: receivedAt, tx: tx)
            try tx.appendEvent(CaseEvent(at: now, actor: actor, type: "feedback-take-back", data: data), to: number)
            return .init(disposition: .reply, caseNumber: number, reason: "take-back request (回单)" + (data["late"] == "true" ? ", late" : ""))
        case .extensionRequest:
            try tx.appendEvent(CaseEvent(at: now, actor: actor, type: "feedback-extension-requested", data: data), to: number)
            return .init(disposition: .reply, caseNumber: number, reason: "extension request, pending the center's decision")
        case .answer, .unknown:
            try Self.move(&record, .acceptFeedback, tx: tx)
            data["result"] = answer.result ?? ""
            try tx.appendEvent(CaseEvent(at: now, actor: actor, type: "feedback-accepted", data: data), to: number)
            return .init(disposition: .reply, caseNumber: number, reason: "feedback accepted, awaiting the center's review")
        }
    }

    /// What the sheet asks: an answer, a take-back (回单) or an extension, with its reason and date.
    func request(_ answer: FeedbackSheet.Answer, into data: inout [String: String]) -> FeedbackRequest {
        let kind: FeedbackRequest
        if answer.requestsTakeBack {
            kind = .takeBack
            data["reason"] = answer.notOurDutyReason ?? ""
        } else if answer.requestsExtension {
            kind = .extensionRequest
            data["until"] = answer.extensionUntil.map { FormXMLWriter(timeZone: settings.intake.timeZone).dateTime($0) } ?? ""
            data["reason"] = answer.extensionReason ?? ""
        } else {
            kind = .answer
        }
        data["request"] = kind.rawValue
        return kind
    }

    /// The case goes back to the center for re-routing; late when the request came more than a day
    /// after the assignment left (RULES.md §6: "within 1 day of receipt").
    static func takeBack(_ record: inout CaseRecord, data: inout [String: String], assignment: IssuedForm, events: [CaseEvent],
                  receivedAt: Date, tx: any CaseStoreSession) throws {
        let sent = try Self.sentAt(assignment, events: events, tx: tx)
        let late = receivedAt.timeIntervalSince(sent) > 86_400
        try Self.move(&record, .takeBack, tx: tx)
        data["late"] = late ? "true" : "false"
        if late { data["flag"] = "take-back requested more than 1 day after the assignment left (RULES §6)" }
    }

    /// When an assignment reached the unit's mail server: the time our sender handed its mail over;
    /// else its dispatch batch; else when it was issued.
    static func sentAt(_ assignment: IssuedForm, events: [CaseEvent], tx: any CaseStoreSession) throws -> Date {
        let issued = events.last { $0.type == "form-issued" && $0.data["form"] == assignment.number.description }
        if let id = issued?.data["mail"], let sent = try tx.sentAt(messageID: id) { return sent }
        return issued?.data["send_after"].flatMap(Self.parseDateTime) ?? assignment.issuedAt
    }

    /// An instant stored in an event's data (written by `FormXMLWriter.dateTime`: `…T09:00:00+08:00`).
    static func parseDateTime(_ s: String) -> Date? { ISODateTime.instant(s) }

    /// The feedback sheets that answer the case's current assignment: the one sent with it, and
    /// those sent with its supervision sheets. An earlier unit's sheet (before a take-back and a new
    /// assignment) is not among them.
    static func currentFeedbackForms(_ forms: [IssuedForm], assignment: IssuedForm?) -> [FormNumber] {
        guard let assignment else { return [] }
        let answered = Set([assignment.number] + forms.filter { $0.kind == .supervision && $0.refersTo == assignment.number }.map(\.number))
        return forms.filter { $0.kind == .feedback && $0.refersTo.map(answered.contains) == true }.map(\.number)
    }

    /// The sheet that answers: one for the current assignment first; then signed XML, ODT, DOCX, paper;
    /// a valid signature and a readable sheet before others.
    static func best(_ sheets: [ReceivedFeedback], current: [FormNumber]) -> ReceivedFeedback? {
        let order: [ReceivedFeedback.Medium] = [.xml, .odt, .docx, .paper]
        func rank(_ f: ReceivedFeedback) -> (Int, Int, Int, Int) {
            let valid: Int
            if case .valid = f.signature { valid = 0 } else { valid = 1 }
            return (f.formNumber.map(current.contains) == true ? 0 : 1, order.firstIndex(of: f.medium) ?? 3, valid, f.problems.isEmpty ? 0 : 1)
        }
        return sheets.min { rank($0) < rank($1) }
    }

    /// Applies a transition the state allows (callers check the state first).
    static func move(_ record: inout CaseRecord, _ t: CaseState.Transition, tx: any CaseStoreSession) throws {
        guard let next = try? record.state.apply(t) else { return }
        record.state = next
        try tx.updateCase(record)
    }
}
