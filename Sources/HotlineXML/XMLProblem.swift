/// Why an XML document, schema or canonicalization was refused: one case per reason.
///
/// Every case names the document (the `name` given when parsing) so that a message read in a log
/// says which file failed; `description` is the human message, with line numbers where libxml2
/// reported them.
public enum XMLProblem: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input is longer than `XMLLimits.maxBytes`.
    case tooLarge(document: String, bytes: Int, limit: Int)
    /// The input is not UTF-8 (or holds a NUL byte) at this byte offset. hotline reads UTF-8 only.
    case notUTF8(document: String, offset: Int)
    /// The XML declaration names an encoding other than UTF-8.
    case unsupportedEncoding(document: String, declared: String)
    /// The input has a document type declaration. DTDs are never processed: no entity expansion
    /// (billion laughs), no external entities, no external subsets.
    case doctypeForbidden(document: String, line: Int)
    /// Elements nest deeper than `XMLLimits.maxDepth`.
    case tooDeep(document: String, line: Int, limit: Int)
    /// More elements than `XMLLimits.maxElements`.
    case tooManyElements(document: String, line: Int, limit: Int)
    /// libxml2 found the input not well-formed (XML 1.0 §2.1) or not namespace-well-formed
    /// (Namespaces in XML 1.0 §7); the first error it reported.
    case notWellFormed(document: String, Detail)
    /// An XSD did not compile; every error libxml2 reported.
    case schemaNotCompiled(schema: String, [Detail])
    /// An XSD tried to load another document (xs:import, xs:include, xs:redefine with a location).
    case schemaReachesOut(schema: String, location: String)
    /// A document does not satisfy a schema; every violation.
    case notValid(document: String, [Detail])
    /// A name given to the tree API is not an XML name (`NCName`, or `prefix:NCName` for a root).
    case invalidName(String)
    /// libxml2 could not canonicalize or serialize a tree.
    case libxml2Failed(document: String, operation: String)

    /// One diagnostic from libxml2's structured error.
    public struct Detail: Equatable, Sendable, CustomStringConvertible {
        /// 1-based line, or 0 when libxml2 did not know it.
        public var line: Int
        /// 1-based column, or 0 when libxml2 did not know it.
        public var column: Int
        /// libxml2's message, trimmed.
        public var message: String
        /// libxml2's error code (`xmlParserErrors`), for tests and logs.
        public var code: Int

        public init(line: Int, column: Int = 0, message: String, code: Int = 0) {
            self.line = line
            self.column = column
            self.message = message
            self.code = code
        }

        public var description: String {
            let place = line > 0 ? (column > 0 ? "line \(line), column \(column)" : "line \(line)") : "no line"
            return "\(place): \(message)"
        }
    }

    public var description: String {
        switch self {
        case let .tooLarge(document, bytes, limit):
            return "\(document): \(bytes) bytes, more than the limit of \(limit)"
        case let .notUTF8(document, offset):
            return "\(document): not UTF-8 (or a NUL byte) at byte offset \(offset)"
        case let .unsupportedEncoding(document, declared):
            return "\(document): declares encoding \"\(declared)\"; only UTF-8 is read"
        case let .doctypeForbidden(document, line):
            return "\(document): line \(line): a DOCTYPE declaration; DTDs and entities are not processed"
        case let .tooDeep(document, line, limit):
            return "\(document): line \(line): elements nest deeper than \(limit)"
        case let .tooManyElements(document, line, limit):
            return "\(document): line \(line): more than \(limit) elements"
        case let .notWellFormed(document, detail):
            return "\(document): not well-formed: \(detail)"
        case let .schemaNotCompiled(schema, details):
            return "\(schema): schema does not compile: " + details.map(\.description).joined(separator: "; ")
        case let .schemaReachesOut(schema, location):
            return "\(schema): schema refers to another document (\(location)); schemas must be self-contained"
        case let .notValid(document, details):
            return "\(document): not valid: " + details.map(\.description).joined(separator: "; ")
        case let .invalidName(name):
            return "\"\(name)\" is not an XML name"
        case let .libxml2Failed(document, operation):
            return "\(document): libxml2 failed to \(operation)"
        }
    }
}
