import Foundation
import HotlineCore
import HotlineXML

/// One thing wrong with a template a clerk edited, with where to look.
public struct TemplateProblem: Equatable, Sendable, CustomStringConvertible {
    /// What kind of problem; matchable in code, named in the message.
    public enum Kind: String, Sendable, CaseIterable {
        /// Not well-formed XML, or past the parser's limits.
        case notParseable
        /// Well-formed, but the root is not `office:document` (saved as `.odt`, not Flat XML ODF).
        case notFlatDocument
        /// A field name that is not in this form's catalog (misspelt or from another form).
        case unknownField
        /// A catalog field the template neither declares nor shows.
        case missingField
        /// Shown with `text:user-field-get` but not declared in `text:user-field-decls`.
        case fieldNotDeclared
        /// Declared but shown nowhere, so it never prints.
        case fieldNeverShown
        /// `{{name}}`, `｛｛…｝｝` or `{name}` typed as text instead of a field.
        case typedPlaceholder
        /// A paragraph style whose Chinese (asian) font is not set, itself or by inheritance.
        case styleWithoutCJKFont
        /// A style's Chinese font is a face that is not a CJK font (or is not declared).
        case fontNotCJK
        /// No `draw:frame` named `qrcode` holding a `draw:image`.
        case missingQRFrame
        /// A repeated-row field outside any table row: there is no row to repeat.
        case rowFieldOutsideTableRow
    }

    public let kind: Kind
    /// The field, style or font concerned, or the parser's message.
    public let subject: String
    /// The 1-based line in the `.fodt`; 0 when the problem has no place (a missing field).
    public let line: Int

    public init(_ kind: Kind, _ subject: String, line: Int) {
        self.kind = kind
        self.subject = subject
        self.line = line
    }

    public var description: String { "line \(line): \(kind.rawValue): \(subject)" }
}

/// Checks a form template a clerk restyled in LibreOffice before it goes live
/// (`templates/README.md`, `hotline templates check FILE`).
///
/// Like a mail parser that records defects instead of throwing, the lint never throws: it lists
/// every problem it finds, each with its line, so one run tells the clerk everything to fix.
/// It holds the template to its `FormFieldCatalog` (the fields are ODF user fields, ODF 1.3
/// Part 3 §7.7.7–§7.7.9) and to what printing needs: Chinese fonts, the `qrcode` frame, and
/// repeated rows that are table rows (§9.1.3).
public enum TemplateLint {
    /// Every problem in `fodt` as a template for `kind`, in document order per check.
    public static func check(fodt: [UInt8], kind: FormKind, limits: XMLLimits = .init()) -> [TemplateProblem] {
        let tree: XMLTree
        do { tree = try XMLTree(parsing: fodt, name: kind.templateFileName, limits: limits) } catch {
            return [TemplateProblem(.notParseable, error.description, line: line(of: error))]
        }
        let root = tree.root
        guard root.localName == "document", root.namespaceURI == ODFNamespace.office else {
            return [TemplateProblem(.notFlatDocument, root.localName, line: root.line)]
        }
        let catalog = FormFieldCatalog.catalog(for: kind)
        var problems = fieldProblems(root, catalog)
        problems += typedPlaceholders(root)
        problems += TemplateFontLint.problems(root)
        if (try? ODTTemplate.qrImage(in: root)) == nil {
            problems.append(TemplateProblem(.missingQRFrame, "qrcode", line: 0))
        }
        for get in root.descendants(localName: "user-field-get", namespace: ODFNamespace.text) {
            guard let name = get.attribute("name", namespace: ODFNamespace.text), catalog.rowGroup(containing: name) != nil,
                  ODTTemplate.enclosingTableRow(of: get) == nil else { continue }
            problems.append(TemplateProblem(.rowFieldOutsideTableRow, name, line: get.line))
        }
        return problems
    }

    /// Declarations and displays held against the catalog and against each other.
    static func fieldProblems(_ root: XMLElement, _ catalog: FormFieldCatalog) -> [TemplateProblem] {
        func named(_ localName: String) -> [(name: String, line: Int)] {
            root.descendants(localName: localName, namespace: ODFNamespace.text).compactMap { element in
                element.attribute("name", namespace: ODFNamespace.text).map { ($0, element.line) }
            }
        }
        let decls = named("user-field-decl"), gets = named("user-field-get")
        let declared = Set(decls.map(\.name)), shown = Set(gets.map(\.name))
        let known = catalog.allFieldNames
        var problems: [TemplateProblem] = []
        var reportedUnknown = Set<String>()
        for (name, line) in decls + gets where !known.contains(name) && reportedUnknown.insert(name).inserted {
            problems.append(TemplateProblem(.unknownField, name, line: line))
        }
        for (name, line) in gets where known.contains(name) && !declared.contains(name) {
            problems.append(TemplateProblem(.fieldNotDeclared, name, line: line))
        }
        for (name, line) in decls where known.contains(name) && !shown.contains(name) {
            problems.append(TemplateProblem(.fieldNeverShown, name, line: line))
        }
        let all = catalog.fields + catalog.rowGroups.flatMap(\.fields)
        for name in all where !declared.contains(name) && !shown.contains(name) {
            problems.append(TemplateProblem(.missingField, name, line: 0))
        }
        return problems
    }

    /// Placeholders typed as text: `{{…}}`, full-width `｛｛…｝｝`, or one pair of braces around a
    /// field-like name (`{case_number}`).
    static func typedPlaceholders(_ root: XMLElement) -> [TemplateProblem] {
        // Whole placeholders first, so `{{case_number}}` is one problem, then stray brace pairs.
        let pattern = #"\{\{[^{}]{0,60}\}\}|｛｛[^｛｝]{0,60}｝｝|[{｛]\s*[A-Za-z_][A-Za-z0-9_.]*\s*[}｝]|\{\{|\}\}|｛｛|｝｝"#
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        var problems: [TemplateProblem] = []
        let paragraphs = root.descendants(localName: "p", namespace: ODFNamespace.text)
            + root.descendants(localName: "h", namespace: ODFNamespace.text)
        for paragraph in paragraphs.sorted(by: { $0.line < $1.line }) {
            let text = paragraph.text
            let range = NSRange(text.startIndex..., in: text)
            for match in regex.matches(in: text, range: range) {
                guard let found = Range(match.range, in: text) else { continue }
                problems.append(TemplateProblem(.typedPlaceholder, String(text[found]), line: paragraph.line))
            }
        }
        return problems
    }

    private static func line(of problem: XMLProblem) -> Int {
        switch problem {
        case .notWellFormed(_, let detail): return detail.line
        case .doctypeForbidden(_, let line), .tooDeep(_, let line, _), .tooManyElements(_, let line, _): return line
        default: return 0
        }
    }
}
