import Foundation
import HotlineMail

/// The flat form of an event's payload: named values, each text, a list, a flag or a count.
///
/// One form serves three readers: the store (version 2 writes lists, flags and counts as JSON
/// arrays, booleans and numbers; version 1, written before issue 10, had every value as text),
/// `hotline case show` (one `key=value` per field) and `--json` (`data`, every value text, as it
/// always was; `docs/case-json.md`). Reading accepts both versions, so a store made before issue
/// 10 reads back unchanged.
public struct EventFields: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case text(String)
        /// A list and the separator its text form uses (`JB2026-00001,FK2026-00001`).
        case list([String], separator: String)
        case flag(Bool)
        case count(Int)

        /// The text form: what version 1 stored and what `case show` prints.
        public var text: String {
            switch self {
            case .text(let s): s
            case .list(let items, let separator): items.joined(separator: separator)
            case .flag(let b): b ? "true" : "false"
            case .count(let n): String(n)
            }
        }
    }

    /// A field a payload needs that is missing or does not read as its type.
    public struct Unreadable: Error, Equatable, CustomStringConvertible {
        public var key: String
        public var value: String?
        public var description: String { value.map { "\(key)=\"\($0)\" does not read" } ?? "\(key) is missing" }
    }

    public private(set) var values: [String: Value] = [:]
    /// Dates are written in this zone (the store uses UTC; `case show` the center's zone).
    public let timeZone: TimeZone

    public init(timeZone: TimeZone, values: [String: Value] = [:]) {
        self.timeZone = timeZone
        self.values = values
    }

    /// Every value as text, the shape of `--json`'s `data`.
    public var texts: [String: String] { values.mapValues(\.text) }

    // MARK: writing

    public mutating func set(_ key: String, _ value: String?) {
        if let value { values[key] = .text(value) }
    }

    public mutating func set(_ key: String, _ value: Bool?) {
        if let value { values[key] = .flag(value) }
    }

    public mutating func set(_ key: String, _ value: Int?) {
        if let value { values[key] = .count(value) }
    }

    public mutating func set(_ key: String, _ value: Date?) {
        if let value { values[key] = .text(FormXMLWriter(timeZone: timeZone).dateTime(value)) }
    }

    public mutating func set<T: RawRepresentable<String>>(_ key: String, _ value: T?) {
        if let value { values[key] = .text(value.rawValue) }
    }

    public mutating func set<T: CustomStringConvertible>(_ key: String, number value: T?) {
        if let value { values[key] = .text(value.description) }
    }

    /// A list; an empty list is left out (as version 1 left it out).
    public mutating func set(_ key: String, list: [String]) {
        if !list.isEmpty { values[key] = .list(list, separator: Self.separator(of: key)) }
    }

    // MARK: reading

    public func has(_ key: String) -> Bool { values[key] != nil }

    /// The text of a field, if present (any value has a text form).
    public func optional(_ key: String) -> String? { values[key]?.text }

    public func text(_ key: String) throws(Unreadable) -> String {
        guard let v = values[key] else { throw Unreadable(key: key) }
        return v.text
    }

    /// A text that version 1 wrote as `""` when there was none.
    public func nonEmpty(_ key: String) -> String? { optional(key).flatMap { $0.isEmpty ? nil : $0 } }

    public func flag(_ key: String) throws(Unreadable) -> Bool? {
        switch values[key] {
        case nil: return nil
        case .flag(let b): return b
        case .text("true"): return true
        case .text("false"): return false
        case let v?: throw Unreadable(key: key, value: v.text)
        }
    }

    public func count(_ key: String) throws(Unreadable) -> Int? {
        switch values[key] {
        case nil: return nil
        case .count(let n): return n
        case .text(let s):
            guard let n = Int(s) else { throw Unreadable(key: key, value: s) }
            return n
        case let v?: throw Unreadable(key: key, value: v.text)
        }
    }

    /// An instant; `""` (version 1's "none") reads as nil.
    public func date(_ key: String) throws(Unreadable) -> Date? {
        guard let s = nonEmpty(key) else { return nil }
        guard let d = ISODateTime.instant(s) else { throw Unreadable(key: key, value: s) }
        return d
    }

    public func value<T: RawRepresentable<String>>(_ key: String, as type: T.Type = T.self) throws(Unreadable) -> T? {
        guard let s = optional(key) else { return nil }
        guard let v = T(rawValue: s) else { throw Unreadable(key: key, value: s) }
        return v
    }

    /// A value of a string enum that must be there.
    public func need<T: RawRepresentable<String>>(_ key: String, as type: T.Type = T.self) throws(Unreadable) -> T {
        guard let v: T = try value(key) else { throw Unreadable(key: key) }
        return v
    }

    public func required<T>(_ key: String, _ read: (String) throws(Unreadable) -> T?) throws(Unreadable) -> T {
        guard let v = try read(key) else { throw Unreadable(key: key) }
        return v
    }

    /// A list: a JSON array (version 2) or its text form (version 1, joined as `separator(of:)` says).
    public func list(_ key: String) -> [String] {
        switch values[key] {
        case nil: return []
        case .list(let items, _): return items
        case let v?:
            let s = v.text
            return s.isEmpty ? [] : s.components(separatedBy: Self.separator(of: key))
        }
    }

    public func caseNumber(_ key: String) throws(Unreadable) -> CaseNumber? {
        guard let s = nonEmpty(key) else { return nil }
        guard let n = CaseNumber(stored: s) else { throw Unreadable(key: key, value: s) }
        return n
    }

    public func formNumber(_ key: String) throws(Unreadable) -> FormNumber? {
        guard let s = nonEmpty(key) else { return nil }
        guard let n = FormNumber(s) else { throw Unreadable(key: key, value: s) }
        return n
    }

    public func formNumbers(_ key: String) throws(Unreadable) -> [FormNumber] {
        var out: [FormNumber] = []
        for s in list(key) {
            guard let n = FormNumber(s) else { throw Unreadable(key: key, value: s) }
            out.append(n)
        }
        return out
    }
}

extension EventFields {
    // MARK: the stored JSON

    /// The stored form: a JSON object with `"v":2` and the fields in their JSON types, keys sorted.
    /// Written by hand: JSONEncoder costs more than the rest of an event insert.
    public var storedJSON: String {
        var out = "{\"v\":2"
        for key in values.keys.sorted() {
            out += "," + Self.jsonString(key) + ":"
            switch values[key]! {
            case .text(let s): out += Self.jsonString(s)
            case .list(let items, _): out += "[" + items.map(Self.jsonString).joined(separator: ",") + "]"
            case .flag(let b): out += b ? "true" : "false"
            case .count(let n): out += String(n)
            }
        }
        return out + "}"
    }

    /// Reads a stored JSON object of either version; nil when it is not a JSON object of such values.
    /// `version` is 1 for an object without `"v"` (every value text), else its number.
    public static func stored(_ json: String, timeZone: TimeZone = .gmt) -> (fields: EventFields, version: Int)? {
        guard var object = try? JSONDecoder().decode([String: StoredValue].self, from: Data(json.utf8)) else { return nil }
        var version = 1
        if let v = object.removeValue(forKey: "v") {
            guard case .count(let n) = v else { return nil }
            version = n
        }
        var values: [String: Value] = [:]
        for (key, v) in object {
            switch v {
            case .text(let s): values[key] = .text(s)
            case .flag(let b): values[key] = .flag(b)
            case .count(let n): values[key] = .count(n)
            case .list(let items): values[key] = .list(items, separator: separator(of: key))
            }
        }
        return (EventFields(timeZone: timeZone, values: values), version)
    }

    /// One stored value: JSON's string, boolean, integer, or array of strings.
    private enum StoredValue: Decodable {
        case text(String)
        case flag(Bool)
        case count(Int)
        case list([String])

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let s = try? c.decode(String.self) { self = .text(s) }
            else if let b = try? c.decode(Bool.self) { self = .flag(b) }
            else if let n = try? c.decode(Int.self) { self = .count(n) }
            else { self = .list(try c.decode([String].self)) }
        }
    }

    /// Whether two text forms say the same: equal, except that instants compare as instants (the
    /// zone an instant was written in is not the event's content).
    public static func sameContent(_ a: [String: String], _ b: [String: String]) -> Bool {
        guard a.count == b.count else { return false }
        return a.allSatisfy { key, value in
            guard let other = b[key] else { return false }
            if value == other { return true }
            guard let x = ISODateTime.instant(value), let y = ISODateTime.instant(other) else { return false }
            return x == y
        }
    }

    /// The separator of a list's text form, per key, as version 1 joined them.
    static func separator(of key: String) -> String {
        switch key {
        case "forms", "assist", "checks": ","
        case "reasons": "\n"
        case "to": ", "
        default: " "  // attachments, cites_cases, kinds
        }
    }

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20:
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
