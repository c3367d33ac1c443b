import HotlineCore
import HotlineXML

/// Why `FeedbackODTReader` or `FeedbackDOCXReader` refused a package: one case per reason
/// (RULES.md §8, issue 5 item 2, issue 9 items 5–6), in the order the readers check. A package
/// that passes them all is read; what is wrong inside a field is a `FeedbackODTNote`, not a refusal.
public enum FeedbackODTProblem: Error, Equatable, Sendable, CustomStringConvertible {
    /// The ZIP layer refused: too large, not a ZIP, too many entries, a declared or actual size
    /// or compression ratio over its limit (zip bombs, lying headers), an unsafe or duplicate
    /// entry name, overlapping or broken entries. The `ZIPProblem` names which.
    case package(ZIPProblem)
    /// No `mimetype` entry saying `application/vnd.oasis.opendocument.text` (ODF 1.3 Part 2
    /// §3.3): another ZIP, or another ODF document (a spreadsheet). `found` is what it said.
    case notODFText(found: String?)
    /// An ODF text package whose `mimetype` is not its first entry, stored uncompressed (ODF 1.3
    /// Part 2 §3.3): not as an office suite writes one, so built or altered by something else.
    /// `firstEntry` is the entry at the start of the archive.
    case mimetypeNotFirst(firstEntry: String?, stored: Bool)
    /// `META-INF/manifest.xml` is not XML hotline reads (a DOCTYPE with entity declarations, not
    /// well-formed, too large). The parser's reason.
    case manifest(XMLProblem)
    /// The document is encrypted with a password: an ODF manifest declaring
    /// `manifest:encryption-data` (ODF 1.3 Part 2 §4.8), or an OOXML document in its encrypted
    /// (OLE compound file) container. Nothing in it can be read; the unit must send it without one.
    case passwordProtected
    /// A `.docx` that is not a Word document: no `[Content_Types].xml` naming a WordprocessingML
    /// main part (ECMA-376 Part 2 §10.1.2.2). `found` says what it is instead.
    case notWordDocument(found: String)
    /// A text package without `content.xml` (a DOCX without its main part).
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
        case let .mimetypeNotFirst(first, stored):
            return "the package's mimetype is not its first entry stored uncompressed (first: \(first ?? "none"), \(stored ? "stored" : "compressed"))"
        case let .manifest(problem): return "META-INF/manifest.xml: \(problem)"
        case .passwordProtected: return "password-protected: the document is encrypted and cannot be read; send it without a password"
        case let .notWordDocument(found): return "not a Word document: \(found)"
        case .missingContent: return "a package without its content (content.xml, word/document.xml)"
        case let .content(problem): return "content.xml: \(problem)"
        case let .notODFContent(root): return "content.xml has root \(root), not office:document-content"
        case let .notAFeedbackSheet(missing): return "not a feedback sheet: no field " + missing.joined(separator: ", ")
        case let .anotherFormKind(number): return "not a feedback sheet: form number \(number) is a \(number.kind.shortTitle)"
        }
    }
}
