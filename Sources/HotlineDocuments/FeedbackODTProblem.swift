import HotlineCore
import HotlineXML

/// Why `FeedbackODTReader` refused a package: one case per reason (RULES.md §8, issue 5 item 2),
/// in the order the reader checks. A package that passes them all is read; what is wrong inside
/// a field is a `FeedbackODTNote`, not a refusal.
public enum FeedbackODTProblem: Error, Equatable, Sendable, CustomStringConvertible {
    /// The ZIP layer refused: too large, not a ZIP, too many entries, a declared or actual size
    /// or compression ratio over its limit (zip bombs, lying headers), an unsafe or duplicate
    /// entry name, overlapping or broken entries. The `ZIPProblem` names which.
    case package(ZIPProblem)
    /// No `mimetype` entry saying `application/vnd.oasis.opendocument.text` (ODF 1.3 Part 2
    /// §3.3): another ZIP, or another ODF document (a spreadsheet). `found` is what it said.
    case notODFText(found: String?)
    /// A text package without `content.xml`.
    case missingContent
    /// `content.xml` is not XML hotline reads: too large, too deep, a DOCTYPE (so no entities),
    /// not UTF-8, not well-formed. The parser's reason.
    case content(XMLProblem)
    /// `content.xml`'s root is not `office:document-content` (ODF 1.3 Part 3 §3.1.2).
    case notODFContent(root: String)
    /// No user field `case_number` or `form_number`: not a form of ours, or one whose fields a
    /// clerk's edit removed.
    case notAFeedbackSheet(missingFields: [String])
    /// The form number is of another form (an assignment sheet `JB…` sent back instead).
    case anotherFormKind(FormNumber)

    public var description: String {
        switch self {
        case let .package(problem): return "not a package hotline reads: \(problem)"
        case let .notODFText(found): return "not an ODF text document (mimetype \(found.map { "\"\($0)\"" } ?? "absent"))"
        case .missingContent: return "an ODF package without content.xml"
        case let .content(problem): return "content.xml: \(problem)"
        case let .notODFContent(root): return "content.xml has root \(root), not office:document-content"
        case let .notAFeedbackSheet(missing): return "not a feedback sheet: no field " + missing.joined(separator: ", ")
        case let .anotherFormKind(number): return "not a feedback sheet: form number \(number) is a \(number.kind.shortTitle)"
        }
    }
}
