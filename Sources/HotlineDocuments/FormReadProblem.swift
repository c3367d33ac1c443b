import HotlineCore
import HotlineXML

/// Why `FormXMLReader` refused a document: one case per reason, each naming the document and,
/// past the schema, the element (and attribute) and line of the value it could not take.
///
/// The cases come in the order the reader checks: the bytes (`unreadable`), the root
/// (`notAHotlineForm`), `templates/forms.xsd` (`notValid`), then values the schema admits but
/// the form model cannot hold.
public enum FormReadProblem: Error, Equatable, Sendable, CustomStringConvertible {
    /// Where in a form a value sits: `Case/@number`, line 5.
    public struct Place: Equatable, Sendable, CustomStringConvertible {
        /// The element's path below the root, by local names (`Case/Petitioner/Name`; the root
        /// itself is its own name).
        public var element: String
        /// The attribute, when the value is one.
        public var attribute: String?
        /// The 1-based line of the element's start tag.
        public var line: Int

        public init(element: String, attribute: String? = nil, line: Int) {
            self.element = element
            self.attribute = attribute
            self.line = line
        }

        public var description: String {
            (attribute.map { "\(element)/@\($0)" } ?? element) + " (line \(line))"
        }
    }

    /// Not XML hotline reads: too large, nested too deep, too many elements, a DOCTYPE (so no
    /// entities), not UTF-8, or not well-formed. The parser's reason, unchanged.
    case unreadable(XMLProblem)
    /// The root element is not one of the four forms in `urn:hotline:forms:1`.
    case notAHotlineForm(document: String, root: String, namespace: String?)
    /// The document breaks `templates/forms.xsd`; every violation libxml2 reported.
    case notValid(document: String, [XMLProblem.Detail])
    /// The case number is not one this center gives (another prefix: another city's form, or a
    /// test form).
    case foreignCaseNumber(document: String, Place, number: String, expectedPrefix: String)
    /// A `Kind`, `HandlingClass` or `channel` code the model does not know (the schema types
    /// `Kind/@code` and `HandlingClass/@code` as any string).
    case unknownCode(document: String, Place, code: String)
    /// A case or form number of the right shape that names no case or form (sequence 0).
    case unusableNumber(document: String, Place, number: String)
    /// The form's own number is of another kind than its root says (a `JB` number on a
    /// `FeedbackSheet`).
    case formNumberOfAnotherKind(document: String, Place, number: String, expected: FormKind)
    /// An `xs:dateTime` hotline does not hold: a year outside 0001–9999 (the schema admits
    /// `-0044-…` and `10000-…`).
    case unusableDateTime(document: String, Place, value: String)
    /// An `xs:positiveInteger` larger than the model's `Int` (a count of days, a round).
    case integerTooLarge(document: String, Place, value: String)
    /// An element or attribute `forms.xsd` requires is absent, or its value is not of the type
    /// `forms.xsd` gives it: the schema the reader was given is not `forms.xsd`.
    case schemaMismatch(document: String, Place)

    public var description: String {
        switch self {
        case let .unreadable(problem):
            return problem.description
        case let .notAHotlineForm(document, root, namespace):
            return "\(document): not a hotline form: root \(root) in namespace \(namespace ?? "(none)")"
        case let .notValid(document, details):
            return "\(document): not valid against forms.xsd: " + details.map(\.description).joined(separator: "; ")
        case let .foreignCaseNumber(document, place, number, prefix):
            return "\(document): \(place): case number \(number) is not one of ours (prefix \(prefix))"
        case let .unknownCode(document, place, code):
            return "\(document): \(place): unknown code \"\(code)\""
        case let .unusableNumber(document, place, number):
            return "\(document): \(place): \(number) names no case or form"
        case let .formNumberOfAnotherKind(document, place, number, expected):
            return "\(document): \(place): \(number) is not the number of a \(expected.shortTitle) (\(expected.numberPrefix)…)"
        case let .unusableDateTime(document, place, value):
            return "\(document): \(place): date \(value) is outside the years 0001–9999"
        case let .integerTooLarge(document, place, value):
            return "\(document): \(place): \(value) is too large"
        case let .schemaMismatch(document, place):
            return "\(document): \(place) is absent or not of its forms.xsd type (the reader was given another schema)"
        }
    }
}
