import Foundation

/// What a case holds that judging a unit's reply needs, read from the store in one step.
public struct CaseFile: Sendable {
    public var record: CaseRecord
    public var forms: [IssuedForm]
    public var events: [CaseEvent]
    /// When a take-back of the current assignment is due: the `unit.take-back` row counted from when
    /// the assignment reached the unit's mail server (`ReturnPath.sentAt`). Read only when a sheet asks
    /// for a take-back (nil otherwise, and when the case was never assigned).
    public var takeBackDue: Date?

    public init(record: CaseRecord, forms: [IssuedForm], events: [CaseEvent], takeBackDue: Date?) {
        self.record = record
        self.forms = forms
        self.events = events
        self.takeBackDue = takeBackDue
    }

    /// The form that put the case with its unit: the latest assignment sheet.
    public var assignment: IssuedForm? { forms.last { $0.kind == .assignment } }

    /// The feedback sheets that answer the current assignment: the one sent with it, and those sent
    /// with its supervision sheets. An earlier unit's sheet (before a take-back and a new
    /// assignment) is not among them.
    public var currentFeedbackForms: [FormNumber] {
        guard let assignment else { return [] }
        let answered = Set([assignment.number] + forms.filter { $0.kind == .supervision && $0.refersTo == assignment.number }.map(\.number))
        return forms.filter { $0.kind == .feedback && $0.refersTo.map(answered.contains) == true }.map(\.number)
    }

    /// A take-back is late when it came after its row's limit (RULES.md §6: "within 1 day of receipt").
    public func takeBackIsLate(receivedAt: Date) -> Bool { takeBackDue.map { receivedAt > $0 } ?? false }
}

/// What the return path decides about one unit reply matched to its case (issue 10, item 3).
/// `FeedbackVerdict.judge` is pure — the reply's sheets, the case file, the registry in; the
/// verdict out — and `ReturnPath.apply` records it.
public struct FeedbackVerdict: Sendable, Equatable {
    public enum Decision: Sendable, Equatable {
        /// Nothing to record it on: the matched case does not exist. The reply waits for a clerk.
        case holding(reason: String)
        /// A reply without a feedback sheet: recorded on the case.
        case noSheet
        /// The same sheet was received before; nothing is recorded again.
        case duplicate
        /// A sheet for a case never assigned (or whose unit left the registry): recorded for a clerk.
        case unassigned
        /// A sheet of an earlier assignment: recorded, judged against nobody.
        case superseded(FormNumber)
        /// Placed by headers alone and not signed by the unit: recorded, nothing changed.
        case unverified
        /// The case is not with the unit: recorded, nothing changed.
        case outOfTurn(CaseState)
        /// Back to the unit (退单) for every check it failed.
        case returned([SignOffRules.Failure])
        /// A paper or ODT reply, its sign-off for a clerk to confirm.
        case toConfirm(CaseEvent.UnitRequest, note: String)
        /// The unit asks the center to take the matter back (回单).
        case takeBack(reason: String, late: Bool)
        /// The unit asks for more time; pending the center's decision.
        case extensionRequested(until: Date?, reason: String)
        /// The answer passed the checks; it awaits the center's review.
        case accepted(result: String)
    }

    public var decision: Decision
    /// The sheet that answers, when the reply had one.
    public var sheet: ReceivedFeedback?
    /// The other sheets the reply carried, named on the case.
    public var others: [ReceivedFeedback]
    /// The unit's signed sheet sets aside a paper reply still waiting for a clerk.
    public var supersedesPaper: Bool

    /// Judges a reply matched to `file`'s case.
    ///
    /// `trusted`: the match itself could not have been made by a stranger (`ReturnPath.Match`); an
    /// untrusted match changes the case only for an XML sheet signed with the key of the case's unit.
    /// `receivedAt`: when the reply reached the center (a backlog must not make a take-back late).
    public static func judge(_ sheets: [ReceivedFeedback], trusted: Bool, receivedAt: Date, file: CaseFile?, matched number: CaseNumber,
                             units: UnitsRegistry) -> FeedbackVerdict {
        guard let file else {
            return FeedbackVerdict(decision: .holding(reason: "matched case \(number) does not exist"), sheet: nil, others: [],
                                   supersedesPaper: false)
        }
        let current = file.currentFeedbackForms
        guard let f = best(sheets, current: current) else {
            return FeedbackVerdict(decision: .noSheet, sheet: nil, others: [], supersedesPaper: false)
        }
        var verdict = FeedbackVerdict(decision: .noSheet, sheet: f, others: sheets.filter { $0 != f }, supersedesPaper: false)
        verdict.decision = decide(f, trusted: trusted, receivedAt: receivedAt, file: file, current: current, units: units,
                                  supersedesPaper: &verdict.supersedesPaper)
        return verdict
    }

    private static func decide(_ f: ReceivedFeedback, trusted: Bool, receivedAt: Date, file: CaseFile, current: [FormNumber],
                               units: UnitsRegistry, supersedesPaper: inout Bool) -> Decision {
        if file.events.contains(where: { $0.unitReply.map { $0.outcome.settlesTheSheet && $0.sheet?.sha256 == f.sha256 } == true }) {
            return .duplicate
        }
        guard let assignment = file.assignment, let code = assignment.unitCode, let unit = units.unit(code) else { return .unassigned }
        if let form = f.formNumber, !current.contains(form), file.forms.contains(where: { $0.number == form }) {
            // A sheet of an earlier assignment (before a take-back and a new one): not judged against
            // the unit now in charge, and no return notice to it.
            return .superseded(form)
        }
        let signedByItsUnit: Bool
        if case .valid(let signers) = f.signature {
            let codes = units.lineOfSignOff(unit).map(\.code)
            signedByItsUnit = signers.contains { codes.contains($0.unit) }
        } else {
            signedByItsUnit = false
        }
        guard trusted || signedByItsUnit else { return .unverified }
        var state = file.record.state
        if state == .awaitingConfirmation, f.medium == .xml, signedByItsUnit {
            // The unit's signed sheet outranks a paper reply still waiting for a clerk.
            supersedesPaper = true
            state = .assigned
        }
        guard state == .assigned else { return .outOfTurn(state) }
        var record = file.record
        record.state = state
        let parent = units.parent(of: unit)
        let context = SignOffRules.Context(record: record, unit: unit, parent: parent,
                                           heavyItem: file.forms.contains { $0.kind.makesHeavyItem },
                                           issuedFeedbackForms: current, unitNames: units.units.map(\.name))
        var failures = SignOffRules.failures(f, context)
        if f.medium == .paper {
            // A faxed page is read for its code only: its handwritten content and sign-off are the clerk's to check.
            failures = failures.filter { $0.check == .sameCase || $0.check == .readable }
        }
        if !failures.isEmpty { return .returned(failures) }
        let request = request(f)
        switch f.medium {
        case .paper:
            return .toConfirm(CaseEvent.UnitRequest(kind: .unknown), note: "paper reply — handwritten sign-off to be confirmed")
        case .odt, .docx:
            return .toConfirm(request, note: "ODT reply without a signature — sign-off to be confirmed")
        case .xml:
            switch request.kind {
            case .takeBack: return .takeBack(reason: request.reason ?? "", late: file.takeBackIsLate(receivedAt: receivedAt))
            case .extensionRequest: return .extensionRequested(until: request.until, reason: request.reason ?? "")
            case .answer, .unknown: return .accepted(result: f.answer?.result ?? "")
            }
        }
    }

    /// What the sheet asks: an answer, a take-back (回单) or an extension, with its reason and date.
    static func request(_ f: ReceivedFeedback) -> CaseEvent.UnitRequest {
        let answer = f.answer ?? FeedbackSheet.Answer()
        if answer.requestsTakeBack { return .init(kind: .takeBack, reason: answer.notOurDutyReason ?? "") }
        if answer.requestsExtension { return .init(kind: .extensionRequest, reason: answer.extensionReason ?? "", until: answer.extensionUntil) }
        return .init(kind: .answer)
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
}
