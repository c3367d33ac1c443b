import Foundation

extension ReturnPath {
    /// What one matched reply does to its case (issue 5, item 5). Every outcome is an event.
    func receive(_ a: IntakeAnalysis, number: CaseNumber, matchedBy: String, tx: any CaseStoreSession, now: Date,
                 nonce: String, actor: String = CaseEvent.system) throws -> IntakeProcessor.Outcome {
        guard var record = try tx.caseRecord(number) else {
            return .init(disposition: .holding, caseNumber: nil, reason: "matched case \(number) does not exist")
        }
        var data = ["matched_by": matchedBy, "from": a.sender ?? "", "subject": a.message.subject ?? "", "raw_sha256": a.rawSHA256,
                    "text": a.text]
        if let id = a.messageID { data["message_id"] = id }
        if !a.attachments.isEmpty { data["attachments"] = a.attachments.map(\.stored.storedName).joined(separator: " ") }
        // The sheet that answers this case: prefer signed XML, then ODT, then a faxed page.
        let order: [ReceivedFeedback.Medium] = [.xml, .odt, .paper]
        let sheets = a.feedback.filter { $0.caseNumber == nil || $0.caseNumber == number }
            .sorted { (order.firstIndex(of: $0.medium) ?? 3) < (order.firstIndex(of: $1.medium) ?? 3) }
        guard let f = sheets.first ?? a.feedback.first else {
            try tx.appendEvent(CaseEvent(at: now, actor: actor, type: "unit-reply-received", data: data), to: number)
            if !a.attachments.isEmpty { try tx.addAttachments(a.attachments.map(\.stored), to: number) }
            return .init(disposition: .reply, caseNumber: number, reason: "unit reply matched by \(matchedBy), no feedback sheet")
        }
        let events = try tx.events(of: number)
        if events.contains(where: { $0.type.hasPrefix("feedback-") && $0.data["sheet_sha256"] == f.sha256 }) {
            return .init(disposition: .duplicate, caseNumber: number,
                         reason: "the same feedback sheet (\(f.formNumber?.description ?? f.attachment)) was received before")
        }
        if !a.attachments.isEmpty { try tx.addAttachments(a.attachments.map(\.stored), to: number) }
        data["sheet_sha256"] = f.sha256
        data["sheet"] = f.attachment
        data["medium"] = f.medium.rawValue
        if let n = f.formNumber { data["form"] = n.description }
        if let p = f.page { data["page"] = String(p) }

        let forms = try tx.forms(of: number)
        guard let assignment = forms.last(where: { $0.kind == .assignment }), let code = assignment.unitCode,
              let unit = settings.units.unit(code) else {
            try tx.appendEvent(CaseEvent(at: now, actor: actor, type: "feedback-unassigned", data: data), to: number)
            return .init(disposition: .reply, caseNumber: number, reason: "feedback sheet for a case never assigned; recorded for a clerk")
        }
        let parent = unit.parent.flatMap { settings.units.unit($0) }
        let context = SignOffRules.Context(record: record, unit: unit, parent: parent,
                                           heavyItem: forms.contains { $0.kind.makesHeavyItem },
                                           issuedFeedbackForms: forms.filter { $0.kind == .feedback }.map(\.number))
        var failures = SignOffRules.failures(f, context)
        if f.medium != .xml {
            // Paper and ODT carry no signature of a key: only their identity is checked now; the
            // handwritten sign-off waits for a clerk (`hotline confirm`), then the content checks run.
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
        if f.medium != .xml {
            try move(&record, .receivePaperFeedback, tx: tx)
            data["note"] = f.medium == .paper ? "paper reply — handwritten sign-off to be confirmed"
                                              : "ODT reply without a signature — sign-off to be confirmed"
            try tx.appendEvent(CaseEvent(at: now, actor: actor, type: "feedback-to-confirm", data: data), to: number)
            return .init(disposition: .reply, caseNumber: number, reason: "\(f.medium.rawValue) feedback, sign-off to be confirmed")
        }
        let answer = f.answer ?? FeedbackSheet.Answer()
        if answer.requestsTakeBack {
            let late = now.timeIntervalSince(assignment.issuedAt) > 86_400
            try move(&record, .takeBack, tx: tx)
            data["reason"] = answer.notOurDutyReason ?? ""
            data["late"] = late ? "true" : "false"
            if late { data["flag"] = "take-back requested more than 1 day after assignment (RULES §6)" }
            try tx.appendEvent(CaseEvent(at: now, actor: actor, type: "feedback-take-back", data: data), to: number)
            return .init(disposition: .reply, caseNumber: number, reason: "take-back request (回单)" + (late ? ", late" : ""))
        }
        if answer.requestsExtension {
            data["until"] = answer.extensionUntil.map { FormXMLWriter(timeZone: settings.intake.timeZone).dateTime($0) } ?? ""
            data["reason"] = answer.extensionReason ?? ""
            try tx.appendEvent(CaseEvent(at: now, actor: actor, type: "feedback-extension-requested", data: data), to: number)
            return .init(disposition: .reply, caseNumber: number, reason: "extension request, pending the center's decision")
        }
        try move(&record, .acceptFeedback, tx: tx)
        data["result"] = answer.result ?? ""
        try tx.appendEvent(CaseEvent(at: now, actor: actor, type: "feedback-accepted", data: data), to: number)
        return .init(disposition: .reply, caseNumber: number, reason: "feedback accepted, awaiting the center's review")
    }

    /// Applies a transition when the case's state allows it; a sheet that arrives out of turn is
    /// still recorded (its event says so) but moves nothing.
    func move(_ record: inout CaseRecord, _ t: CaseState.Transition, tx: any CaseStoreSession) throws {
        guard let next = try? record.state.apply(t) else { return }
        record.state = next
        try tx.updateCase(record)
    }
}
