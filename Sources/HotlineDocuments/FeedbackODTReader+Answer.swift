import Foundation
import HotlineCore

/// The field values of a filled feedback sheet turned into the answer of RULES.md §8 — the
/// inverse of the `.feedback` case of `FormTemplateValues` — with a note for each value that
/// cannot be taken. Values are trimmed; a blank field is an absent value.
struct FieldValues {
    let values: [String: String]
    let timeZone: TimeZone
    var notes: [FeedbackODTNote] = []

    /// The value trimmed of white space and newlines (LibreOffice keeps a trailing newline typed
    /// into the field dialog), or "" when absent.
    func trimmed(_ name: String) -> String {
        (values[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The trimmed value, nil when blank.
    func text(_ name: String) -> String? {
        let value = trimmed(name)
        return value.isEmpty ? nil : value
    }

    mutating func answer() -> FeedbackSheet.Answer {
        var a = FeedbackSheet.Answer()
        a.result = text("result")
        a.citations = citations()
        a.satisfaction = text("satisfaction")
        a.petitionerContact = text("petitioner_contact")
        a.responsibleUnit = text("responsible_unit")
        a.responsiblePerson = text("responsible_person")
        a.handlerName = text("handler_name")
        a.handlerUnit = text("handler_unit")
        a.handlerPhone = text("handler_phone")
        if text("signoff_leader") != nil || text("signoff_title") != nil {
            a.signOff = .init(name: trimmed("signoff_leader"), title: trimmed("signoff_title"))
        }
        a.countersignUnit = text("countersign_unit")
        a.countersign = text("countersign_leader").map(Self.signatory)

        let untilText = text("extension_until")
        a.extensionUntil = untilText.flatMap { date("extension_until", $0) }
        a.extensionReason = text("extension_reason")
        if request("extension_requested", madeBy: ["extension_until", "extension_reason"]), !a.requestsExtension {
            a.extensionReason = ""  // asked for, with no date or reason that can be read (as FormXMLReader)
        }
        a.notOurDutyReason = text("not_our_duty_reason")
        if request("not_our_duty", madeBy: ["not_our_duty_reason"]), a.notOurDutyReason == nil {
            a.notOurDutyReason = ""
        }
        return a
    }

    /// The citation rows in order: the template's own row (`citation_title`, filled by a unit on
    /// a sheet sent with no citations), then `.1`, `.2` … by number; blank rows skipped.
    func citations() -> [FeedbackSheet.Citation] {
        var rows: [Int: (title: String, number: String)] = [:]
        for name in values.keys {
            for (field, isTitle) in [("citation_title", true), ("citation_number", false)] {
                guard let index = Self.rowIndex(name, of: field) else { continue }
                var row = rows[index] ?? ("", "")
                if isTitle { row.title = trimmed(name) } else { row.number = trimmed(name) }
                rows[index] = row
            }
        }
        return rows.sorted { $0.key < $1.key }
            .filter { !$0.value.title.isEmpty || !$0.value.number.isEmpty }
            .map { FeedbackSheet.Citation(title: $0.value.title, documentNumber: $0.value.number) }
    }

    /// 0 for `field` itself, n for `field.n`, nil for any other name.
    /// Row numbers above this are not rows of ours (a sheet has a few citations, ≤ 20 assisting
    /// units): a field named `citation_title.9223372036854775807` is ignored, not counted on.
    static let maxRowIndex = 100

    static func rowIndex(_ name: String, of field: String) -> Int? {
        if name == field { return 0 }
        guard name.hasPrefix(field + "."), FormFieldCatalog.baseName(name) == field,
              let n = Int(name.dropFirst(field.count + 1)), n <= maxRowIndex else { return nil }
        return n
    }

    /// Whether a request (extension, take-back) is made: the flag says yes, or the fields that go
    /// with it are filled in — noted when the flag says no.
    mutating func request(_ flag: String, madeBy details: [String]) -> Bool {
        let filled = details.filter { text($0) != nil }
        let said = yesOrNo(flag)
        if said == false, !filled.isEmpty {
            notes.append(.contradicted(field: flag, value: trimmed(flag), by: filled))
        }
        return said == true || !filled.isEmpty
    }

    /// 是/否 as the sheet asks, and the other ways people tick a box; nil when blank (or unread,
    /// with a note).
    mutating func yesOrNo(_ name: String) -> Bool? {
        guard let value = text(name) else { return nil }
        let folded = value.lowercased()
        if ["是", "是的", "申请", "yes", "y", "true", "1", "√", "✓", "✔", "☑"].contains(folded) { return true }
        if ["否", "不", "无", "no", "n", "false", "0", "×", "✗", "☐"].contains(folded) { return false }
        notes.append(.notYesOrNo(field: name, value: value))
        return nil
    }

    /// A date field read by `ChineseDate`, or nil with a note.
    mutating func date(_ name: String, _ value: String) -> Date? {
        if let date = ChineseDate.parse(value, timeZone: timeZone) { return date }
        notes.append(.notADate(field: name, value: value))
        return nil
    }

    /// `赵海（副区长）` or `赵海(副区长)` as name and title, as `FormTemplateValues` writes the
    /// countersign; a plain `赵海` is a name with an empty title.
    static func signatory(_ value: String) -> FeedbackSheet.Signatory {
        guard value.last == "）" || value.last == ")",
              let open = value.lastIndex(where: { $0 == "（" || $0 == "(" }), open > value.startIndex else {
            return .init(name: value, title: "")
        }
        let name = value[..<open].trimmingCharacters(in: .whitespaces)
        let title = value[value.index(after: open)..<value.index(before: value.endIndex)].trimmingCharacters(in: .whitespaces)
        return .init(name: name, title: title)
    }
}
