import Foundation

/// Writes a form as XML in the forms namespace (`templates/forms.xsd`), unsigned: the data half of
/// every form (issue 4, item 2). Pure; the signature is added by `HotlineDocuments`.
///
/// Dates are `xs:dateTime` in the center's zone with its offset. Text is escaped, carriage returns
/// dropped, and characters XML 1.0 forbids (C0 controls but tab and newline, U+FFFE/FFFF) removed,
/// so that a hostile mail cannot make a form that does not parse.
public struct FormXMLWriter: Sendable {
    public static let namespace = "urn:hotline:forms:1"

    public var timeZone: TimeZone

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// The root element's name for each kind.
    public static func rootName(_ kind: FormKind) -> String {
        switch kind {
        case .approval: return "ApprovalSheet"
        case .assignment: return "AssignmentSheet"
        case .supervision: return "SupervisionSheet"
        case .feedback: return "FeedbackSheet"
        }
    }

    /// `2026-11-29T09:15:00+08:00` in the writer's zone.
    public func dateTime(_ d: Date) -> String { Writer(timeZone: timeZone).date(d) }

    /// An `xs:decimal` as the forms write it: `5`, `1.5` (never an exponent).
    static func amount(_ v: Double) -> String { ClockAmount.text(v) }

    public func xml(_ form: Form) -> String {
        var w = Writer(timeZone: timeZone)
        let root = Self.rootName(form.kind)
        w.line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        w.open(root, ["xmlns": Self.namespace, "version": "1"], order: ["xmlns", "version"])
        particulars(form.particulars, &w)
        switch form {
        case .approval(let s):
            w.element("ProposedHandling", s.proposedHandling)
            w.element("CenterHead", s.centerHead)
            w.element("Leader", s.leaderName)
            if let i = s.leaderInstruction { w.element("LeaderInstruction", i) }
        case .assignment(let s):
            w.element("CenterHead", s.centerHead)
        case .supervision(let s):
            var attrs = ["round": String(s.round)]
            if let o = s.originalFormNumber { attrs["original"] = o.description }
            w.open("Supervision", attrs, order: ["round", "original"])
            w.element("Reason", s.reason)
            w.close("Supervision")
            w.element("CenterHead", s.centerHead)
        case .feedback(let s):
            feedback(s, &w)
        }
        w.close(root)
        return w.out
    }

    private func particulars(_ p: FormParticulars, _ w: inout Writer) {
        w.empty("Form", ["number": p.formNumber.description, "issued": w.date(p.issuedAt), "issuer": p.centerName],
                order: ["number", "issued", "issuer"])
        w.open("Case", ["number": p.caseNumber.description, "received": w.date(p.receivedAt), "channel": p.channel.rawValue],
               order: ["number", "received", "channel"])
        w.open("Petitioner", [:], order: [])
        if let v = p.petitioner.name { w.element("Name", v) }
        if let v = p.petitioner.phone { w.element("Phone", v) }
        if let v = p.petitioner.address { w.element("Address", v) }
        if let v = p.petitioner.email { w.element("Email", v) }
        w.close("Petitioner")
        w.element("Subject", p.subject)
        w.element("Summary", p.summary)
        w.element("Kind", p.kind.chinese, ["code": p.kind.rawValue])
        w.element("HandlingClass", p.handlingClass.chinese, ["code": p.handlingClass.rawValue])
        w.element("HeavyItem", p.heavyItem ? "true" : "false")
        w.close("Case")
        if p.leadUnit != nil || !p.assistingUnits.isEmpty {
            w.open("Units", [:], order: [])
            if let l = p.leadUnit { w.element("Lead", l.name, ["code": l.code]) }
            for a in p.assistingUnits { w.element("Assist", a.name, ["code": a.code]) }
            w.close("Units")
        }
        if let due = p.deadline, let limit = p.deadlineLimit {
            var attrs = ["due": w.date(due), "limit": Self.amount(limit.amount), "unit": limit.unit.rawValue]
            if let e = limit.extendTo { attrs["mayExtendTo"] = Self.amount(e) }
            w.element("Deadline", limit.rule, attrs, order: ["due", "limit", "unit", "mayExtendTo"])
        }
        if let r = p.replyAddress { w.element("ReplyTo", r) }
    }

    private func feedback(_ s: FeedbackSheet, _ w: inout Writer) {
        w.element("Unit", s.unit.name, ["code": s.unit.code])
        if let n = s.answersFormNumber { w.empty("Answers", ["form": n.description], order: ["form"]) }
        let a = s.answer
        if let v = a.result { w.element("Result", v) }
        if !a.citations.isEmpty {
            w.open("Citations", [:], order: [])
            for c in a.citations { w.element("Citation", c.title, ["documentNumber": c.documentNumber]) }
            w.close("Citations")
        }
        if let v = a.satisfaction { w.element("Satisfaction", v) }
        if let v = a.petitionerContact { w.element("PetitionerContact", v) }
        if a.responsibleUnit != nil || a.responsiblePerson != nil {
            w.open("Responsible", [:], order: [])
            if let v = a.responsibleUnit { w.element("Unit", v) }
            if let v = a.responsiblePerson { w.element("Person", v) }
            w.close("Responsible")
        }
        if a.handlerName != nil || a.handlerUnit != nil || a.handlerPhone != nil {
            w.open("Handler", [:], order: [])
            if let v = a.handlerName { w.element("Name", v) }
            if let v = a.handlerUnit { w.element("Unit", v) }
            if let v = a.handlerPhone { w.element("Phone", v) }
            w.close("Handler")
        }
        if let s = a.signOff { w.empty("SignOff", ["name": s.name, "title": s.title], order: ["name", "title"]) }
        if let c = a.countersign {
            w.empty("Countersign", ["unit": a.countersignUnit ?? "", "name": c.name, "title": c.title], order: ["unit", "name", "title"])
        }
        if a.requestsExtension {
            var attrs: [String: String] = [:]
            if let u = a.extensionUntil { attrs["until"] = w.date(u) }
            w.element("ExtensionRequest", a.extensionReason ?? "", attrs, order: ["until"])
        }
        if let r = a.notOurDutyReason { w.element("TakeBackRequest", r) }
    }

    /// A tiny indenting XML writer; attribute order is fixed so output is byte-stable.
    struct Writer {
        var out = ""
        var depth = 0
        let calendar: Calendar

        init(timeZone: TimeZone) {
            var c = Calendar(identifier: .gregorian)
            c.timeZone = timeZone
            calendar = c
            out.reserveCapacity(4096)
        }

        /// `2026-11-29T09:15:00+08:00`: wall-clock time and the offset in force at that moment
        /// (China kept daylight saving time in 1986–1991).
        func date(_ d: Date) -> String {
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: d)
            let s = calendar.timeZone.secondsFromGMT(for: d)
            let offset = s == 0 ? "Z" : String(format: "%@%02d:%02d", s < 0 ? "-" : "+", abs(s) / 3600, abs(s) % 3600 / 60)
            return String(format: "%04d-%02d-%02dT%02d:%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0,
                          c.hour ?? 0, c.minute ?? 0, c.second ?? 0) + offset
        }

        mutating func line(_ s: String) {
            out += String(repeating: "  ", count: depth) + s + "\n"
        }

        func attributes(_ attrs: [String: String], order: [String]) -> String {
            let keys = order.filter { attrs[$0] != nil } + attrs.keys.filter { !order.contains($0) }.sorted()
            return keys.map { " \($0)=\"\(FormXMLWriter.escape(attrs[$0] ?? "", attribute: true))\"" }.joined()
        }

        mutating func open(_ name: String, _ attrs: [String: String], order: [String]) {
            line("<\(name)\(attributes(attrs, order: order))>")
            depth += 1
        }

        mutating func close(_ name: String) {
            depth -= 1
            line("</\(name)>")
        }

        mutating func empty(_ name: String, _ attrs: [String: String], order: [String]) {
            line("<\(name)\(attributes(attrs, order: order))/>")
        }

        mutating func element(_ name: String, _ text: String, _ attrs: [String: String] = [:], order: [String] = []) {
            line("<\(name)\(attributes(attrs, order: order))>\(FormXMLWriter.escape(text, attribute: false))</\(name)>")
        }
    }

    /// Escapes for XML 1.0 content or a double-quoted attribute, dropping characters XML cannot carry.
    public static func escape(_ s: String, attribute: Bool) -> String {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            switch u {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"" where attribute: out.append(contentsOf: "&quot;".unicodeScalars)
            case "\n" where attribute: out.append(contentsOf: "&#xA;".unicodeScalars)
            case "\t" where attribute: out.append(contentsOf: "&#x9;".unicodeScalars)
            case "\r": continue
            default:
                if u.value < 0x20 && u != "\n" && u != "\t" { continue }
                if u.value == 0xFFFE || u.value == 0xFFFF { continue }
                out.append(u)
            }
        }
        return String(out)
    }
}
