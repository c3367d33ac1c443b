import Foundation
import HotlineCore

extension FormXMLReader {
    /// The feedback sheet's own part: the answering unit, the form it answers, and every field of
    /// the unit's answer (RULES.md §8) — the input of the checks on a returned sheet.
    func feedback(_ root: FormFields, particulars: FormParticulars) throws(FormReadProblem) -> FeedbackSheet {
        FeedbackSheet(particulars: particulars, unit: try root.required("Unit").unitRef(),
                      answersFormNumber: try root.child("Answers")?.formNumber("form"), answer: try answer(root))
    }

    func answer(_ root: FormFields) throws(FormReadProblem) -> FeedbackSheet.Answer {
        var a = FeedbackSheet.Answer()
        a.result = root.text("Result")
        a.citations = try root.child("Citations")?.children("Citation").map { c throws(FormReadProblem) in
            FeedbackSheet.Citation(title: c.text, documentNumber: try c.requiredAttribute("documentNumber"))
        } ?? []
        a.satisfaction = root.text("Satisfaction")
        a.petitionerContact = root.text("PetitionerContact")
        if let r = root.child("Responsible") {
            a.responsibleUnit = r.text("Unit")
            a.responsiblePerson = r.text("Person")
        }
        if let h = root.child("Handler") {
            a.handlerName = h.text("Name")
            a.handlerUnit = h.text("Unit")
            a.handlerPhone = h.text("Phone")
        }
        if let s = root.child("SignOff") {
            a.signOff = try signatory(s)
        }
        if let c = root.child("Countersign") {
            a.countersign = try signatory(c)
            let unit = try c.requiredAttribute("unit")
            a.countersignUnit = unit.isEmpty ? nil : unit
        }
        if let e = root.child("ExtensionRequest") {
            a.extensionUntil = try e.optionalDateTime("until")
            // The writer writes a missing reason as empty text; without `until` the empty text is
            // all that says an extension is asked for, so it stays.
            a.extensionReason = e.text.isEmpty && a.extensionUntil != nil ? nil : e.text
        }
        a.notOurDutyReason = root.text("TakeBackRequest")
        return a
    }

    /// `SignOff` or `Countersign`: who signs, and as what.
    private func signatory(_ s: FormFields) throws(FormReadProblem) -> FeedbackSheet.Signatory {
        .init(name: try s.requiredAttribute("name"), title: try s.requiredAttribute("title"))
    }
}
