import Foundation

// Each payload to and from its flat fields (`EventFields`), under the keys the history has always
// used. `Body(type:fields:)` reads what `Body.fields` writes, and every event written before issue
// 10 (all values text) — tested against events captured from the program of that time.

extension CaseEvent.Body {
    /// The payload's fields; dates in `timeZone`.
    public func fields(timeZone: TimeZone) -> EventFields {
        var f = EventFields(timeZone: timeZone)
        switch self {
        case .registered(let r):
            f.set("source", r.source)
            f.set("channel", r.channel)
            f.set("kind", r.kind.value)
            f.set("kind_rule", r.kind.rule)
            f.set("class", r.handlingClass.value)
            f.set("class_rule", r.handlingClass.rule)
            f.set("key_matter", r.keyMatter.value)
            f.set("key_rule", r.keyMatter.rule)
            f.set("scope", r.scope.value.text)
            f.set("scope_rule", r.scope.rule)
            f.set("state", r.state)
            f.set("cites_cases", list: r.citesCases.map(\.description))
        case .mailDefects(let d):
            f.set("count", d.count)
            f.set("kinds", list: d.kinds)
        case .noticeQueued(let n):
            f.set("message_id", n.messageID)
            f.set("to", list: n.to)
        case .noAcknowledgement(let reason):
            f.set("reason", reason)
        case .replyReceived(let m):
            m.write(to: &f)
        case .scanNotRead(let s):
            f.set("attachment", s.attachment)
            f.set("reason", s.reason)
            f.set("message", s.message)
            f.set("original_name", s.originalName)
        case .override(let o):
            f.set("field", o.field)
            f.set("from", o.from)
            f.set("to", o.to)
            f.set("reason", o.reason)
            f.set("state", o.state)
        case .formIssued(let i):
            i.write(to: &f)
        case .holdingAttached(let h):
            f.set("source", h.source)
            f.set("outcome", h.outcome)
        case .unitReply(let r):
            r.write(to: &f)
        case .paperSuperseded(let form):
            f.set("form", form?.description ?? "")
        case .feedbackConfirmed(let c):
            c.sheet?.write(to: &f)
            f.set("received", c.received)
            f.set("note", c.note)
            c.request.write(to: &f)
        case .extensionDecided(let d):
            f.set("request_form", d.requestForm?.description ?? "")
            f.set("reason", d.reason)
            if case .granted(let until, let notice) = d.decision {
                f.set("until", until)
                f.set("petitioner_notice", notice)
            }
        case .reviewed(let r):
            if case .returned(let reason, let notice) = r.decision {
                f.set("reason", reason)
                f.set("return_notice", notice)
            }
            f.set("state", r.state)
        case .replySent(let r):
            f.set("message_id", r.messageID)
            f.set("to", list: r.to)
            f.set("unit", r.unit)
            f.set("by_phone", r.byPhone)
        case .answered(let a):
            f.set("message_id", a.messageID)
            f.set("to", list: a.to)
            f.set("text", a.text)
            f.set("standard_answer", a.standardAnswer)
        case .clockHeld(let reason):
            f.set("reason", reason)
        case .clockReleased(let reason):
            f.set("reason", reason)
        case .clockChanged(let c):
            c.write(to: &f)
        case .clockAction(let a):
            a.write(to: &f)
        case .unrecognized(_, let data):
            if let (stored, _) = EventFields.stored(data, timeZone: timeZone) { return stored }
            f.set("raw", data)
        }
        return f
    }

    /// The body an event of `type` with these fields records; throws when a field it needs is
    /// missing or unreadable. An unknown type is `unrecognized`, kept as it is.
    public init(type: String, fields f: EventFields, verbatim: String) throws(EventFields.Unreadable) {
        switch type {
        case "registered":
            guard let scope = ScopeDecision(text: try f.text("scope")) else { throw .init(key: "scope", value: f.optional("scope")) }
            var cites: [CaseNumber] = []
            for s in f.list("cites_cases") {
                guard let n = CaseNumber(stored: s) else { throw .init(key: "cites_cases", value: s) }
                cites.append(n)
            }
            let key = try f.required("key_matter", f.flag)
            self = .registered(.init(
                source: try f.text("source"), channel: try f.need("channel"),
                kind: Decided(try f.need("kind"), rule: try f.text("kind_rule")),
                handlingClass: Decided(try f.need("class"),
                                       rule: try f.text("class_rule")),
                keyMatter: Decided(key, rule: try f.text("key_rule")),
                scope: Decided(scope, rule: try f.text("scope_rule")),
                state: try f.need("state"), citesCases: cites))
        case "mail-defects":
            self = .mailDefects(.init(count: try f.required("count", f.count), kinds: f.list("kinds")))
        case "acknowledgement-queued", "guidance-queued":
            self = .noticeQueued(.init(purpose: type == "guidance-queued" ? .guidance : .acknowledgement,
                                       messageID: try f.text("message_id"), to: f.list("to")))
        case "no-acknowledgement":
            self = .noAcknowledgement(reason: try f.text("reason"))
        case "reply-received":
            self = .replyReceived(try .init(f))
        case "scan-not-read":
            self = .scanNotRead(.init(attachment: try f.text("attachment"), originalName: f.optional("original_name"),
                                      reason: try f.need("reason"),
                                      message: try f.text("message")))
        case "override":
            self = .override(.init(field: try f.need("field"),
                                   from: try f.text("from"), to: try f.text("to"), reason: f.optional("reason"),
                                   state: try f.value("state")))
        case "form-issued":
            self = .formIssued(try .init(f))
        case "holding-attached":
            self = .holdingAttached(.init(source: try f.text("source"), outcome: try f.text("outcome")))
        case "paper-superseded":
            self = .paperSuperseded(form: try f.formNumber("form"))
        case "feedback-confirmed":
            self = .feedbackConfirmed(.init(sheet: try CaseEvent.SheetRef(f), received: try f.date("received"), note: f.optional("note"),
                                            request: try .init(f)))
        case "extension-granted", "extension-denied":
            let decision: CaseEvent.ExtensionDecision.Decision = type == "extension-denied" ? .denied
                : .granted(until: try f.required("until", f.date), petitionerNotice: f.optional("petitioner_notice"))
            self = .extensionDecided(.init(requestForm: try f.formNumber("request_form"), reason: try f.text("reason"), decision: decision))
        case "review-accepted", "review-returned":
            let decision: CaseEvent.Review.Decision = type == "review-accepted" ? .accepted
                : .returned(reason: try f.text("reason"), returnNotice: try f.text("return_notice"))
            self = .reviewed(.init(decision: decision, state: try f.need("state")))
        case "reply-sent":
            self = .replySent(.init(messageID: f.nonEmpty("message_id"), to: f.list("to"), unit: f.nonEmpty("unit"),
                                    byPhone: f.nonEmpty("by_phone")))
        case "answer-sent":
            self = .answered(.init(messageID: try f.text("message_id"), to: f.list("to"), text: try f.text("text"),
                                   standardAnswer: f.nonEmpty("standard_answer")))
        case "clock-hold":
            self = .clockHeld(reason: try f.text("reason"))
        case "clock-release":
            self = .clockReleased(reason: f.optional("reason"))
        case "reminder-queued", "alert-queued", "action-waived":
            self = .clockAction(try .init(f, kind: type == "reminder-queued" ? .reminder : type == "alert-queued" ? .alert : .waived))
        case _ where type.hasPrefix("clock-"):
            guard let kind = ClockChange.Kind(rawValue: String(type.dropFirst(6))) else {
                self = .unrecognized(type: type, data: verbatim)
                return
            }
            self = .clockChanged(try .init(f, kind: kind))
        default:
            if let outcome = try CaseEvent.UnitReply.Outcome(type: type, f) {
                self = .unitReply(try .init(f, outcome: outcome))
            } else {
                self = .unrecognized(type: type, data: verbatim)
            }
        }
    }
}

extension CaseEvent.ReceivedMail {
    func write(to f: inout EventFields) {
        f.set("matched_by", matchedBy)
        f.set("from", from)
        f.set("subject", subject)
        f.set("raw_sha256", rawSHA256)
        f.set("text", text)
        f.set("message_id", messageID)
        f.set("attachments", list: attachments)
    }

    init(_ f: EventFields) throws(EventFields.Unreadable) {
        self.init(matchedBy: try f.text("matched_by"), from: try f.text("from"), subject: try f.text("subject"),
                  rawSHA256: try f.text("raw_sha256"), text: try f.text("text"), messageID: f.optional("message_id"),
                  attachments: f.list("attachments"))
    }
}

extension CaseEvent.FormIssue {
    func write(to f: inout EventFields) {
        f.set("form", number: form)
        f.set("kind", kind)
        f.set("forms", list: forms.map(\.description))
        f.set("mail", mail)
        f.set("sha256", sha256)
        if heavyItem { f.set("heavy_item", true) }
        f.set("send_after", sendAfter)
        switch detail {
        case .assignment(let unit, let assist, let deadline, let rule):
            f.set("unit", unit)
            f.set("assist", list: assist)
            f.set("deadline", deadline)
            f.set("deadline_rule", rule)
        case .approval(let leader, let unit):
            f.set("leader", leader)
            f.set("unit", unit)
        case .supervision(let unit, let round, let reason, let supervises):
            f.set("unit", unit)
            f.set("round", round)
            f.set("reason", reason)
            f.set("supervises", number: supervises)
        }
    }

    init(_ f: EventFields) throws(EventFields.Unreadable) {
        let kind: FormKind = try f.need("kind")
        let detail: Detail
        switch kind {
        case .assignment:
            detail = .assignment(unit: try f.text("unit"), assist: f.list("assist"), deadline: try f.required("deadline", f.date),
                                 deadlineRule: f.nonEmpty("deadline_rule"))
        case .approval:
            detail = .approval(leader: try f.text("leader"), proposedUnit: f.nonEmpty("unit"))
        case .supervision:
            detail = .supervision(unit: try f.text("unit"), round: try f.required("round", f.count), reason: try f.text("reason"),
                                  supervises: try f.required("supervises", f.formNumber))
        case .feedback:
            throw .init(key: "kind", value: kind.rawValue)
        }
        self.init(form: try f.required("form", f.formNumber), kind: kind, forms: try f.formNumbers("forms"), mail: try f.text("mail"),
                  sha256: try f.text("sha256"), heavyItem: try f.flag("heavy_item") ?? false, sendAfter: try f.date("send_after"),
                  detail: detail)
    }
}

extension CaseEvent.SheetRef {
    func write(to f: inout EventFields) {
        f.set("sheet_sha256", sha256)
        f.set("sheet", attachment)
        f.set("medium", medium)
        f.set("form", number: form)
        f.set("page", page)
    }

    /// nil when the fields name no sheet.
    init?(_ f: EventFields) throws(EventFields.Unreadable) {
        guard f.has("sheet_sha256") else { return nil }
        self.init(sha256: try f.text("sheet_sha256"), attachment: try f.text("sheet"),
                  medium: try f.need("medium"),
                  form: try f.formNumber("form"), page: try f.count("page"))
    }
}

extension CaseEvent.UnitRequest {
    func write(to f: inout EventFields) {
        f.set("request", kind)
        f.set("reason", reason)
        // An extension request without a date has always shown `until=` (empty).
        f.set("until", kind == .extensionRequest && until == nil ? "" : nil)
        f.set("until", until)
    }

    init(_ f: EventFields) throws(EventFields.Unreadable) {
        self.init(kind: try f.need("request"), reason: f.optional("reason"),
                  until: try f.date("until"))
    }
}

extension CaseEvent.UnitReply {
    /// A take-back more than a day after the assignment left is flagged (RULES.md §6).
    public static let lateTakeBackFlag = "take-back requested more than 1 day after the assignment left (RULES §6)"

    func write(to f: inout EventFields) {
        mail?.write(to: &f)
        f.set("received", received)
        sheet?.write(to: &f)
        f.set("other_sheets", otherSheets)
        f.set("note", note)
        switch outcome {
        case .received, .unassigned, .superseded, .unverified:
            break
        case .outOfTurn(let state):
            f.set("state", state)
        case .returned(let checks, let reasons, let notice):
            f.set("checks", list: checks.map(\.rawValue))
            f.set("reasons", list: reasons)
            f.set("return_notice", notice)
        case .toConfirm(let request):
            request.write(to: &f)
        case .takeBack(let reason, let late):
            CaseEvent.UnitRequest(kind: .takeBack, reason: reason).write(to: &f)
            f.set("late", late)
            if late { f.set("flag", Self.lateTakeBackFlag) }
        case .extensionRequested(let until, let reason):
            CaseEvent.UnitRequest(kind: .extensionRequest, reason: reason, until: until).write(to: &f)
        case .accepted(let result):
            f.set("request", FeedbackRequest.answer)
            f.set("result", result)
        }
    }

    init(_ f: EventFields, outcome: Outcome) throws(EventFields.Unreadable) {
        self.init(mail: f.has("matched_by") ? try CaseEvent.ReceivedMail(f) : nil, received: try f.date("received"),
                  sheet: try CaseEvent.SheetRef(f), otherSheets: f.optional("other_sheets"), note: f.optional("note"), outcome: outcome)
    }
}

extension CaseEvent.UnitReply.Outcome {
    /// The outcome an event type names; nil when the type is not a unit reply's.
    init?(type: String, _ f: EventFields) throws(EventFields.Unreadable) {
        switch type {
        case "unit-reply-received": self = .received
        case "feedback-unassigned": self = .unassigned
        case "feedback-superseded": self = .superseded
        case "feedback-unverified": self = .unverified
        case "feedback-out-of-turn":
            self = .outOfTurn(state: try f.need("state"))
        case "feedback-returned":
            var checks: [SignOffRules.Check] = []
            for s in f.list("checks") {
                guard let c = SignOffRules.Check(rawValue: s) else { throw .init(key: "checks", value: s) }
                checks.append(c)
            }
            self = .returned(checks: checks, reasons: f.list("reasons"), returnNotice: try f.text("return_notice"))
        case "feedback-to-confirm": self = .toConfirm(try CaseEvent.UnitRequest(f))
        case "feedback-take-back": self = .takeBack(reason: f.optional("reason") ?? "", late: try f.flag("late") ?? false)
        case "feedback-extension-requested": self = .extensionRequested(until: try f.date("until"), reason: f.optional("reason") ?? "")
        case "feedback-accepted": self = .accepted(result: f.optional("result") ?? "")
        default: return nil
        }
    }
}
