import Foundation
import HotlineCore
import HotlineXML

/// Reads a form written in the forms namespace (`templates/forms.xsd`) back into the form model:
/// the inverse of `FormXMLWriter`, for the feedback sheets units return (RULES.md §8).
///
/// The steps, each refusing with its own `FormReadProblem`:
/// 1. a safe parse (`XMLTree(parsing:)`: no DOCTYPE, so no entities; UTF-8 only) within limits a
///    form never comes near — 1 MiB, nesting 32, 5,000 elements;
/// 2. the root is one of the four forms in `urn:hotline:forms:1`;
/// 3. the whole document is validated against the schema **before anything is read**, and every
///    violation is reported;
/// 4. each element and attribute is mapped back to the model; values the schema admits but the
///    model cannot hold (a case number of another center, an unknown kind code…) are refused with
///    the element and line.
///
/// An enveloped `ds:Signature` is admitted by the schema and skipped by the reader: checking it is
/// a separate step, on the same tree (`ReadForm.tree`).
///
/// For every form the writer writes (with `Line` fields of 1–200 characters on one line, as the
/// schema requires), `read(write(form)).form == form`, to the second. Where the writer writes two
/// forms the same, the reader gives the one without the empty value — an `ExtensionRequest`
/// with `until` and no text is `extensionReason == nil`, a `Countersign` with `unit=""` is
/// `countersignUnit == nil`.
public struct FormXMLReader: Sendable {
    /// Bounds far above the largest valid form (five 20,000-character texts, 50 citations, 20
    /// assisting units and a signature: well under 1 MiB, depth 7, 200 elements) and far below
    /// what would hurt.
    public static let limits = XMLLimits(maxBytes: 1 << 20, maxDepth: 32, maxElements: 5_000)

    /// `templates/forms.xsd`, compiled.
    public let schema: XMLSchema
    /// This center's case-number prefix (`BB`); a form about another center's case is refused.
    public let casePrefix: String
    /// The zone the center writes its forms in. Reading needs none — the schema makes every
    /// `xs:dateTime` carry its offset — but a form read and written again by
    /// `FormXMLWriter(timeZone: reader.timeZone)` comes out in the center's zone.
    public let timeZone: TimeZone
    /// The parse bounds: `FormXMLReader.limits` unless a caller narrows them.
    public var limits: XMLLimits

    public init(schema: XMLSchema, casePrefix: String, timeZone: TimeZone) {
        self.schema = schema
        self.casePrefix = casePrefix.uppercased()
        self.timeZone = timeZone
        self.limits = Self.limits
    }

    /// Reads one form from the bytes of a document; `name` (a file or mail-part name) is used in
    /// every problem.
    public func read(_ bytes: [UInt8], name: String) throws(FormReadProblem) -> ReadForm {
        let tree: XMLTree
        do {
            tree = try XMLTree(parsing: bytes, name: name, limits: limits)
        } catch {
            throw .unreadable(error)
        }
        let kind = try Self.kind(of: tree.root, document: name)
        let violations = schema.violations(in: tree)
        guard violations.isEmpty else { throw .notValid(document: name, violations) }
        let form = try self.form(kind, FormFields(root: tree.root, document: name))
        return ReadForm(form: form, bytes: bytes, tree: tree)
    }

    /// The kind of form a root element is, by its name in the forms namespace.
    static func kind(of root: XMLElement, document: String) throws(FormReadProblem) -> FormKind {
        guard root.namespaceURI == FormXMLWriter.namespace,
              let kind = FormKind.allCases.first(where: { FormXMLWriter.rootName($0) == root.localName }) else {
            throw .notAHotlineForm(document: document, root: root.localName, namespace: root.namespaceURI)
        }
        return kind
    }

    func form(_ kind: FormKind, _ root: FormFields) throws(FormReadProblem) -> Form {
        let p = try particulars(root, kind: kind)
        switch kind {
        case .approval:
            return .approval(ApprovalSheet(particulars: p, proposedHandling: try root.requiredText("ProposedHandling"),
                                           centerHead: try root.requiredText("CenterHead"),
                                           leaderName: try root.requiredText("Leader"),
                                           leaderInstruction: root.text("LeaderInstruction")))
        case .assignment:
            return .assignment(AssignmentSheet(particulars: p, centerHead: try root.requiredText("CenterHead")))
        case .supervision:
            let s = try root.required("Supervision")
            return .supervision(SupervisionSheet(particulars: p, reason: try s.requiredText("Reason"), round: try s.integer("round"),
                                                 originalFormNumber: try s.optionalFormNumber("original"),
                                                 centerHead: try root.requiredText("CenterHead")))
        case .feedback:
            return .feedback(try feedback(root, particulars: p))
        }
    }

    /// The `Particulars` group every form starts with: `Form`, `Case`, `Units`, `Deadline`, `ReplyTo`.
    func particulars(_ root: FormFields, kind: FormKind) throws(FormReadProblem) -> FormParticulars {
        let header = try root.required("Form")
        let formNumber = try header.formNumber("number")
        guard formNumber.kind == kind else {
            throw .formNumberOfAnotherKind(document: root.document, header.place("number"), number: formNumber.description, expected: kind)
        }
        let c = try root.required("Case")
        let petitioner = try c.required("Petitioner")
        var units: (lead: FormParticulars.UnitRef?, assisting: [FormParticulars.UnitRef]) = (nil, [])
        if let u = root.child("Units") {
            units = (try u.required("Lead").unitRef(), try u.children("Assist").map { a throws(FormReadProblem) in try a.unitRef() })
        }
        var deadline: (due: Date, limit: UnitDeadlines.Limit)?
        if let d = root.child("Deadline") {
            // Since issue 11: `limit`, `unit`, `mayExtendTo`; before it, `days` of 24 hours.
            if d.attribute("unit") != nil {
                deadline = (try d.dateTime("due"),
                            UnitDeadlines.Limit(amount: try d.decimal("limit"), unit: try d.code("unit", as: ClockUnit.self),
                                                extendTo: try d.optionalDecimal("mayExtendTo"), rule: d.text))
            } else {
                deadline = (try d.dateTime("due"),
                            UnitDeadlines.Limit(amount: Double(try d.integer("days")), unit: .days,
                                                extendTo: try d.optionalInteger("mayExtendToDays").map(Double.init), rule: d.text))
            }
        }
        return FormParticulars(
            caseNumber: try caseNumber(c), formNumber: formNumber, issuedAt: try header.dateTime("issued"),
            centerName: try header.requiredAttribute("issuer"), receivedAt: try c.dateTime("received"),
            channel: try c.code("channel", as: Channel.self),
            petitioner: Petitioner(name: petitioner.text("Name"), address: petitioner.text("Address"),
                                   phone: petitioner.text("Phone"), email: petitioner.text("Email")),
            subject: try c.requiredText("Subject"), summary: try c.requiredText("Summary"),
            kind: try c.required("Kind").code("code", as: MatterKind.self),
            handlingClass: try c.required("HandlingClass").code("code", as: HandlingClass.self),
            heavyItem: try c.required("HeavyItem").boolean(),
            leadUnit: units.lead, assistingUnits: units.assisting,
            deadline: deadline?.due, deadlineLimit: deadline?.limit, replyAddress: root.text("ReplyTo"))
    }

    /// `Case/@number`: ours only (the schema admits any prefix of capitals), and naming a case.
    func caseNumber(_ c: FormFields) throws(FormReadProblem) -> CaseNumber {
        let text = try c.requiredAttribute("number")
        let afterPrefix = text.dropFirst(casePrefix.count)
        guard text.hasPrefix(casePrefix), afterPrefix.first?.isASCII == true, afterPrefix.first?.isNumber == true else {
            throw .foreignCaseNumber(document: c.document, c.place("number"), number: text, expectedPrefix: casePrefix)
        }
        guard let number = CaseNumber(text, prefix: casePrefix) else {
            throw .unusableNumber(document: c.document, c.place("number"), number: text)
        }
        return number
    }
}

/// A form read from a document, with the bytes it came from and the tree they parsed to.
///
/// The bytes are kept exactly as received, for the case file and for any outside check of the
/// signature (STYLE.md, habit 3). The tree is the one the schema validated and the form was read
/// from: `XMLSignatureVerifier.verify(_:)` takes it, so the signature is checked on exactly what
/// was read, without a second parse. Not `Sendable`: an `XMLTree` belongs to one task.
public struct ReadForm {
    public let form: Form
    public let bytes: [UInt8]
    public let tree: XMLTree

    /// The `ds:Signature` child of the root, if the form carries one; not checked by the reader.
    public var signature: XMLElement? {
        tree.root.firstChild(localName: "Signature", namespace: XMLDSig.namespace)
    }
}
