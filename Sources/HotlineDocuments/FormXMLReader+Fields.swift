import Foundation
import HotlineCore
import HotlineMail
import HotlineXML

/// One element of a form being read, with its path for messages. The getters look only at child
/// elements in the forms namespace, so a `ds:Signature` (or anything inside it) is never taken
/// for form data; the `required…` ones throw `schemaMismatch` for what `forms.xsd` makes
/// mandatory, and the typed ones turn XSD lexical forms into model values.
struct FormFields {
    let element: XMLElement
    /// The path below the root by local names; empty for the root itself.
    let path: String
    let document: String

    init(root: XMLElement, document: String) {
        self.init(element: root, path: "", document: document)
    }

    private init(element: XMLElement, path: String, document: String) {
        self.element = element
        self.path = path
        self.document = document
    }

    func place(_ attribute: String? = nil) -> FormReadProblem.Place {
        .init(element: path.isEmpty ? element.localName : path, attribute: attribute, line: element.line)
    }

    // MARK: Elements

    func child(_ name: String) -> FormFields? {
        element.firstChild(localName: name, namespace: FormXMLWriter.namespace).map(below)
    }

    func children(_ name: String) -> [FormFields] {
        element.childElements(localName: name, namespace: FormXMLWriter.namespace).map(below)
    }

    func required(_ name: String) throws(FormReadProblem) -> FormFields {
        guard let found = child(name) else {
            throw .schemaMismatch(document: document, .init(element: path.isEmpty ? name : "\(path)/\(name)", line: element.line))
        }
        return found
    }

    private func below(_ child: XMLElement) -> FormFields {
        FormFields(element: child, path: path.isEmpty ? child.localName : "\(path)/\(child.localName)", document: document)
    }

    /// The element's text as written (entities and character references resolved, nothing trimmed:
    /// the schema's `Line` and `Text` are `xs:string`, whose whitespace is preserved).
    var text: String { element.text }

    func text(_ name: String) -> String? { child(name)?.text }

    func requiredText(_ name: String) throws(FormReadProblem) -> String { try required(name).text }

    /// A `UnitRef` element: the code attribute and the unit's name as text.
    func unitRef() throws(FormReadProblem) -> FormParticulars.UnitRef {
        .init(code: try requiredAttribute("code"), name: text)
    }

    // MARK: Attributes

    func attribute(_ name: String) -> String? { element.attribute(name) }

    func requiredAttribute(_ name: String) throws(FormReadProblem) -> String {
        guard let value = element.attribute(name) else { throw .schemaMismatch(document: document, place(name)) }
        return value
    }

    /// An `f:DateTime` attribute: an `xs:dateTime` with its zone offset.
    func dateTime(_ name: String) throws(FormReadProblem) -> Date {
        try instant(try requiredAttribute(name), attribute: name)
    }

    func optionalDateTime(_ name: String) throws(FormReadProblem) -> Date? {
        guard let value = attribute(name) else { return nil }
        return try instant(value, attribute: name)
    }

    private func instant(_ value: String, attribute: String) throws(FormReadProblem) -> Date {
        switch ISODateTime.parse(value) {
        case let .instant(date): return date
        case .yearOutOfRange: throw .unusableDateTime(document: document, place(attribute), value: value)
        case .malformed: throw .schemaMismatch(document: document, place(attribute))
        }
    }

    /// An `xs:positiveInteger` attribute.
    func integer(_ name: String) throws(FormReadProblem) -> Int {
        guard let value = try optionalInteger(name) else { throw .schemaMismatch(document: document, place(name)) }
        return value
    }

    func optionalInteger(_ name: String) throws(FormReadProblem) -> Int? {
        guard let value = attribute(name) else { return nil }
        switch XSDValue.integer(value) {
        case let .value(n): return n
        case .tooLarge: throw .integerTooLarge(document: document, place(name), value: value)
        case .malformed: throw .schemaMismatch(document: document, place(name))
        }
    }

    /// An `xs:decimal` attribute (a limit of 1.5 working hours).
    func decimal(_ name: String) throws(FormReadProblem) -> Double {
        guard let value = try optionalDecimal(name) else { throw .schemaMismatch(document: document, place(name)) }
        return value
    }

    func optionalDecimal(_ name: String) throws(FormReadProblem) -> Double? {
        guard let value = attribute(name) else { return nil }
        guard let d = XSDValue.decimal(value) else { throw .schemaMismatch(document: document, place(name)) }
        return d
    }

    /// The element's text as an `xs:boolean`.
    func boolean() throws(FormReadProblem) -> Bool {
        guard let value = XSDValue.boolean(text) else { throw .schemaMismatch(document: document, place()) }
        return value
    }

    /// An `f:FormNumber` attribute; a sequence of 0 names no form.
    func formNumber(_ name: String) throws(FormReadProblem) -> FormNumber {
        guard let value = try optionalFormNumber(name) else { throw .schemaMismatch(document: document, place(name)) }
        return value
    }

    func optionalFormNumber(_ name: String) throws(FormReadProblem) -> FormNumber? {
        guard let text = attribute(name) else { return nil }
        guard let number = FormNumber(text) else {
            throw .unusableNumber(document: document, place(name), number: text)
        }
        return number
    }

    /// A code attribute as one of the model's string enums (`MatterKind`, `HandlingClass`, `Channel`).
    func code<Code: RawRepresentable<String>>(_ name: String, as: Code.Type) throws(FormReadProblem) -> Code {
        let value = try requiredAttribute(name)
        guard let code = Code(rawValue: value) else { throw .unknownCode(document: document, place(name), code: value) }
        return code
    }
}

/// XSD 1.0 Part 2 lexical forms, as `forms.xsd` uses them, read into model values.
///
/// The schema has already accepted each value; these still check everything they rely on, so
/// that a reader given another schema refuses instead of guessing.
enum XSDValue {
    enum Integer: Equatable {
        case value(Int)
        case tooLarge
        case malformed
    }

    /// XML whitespace (XML 1.0 §2.3 `S`) collapsed; `xs:dateTime`, `xs:boolean` and the integer
    /// types collapse it, so a value may arrive padded (Part 2 §4.3.6).
    static func collapsed(_ text: String) -> Substring { ISODateTime.collapsed(text) }

    /// `xs:boolean` (Part 2 §3.2.2.1): `true`, `false`, `1`, `0`.
    static func boolean(_ text: String) -> Bool? {
        switch collapsed(text) {
        case "true", "1": return true
        case "false", "0": return false
        default: return nil
        }
    }

    /// `xs:decimal` without a sign or with `+` (Part 2 §3.2.3.1): digits, optionally a point and digits.
    static func decimal(_ text: String) -> Double? {
        var s = collapsed(text)
        if s.first == "+" { s = s.dropFirst() }
        let parts = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard !s.isEmpty, parts.count <= 2, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              !(parts.count == 2 && parts[0].isEmpty && parts[1].isEmpty) else { return nil }
        return Double(String(s))
    }

    /// `xs:integer` without a sign or with `+` (Part 2 §3.3.13.1; `positiveInteger` needs no `-`).
    static func integer(_ text: String) -> Integer {
        var digits = collapsed(text)
        if digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .malformed }
        return Int(digits).map(Integer.value) ?? .tooLarge
    }
}
