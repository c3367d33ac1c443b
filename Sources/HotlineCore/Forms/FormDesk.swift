import Foundation
import HotlineMail

/// Issues the center's forms on a case (issue 4, item 5): each command allocates the form
/// numbers, renders and signs the forms, stores them, records the event, moves the case on and
/// spools the mail — all in one transaction, so a form is issued completely or not at all.
public struct FormDesk: Sendable {
    public let store: any CaseStore
    public let renderer: any FormRendering
    public let settings: FormSettings
    public let clock: any Clock

    /// Nonces make the random part of our Message-IDs (issue 10, item 4: passed in, like the clock).
    let nonce: @Sendable () -> String

    public init(store: any CaseStore, renderer: any FormRendering, settings: FormSettings, clock: any Clock,
                nonce: @escaping @Sendable () -> String) {
        self.store = store
        self.renderer = renderer
        self.settings = settings
        self.clock = clock
        self.nonce = nonce
    }

    /// What a command issued.
    public struct Issued: Sendable {
        public var forms: [IssuedForm]
        public var mail: OutgoingMail
        public var state: CaseState
    }

    /// `hotline assign`: the assignment sheet (交办单) to the lead unit, copied to the assisting
    /// units, with a blank feedback sheet. Routine matters wait for the next dispatch batch;
    /// emergencies go at once (RULES.md §6).
    public func assign(_ number: CaseNumber, lead: String, assisting: [String], clerk: String) throws -> Issued {
        let (leadUnit, assistUnits) = try units(lead: lead, assisting: assisting)
        return try issue(number, clerk: clerk, transition: .assign) { tx, record, now in
            // The unit's time runs from when the form leaves (the dispatch batch), not from when it was made.
            let sendAt = settings.schedule.sendAt(handlingClass: record.handlingClass.value, now: now)
            var p = try particulars(tx, record, kind: .assignment, now: now, lead: leadUnit, assisting: assistUnits, deadlineFrom: sendAt)
            let sheet = Form.assignment(AssignmentSheet(particulars: p, centerHead: settings.centerHead))
            let assignment = try issueForm(tx, sheet, record: record, clerk: clerk, unitCodes: [lead] + assisting, refersTo: nil)
            p = try particulars(tx, record, kind: .feedback, now: now, lead: leadUnit, assisting: assistUnits, deadlineFrom: sendAt)
            let feedback = try blankFeedback(tx, p, record: record, unit: leadUnit, answering: assignment.number, clerk: clerk)
            return ([assignment, feedback], sendAt > now ? sendAt : nil, leadUnit, assistUnits,
                    .assignment(unit: lead, assist: assisting, deadline: p.deadline ?? now,
                                deadlineRule: p.deadlineLimit.map(\.rule).flatMap { $0.isEmpty ? nil : $0 }))
        }
    }

    /// `hotline approve-request`: the key-matter approval sheet (呈批单) up to the configured
    /// city leader, with the center's proposed handling (and the proposed units, if any).
    public func requestApproval(_ number: CaseNumber, proposal: String, lead: String?, assisting: [String],
                                clerk: String) throws -> Issued {
        guard let leader = settings.approvalLeader else {
            throw Refusal(.configuration, "no city leader is configured for approval sheets ([approval] leader_name, leader_email)")
        }
        guard FormText.line(proposal) != nil else { throw Refusal(.usage, "the proposed handling (--proposal) is empty") }
        guard lead != nil || assisting.isEmpty else { throw Refusal(.usage, "proposed assisting units need a proposed lead unit (--unit)") }
        let (leadUnit, assistUnits) = try lead.map { try units(lead: $0, assisting: assisting) } ?? (nil, [])
        return try issue(number, clerk: clerk, transition: .requestInstruction) { tx, record, now in
            guard record.keyMatter.value else {
                throw Refusal(.notAllowed, "\(record.number) is not a key matter (重点事项); mark it with `hotline case set \(record.number) --key-matter yes` first")
            }
            let p = try particulars(tx, record, kind: .approval, now: now, lead: leadUnit, assisting: assistUnits, deadlineFrom: nil)
            let sheet = Form.approval(ApprovalSheet(particulars: p, proposedHandling: proposal, centerHead: settings.centerHead,
                                                    leaderName: leader.name))
            let form = try issueForm(tx, sheet, record: record, clerk: clerk, unitCodes: [leader.email], refersTo: nil)
            return ([form], nil, nil, [], .approval(leader: leader.name, proposedUnit: lead))
        }
    }

    /// `hotline supervise`: a supervision sheet (督办单) to the unit the case is assigned to, with the
    /// reason and the round, and a fresh blank feedback sheet; it goes at once.
    ///
    /// The clock's own sheets (issue 11, item 5) name the `round` they are: refused, in the same
    /// transaction, when that round was issued already — so each goes once, whoever races. Round 2
    /// and later escalate: copied to the unit's principal leader (when the registry gives an address).
    public func supervise(_ number: CaseNumber, reason: String, clerk: String, round expected: Int? = nil,
                          stillDue: ((any CaseStoreSession) throws -> Bool)? = nil) throws -> Issued {
        guard FormText.line(reason) != nil else { throw Refusal(.usage, "the supervision reason (--reason) is empty") }
        return try issue(number, clerk: clerk, transition: .supervise) { tx, record, now in
            // The clock's own sheet is checked in this transaction: a reply, a hold or an extension
            // recorded since the pass read the case means it is no longer due.
            if let stillDue, try !stillDue(tx) { throw Refusal(.notAllowed, "\(record.number): the supervision is no longer due") }
            let earlier = try tx.forms(of: record.number)
            guard let assignment = earlier.last(where: { $0.kind == .assignment }), let leadCode = assignment.unitCode else {
                throw Refusal(.notAllowed, "\(record.number) has no assignment sheet to supervise")
            }
            let codes = assignment.recipients
            let (leadUnit, assistUnits) = try units(lead: leadCode, assisting: codes.filter { $0 != leadCode })
            let round = earlier.filter { $0.kind == .supervision && $0.refersTo == assignment.number }.count + 1
            if let expected, expected != round {
                throw Refusal(.notAllowed, "\(record.number): supervision round \(expected) is not the next (the next is \(round))")
            }
            // The unit's clock says when its limit falls (issue 11).
            let deadline = FeedbackDesk.unitDue(record, events: try tx.events(of: record.number), assignment: assignment, forms: earlier,
                                                settings: settings)
            let stillAhead = deadline.map { $0 > now } ?? false
            var p = try particulars(tx, record, kind: .supervision, now: now, lead: leadUnit, assisting: assistUnits,
                                    deadlineFrom: stillAhead ? nil : now)
            if stillAhead, let d = deadline {
                p.deadline = d
                p.deadlineLimit = settings.deadlines.limit(kind: record.kind.value, handlingClass: record.handlingClass.value)
            }
            let sheet = Form.supervision(SupervisionSheet(particulars: p, reason: reason, round: round,
                                                          originalFormNumber: assignment.number, centerHead: settings.centerHead))
            let supervision = try issueForm(tx, sheet, record: record, clerk: clerk, unitCodes: codes, refersTo: assignment.number)
            var fp = p
            fp.formNumber = try tx.allocateFormNumber(kind: .feedback, year: year(now))
            let feedback = try blankFeedback(tx, fp, record: record, unit: leadUnit, answering: supervision.number, clerk: clerk)
            return ([supervision, feedback], nil, leadUnit, assistUnits,
                    .supervision(unit: leadCode, round: round, reason: reason, supervises: assignment.number))
        }
    }

    // MARK: the common path

    typealias Body = (any CaseStoreSession, CaseRecord, Date) throws
        -> ([IssuedForm], Date?, FormParticulars.UnitRef?, [FormParticulars.UnitRef], CaseEvent.FormIssue.Detail)

    private func issue(_ number: CaseNumber, clerk: String, transition: CaseState.Transition, _ body: Body) throws -> Issued {
        guard FormText.line(clerk) != nil else { throw Refusal.clerkRequired }
        let now = clock.now()
        return try store.transaction { tx in
            guard var record = try tx.caseRecord(number) else { throw Refusal.noCase(number) }
            guard record.scope.value == .accepted else {
                throw Refusal(.notAllowed, "\(number) is out of scope (\(record.scope.value.text)); no form is issued for it")
            }
            let next: CaseState
            next = try record.state.applying(transition)
            let (forms, sendAfter, lead, assisting, detail) = try body(tx, record, now)
            guard let main = forms.first else { preconditionFailure("every form command issues its form") }
            var (to, cc) = try addressees(main.kind, lead: lead, assisting: assisting)
            // An escalated supervision (round 2 on) is copied to the unit's principal leader (RULES §7, issue 11).
            if case .supervision(let code, let round, _, _) = detail, round >= 2,
               let leader = settings.units.unit(code)?.principalLeader, let email = leader.email, email.contains("@") {
                cc.append(MailAddress(name: leader.name, address: email))
            }
            // The form number names the mail; the random part makes its Message-ID impossible to guess,
            // so only someone who received it can cite it (the return path trusts a cited ID).
            let nonce = main.number.description.lowercased() + "." + nonce()
            let mail = FormMail(settings: settings).compose(
                forms: forms.map { ($0, $0.kind) }, lead: main.kind, record: record, to: to, cc: cc,
                text: FormLetter(settings: settings).text(main.kind, record: record, forms: forms, lead: lead),
                nonce: nonce, now: now, sendAfter: sendAfter)
            try tx.queueOutgoing(mail)
            // Forms 1–3 make the matter a heavy item (重件, RULES.md §4), counted in the key-item assessment.
            let issue = CaseEvent.FormIssue(form: main.number, kind: main.kind, forms: forms.map(\.number), mail: mail.messageID,
                                            sha256: sha256Hex(main.xml), heavyItem: main.kind.makesHeavyItem, sendAfter: sendAfter,
                                            detail: detail)
            try tx.appendEvent(CaseEvent(at: now, actor: clerk, .formIssued(issue)), to: number)
            if next != record.state {
                record.state = next
                try tx.updateCase(record)
            }
            return Issued(forms: forms, mail: mail, state: next)
        }
    }

    private func addressees(_ kind: FormKind, lead: FormParticulars.UnitRef?, assisting: [FormParticulars.UnitRef]) throws
        -> ([MailAddress], [MailAddress]) {
        if kind == .approval {
            guard let l = settings.approvalLeader else { throw Refusal(.configuration, "no approval leader configured") }
            return ([MailAddress(name: l.name, address: l.email)], [])
        }
        func address(_ u: FormParticulars.UnitRef) throws -> MailAddress {
            guard let unit = settings.units.unit(u.code), unit.email.contains("@") else {
                throw Refusal(.configuration, "unit \(u.code) has no mail address in the units registry")
            }
            return MailAddress(name: unit.name, address: unit.email)
        }
        guard let lead else { throw Refusal(.usage, "no lead unit") }
        var cc = try assisting.map(address)
        // A tier-3 unit answers through its tier-2 unit, which countersigns (RULES.md §8.8): it gets a copy.
        if let parent = settings.units.unit(lead.code).flatMap(settings.units.parent(of:)),
           !assisting.contains(where: { $0.code == parent.code }) {
            cc.append(MailAddress(name: parent.name, address: parent.email))
        }
        return ([try address(lead)], cc)
    }

    private func units(lead: String, assisting: [String]) throws -> (FormParticulars.UnitRef, [FormParticulars.UnitRef]) {
        func ref(_ code: String) throws -> FormParticulars.UnitRef {
            guard let u = settings.units.unit(code) else {
                throw Refusal(.usage, "no unit \(code) in the units registry (hotline units lists them)")
            }
            guard !u.code.isEmpty, u.code.count <= 32, u.code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
                throw Refusal(.configuration, "unit code \"\(u.code)\" is not letters, digits, -, _ or . (at most 32); fix the registry")
            }
            if u.tier == .three, settings.units.parent(of: u)?.tier != .two {
                throw Refusal(.configuration, "tier-3 unit \(u.code) has no registered tier-2 parent; it could not answer up the line (hotline units)")
            }
            return FormParticulars.UnitRef(code: u.code, name: u.name)
        }
        guard assisting.count <= 20 else { throw Refusal(.usage, "at most 20 assisting units, not \(assisting.count)") }
        guard !assisting.contains(lead) else { throw Refusal(.usage, "\(lead) cannot both lead and assist") }
        guard Set(assisting).count == assisting.count else { throw Refusal(.usage, "an assisting unit is named twice") }
        return (try ref(lead), try assisting.map(ref))
    }

    private func year(_ now: Date) -> Int {
        Int(settings.intake.day(of: now).prefix(4)) ?? 0
    }

    private func particulars(_ tx: any CaseStoreSession, _ record: CaseRecord, kind: FormKind, now: Date,
                             lead: FormParticulars.UnitRef?, assisting: [FormParticulars.UnitRef], deadlineFrom: Date?) throws
        -> FormParticulars {
        let number = try tx.allocateFormNumber(kind: kind, year: year(now))
        let due = deadlineFrom.map {
            settings.deadlines.due(kind: record.kind.value, handlingClass: record.handlingClass.value, from: $0)
        }
        let p = record.petitioner
        return FormParticulars(
            caseNumber: record.number, formNumber: number, issuedAt: now,
            centerName: FormText.line(settings.intake.centerName) ?? "市长热线服务中心", receivedAt: record.receivedAt,
            channel: record.channel,
            petitioner: Petitioner(name: FormText.line(p.name), address: FormText.line(p.address), phone: FormText.line(p.phone),
                                   email: FormText.line(p.email)),
            subject: FormText.line(record.subject) ?? "", summary: FormParticulars.summary(of: record.text),
            kind: record.kind.value, handlingClass: record.handlingClass.value,
            heavyItem: true, leadUnit: lead, assistingUnits: assisting, deadline: due?.0, deadlineLimit: due?.1,
            replyAddress: lead == nil ? nil : settings.replyAddress.address(for: record.number))
    }

    private func blankFeedback(_ tx: any CaseStoreSession, _ p: FormParticulars, record: CaseRecord, unit: FormParticulars.UnitRef,
                               answering: FormNumber, clerk: String) throws -> IssuedForm {
        let sheet = Form.feedback(FeedbackSheet(particulars: p, unit: unit, answersFormNumber: answering))
        return try issueForm(tx, sheet, record: record, clerk: clerk, unitCodes: [unit.code], refersTo: answering)
    }

    private func issueForm(_ tx: any CaseStoreSession, _ form: Form, record: CaseRecord, clerk: String, unitCodes: [String],
                           refersTo: FormNumber?) throws -> IssuedForm {
        let p = form.particulars
        let qr = FormQRPayload(kind: form.kind, caseNumber: record.number, formNumber: p.formNumber).text(tagger: settings.tagger)
        let rendered = try renderer.render(form, qrText: qr)
        let issued = IssuedForm(number: p.formNumber, caseNumber: record.number, issuedAt: p.issuedAt, actor: clerk,
                                recipients: unitCodes, unitCode: form.kind == .approval ? nil : p.leadUnit?.code,
                                deadline: p.deadline, refersTo: refersTo, xml: rendered.xml, odt: rendered.odt)
        try tx.insertForm(issued)
        return issued
    }
}
