/// Something wrong inside a field of a filled feedback sheet that the reader went past: the
/// field's raw value stays in `FilledFeedbackSheet.fields`, the model value is left empty, and
/// the note says why — defects as data, as Python's `email` parser records them on the message.
/// Whether a note makes the answer deficient is for the sign-off checks (RULES.md §8) to say.
public enum FeedbackODTNote: Equatable, Sendable, CustomStringConvertible {
    /// `case_number` holds something that is not one of this center's case numbers.
    case notACaseNumber(value: String)
    /// `form_number` holds something that is not a form number.
    case notAFormNumber(value: String)
    /// A date field (`extension_until`) holds something that is not a date.
    case notADate(field: String, value: String)
    /// A yes/no field (`extension_requested`, `not_our_duty`) holds neither.
    case notYesOrNo(field: String, value: String)
    /// A yes/no field says no while the fields that go with it are filled in; the request is
    /// read as made.
    case contradicted(field: String, value: String, by: [String])
    /// Text typed in a cell beside a field that is set (through Edit ▸ Fields): the field's
    /// value is read, the typed text is not.
    case typedBesideField(name: String, typed: String)
    /// A field declared twice; the first declaration is read.
    case duplicateField(name: String)
    /// A user field whose value is not a string (`office:value-type="float"`): its number is read
    /// as text.
    case notAStringField(name: String, valueType: String)

    public var description: String {
        switch self {
        case let .notACaseNumber(value): return "case_number \"\(value)\" is not a case number of this center"
        case let .notAFormNumber(value): return "form_number \"\(value)\" is not a form number"
        case let .notADate(field, value): return "\(field): \"\(value)\" is not a date"
        case let .notYesOrNo(field, value): return "\(field): \"\(value)\" is neither 是 nor 否"
        case let .contradicted(field, value, by):
            return "\(field) says \"\(value)\" but " + by.joined(separator: ", ") + " filled in; read as requested"
        case let .typedBesideField(name, typed): return "\(name): field set, text \"\(typed)\" typed beside it not read"
        case let .duplicateField(name): return "field \(name) is declared twice; the first is read"
        case let .notAStringField(name, type): return "field \(name) holds a \(type), read as text"
        }
    }
}
