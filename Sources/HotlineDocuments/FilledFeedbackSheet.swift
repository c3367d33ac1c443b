import Foundation
import HotlineCore

/// A feedback sheet (反馈单) as a unit returned it in ODT: what it is about, the unit's answer,
/// every field's raw value, and the notes on fields the reader could not take.
///
/// The ODT carries no more than its fields: which assignment or supervision sheet it answers is
/// not among them, so the case store finds it from `formNumber` (the center issued the sheet
/// with that form). The pre-filled particulars are not read back as a model either — the center
/// holds the originals; `changedFields(from:)` shows where the unit's copy differs.
public struct FilledFeedbackSheet: Sendable, Equatable {
    /// From `case_number`; nil (with a note) when it holds no case number of this center.
    public var caseNumber: CaseNumber?
    /// From `form_number`, a feedback sheet's `FK…`; nil (with a note) when unreadable.
    public var formNumber: FormNumber?
    /// 办理单位, as printed on the sheet (`unit_name`), or nil when blank.
    public var unitName: String?
    /// Every field of RULES.md §8 the unit filled in.
    public var answer: FeedbackSheet.Answer
    /// Every user field's value by its name in the document (`citation_title.2`), as LibreOffice
    /// stored it: the record of what the unit sent.
    public var fields: [String: String]
    /// The fields present but not understood, in field order.
    public var notes: [FeedbackODTNote]

    public init(caseNumber: CaseNumber?, formNumber: FormNumber?, unitName: String?, answer: FeedbackSheet.Answer,
                fields: [String: String], notes: [FeedbackODTNote]) {
        self.caseNumber = caseNumber
        self.formNumber = formNumber
        self.unitName = unitName
        self.answer = answer
        self.fields = fields
        self.notes = notes
    }

    /// The pre-filled single fields whose value differs from what the center sent (`sent`, the
    /// issued form's `FormTemplateValues`), sorted; the answer's own fields are not counted.
    public func changedFields(from sent: FormTemplateValues) -> [String] {
        FormFieldCatalog.common.filter { name in
            (fields[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                != (sent.values[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }.sorted()
    }
}
