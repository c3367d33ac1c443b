import Foundation
import HotlineCore
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
        switch XSDValue.dateTime(value) {
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
    enum DateTime: Equatable {
        case instant(Date)
        case yearOutOfRange
        case malformed
    }

    enum Integer: Equatable {
        case value(Int)
        case tooLarge
        case malformed
    }

    /// XML whitespace (XML 1.0 §2.3 `S`); `xs:dateTime`, `xs:boolean` and the integer types
    /// collapse it, so a value may arrive padded (Part 2 §4.3.6).
    static func collapsed(_ text: String) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        let start = text.drop(while: isSpace)
        return start[..<(start.lastIndex { !isSpace($0) }.map { start.index(after: $0) } ?? start.startIndex)]
    }

    /// `xs:boolean` (Part 2 §3.2.2.1): `true`, `false`, `1`, `0`.
    static func boolean(_ text: String) -> Bool? {
        switch collapsed(text) {
        case "true", "1": return true
        case "false", "0": return false
        default: return nil
        }
    }

    /// `xs:integer` without a sign or with `+` (Part 2 §3.3.13.1; `positiveInteger` needs no `-`).
    static func integer(_ text: String) -> Integer {
        var digits = collapsed(text)
        if digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .malformed }
        return Int(digits).map(Integer.value) ?? .tooLarge
    }

    /// `xs:dateTime` with a timezone (Part 2 §3.2.7.1), `2026-12-01T09:00:00+08:00`, as an instant.
    ///
    /// Fractional seconds are kept; `24:00:00` is the first moment of the next day (§3.2.7.2).
    /// Years outside 0001–9999 (which the lexical space admits) are refused: no form dates from then.
    static func dateTime(_ text: String) -> DateTime {
        var s = Array(collapsed(text).utf8)[...]
        if s.first == UInt8(ascii: "-") { return .yearOutOfRange }
        let yearDigits = s.prefix { isDigit($0) }.count
        guard yearDigits >= 4 else { return .malformed }
        guard yearDigits == 4, let year = number(&s, 4), year >= 1 else { return .yearOutOfRange }
        guard take(&s, "-"), let month = number(&s, 2), take(&s, "-"), let day = number(&s, 2), take(&s, "T"),
              let hour = number(&s, 2), take(&s, ":"), let minute = number(&s, 2), take(&s, ":"),
              let second = number(&s, 2) else { return .malformed }
        var fraction = 0.0
        if take(&s, ".") {
            let digits = s.prefix { isDigit($0) }
            guard !digits.isEmpty, let f = Double("0." + String(decoding: digits, as: UTF8.self)) else { return .malformed }
            fraction = f
            s = s.dropFirst(digits.count)
        }
        guard let offset = zoneOffset(&s), s.isEmpty,
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
              minute < 60, second < 60, hour < 24 || (hour == 24 && minute == 0 && second == 0 && fraction == 0)
        else { return .malformed }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offset
        return .instant(Date(timeIntervalSince1970: TimeInterval(seconds) + fraction))
    }

    /// `Z`, or `+hh:mm`/`-hh:mm` up to 14:00 (Part 2 §3.2.7.3), in seconds east of UTC.
    private static func zoneOffset(_ s: inout ArraySlice<UInt8>) -> Int? {
        if take(&s, "Z") { return 0 }
        guard let sign = s.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        s = s.dropFirst()
        guard let h = number(&s, 2), take(&s, ":"), let m = number(&s, 2), m < 60, h * 60 + m <= 14 * 60 else { return nil }
        return (sign == UInt8(ascii: "-") ? -1 : 1) * (h * 3_600 + m * 60)
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    private static func number(_ s: inout ArraySlice<UInt8>, _ count: Int) -> Int? {
        guard s.count >= count, s.prefix(count).allSatisfy(isDigit) else { return nil }
        let value = s.prefix(count).reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        s = s.dropFirst(count)
        return value
    }

    private static func take(_ s: inout ArraySlice<UInt8>, _ c: Unicode.Scalar) -> Bool {
        guard s.first == UInt8(ascii: c) else { return false }
        s = s.dropFirst()
        return true
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Hinnant's `days_from_civil`).
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
