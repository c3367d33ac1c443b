import Foundation

/// A Content-Type (RFC 2045 §5): type, subtype and decoded parameters.
public struct ContentType: Sendable, Equatable {
    /// Lower case, e.g. "text".
    public var type: String
    /// Lower case, e.g. "plain".
    public var subtype: String
    /// Parameter names lower case; values decoded (RFC 2231, RFC 2047); the first of a name wins.
    public var parameters: [String: String]

    public init(type: String, subtype: String, parameters: [String: String] = [:]) {
        self.type = type
        self.subtype = subtype
        self.parameters = parameters
    }

    /// "type/subtype".
    public var mimeType: String { "\(type)/\(subtype)" }

    /// The `charset` parameter, lower case.
    public var charset: String? { parameters["charset"]?.lowercased() }

    /// RFC 2045 §5.2: no Content-Type means text/plain; charset=us-ascii.
    /// QUIRK: the us-ascii default is left undeclared, so 8-bit text without a charset is read
    /// as UTF-8, else GB18030 (Chinese mailers often omit the charset); ASCII reads the same.
    public static let textPlainDefault = ContentType(type: "text", subtype: "plain")
    /// RFC 2046 §5.1.5: in multipart/digest the default is message/rfc822.
    public static let messageRFC822 = ContentType(type: "message", subtype: "rfc822")

    /// Parses a Content-Type value; nil when the type is not `type/subtype` (RFC 2045 §5.2 then
    /// says text/plain; the caller records the defect).
    static func parse(_ value: String) -> (ContentType?, MIMEParameters) {
        let params = MIMEParameters.parse(value)
        let head = params.value.lowercased()
        let pieces = head.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count == 2 else { return (nil, params) }
        let type = pieces[0].mailTrimmed
        let subtype = pieces[1].mailTrimmed
        guard !type.isEmpty, !subtype.isEmpty else { return (nil, params) }
        var dict: [String: String] = [:]
        for (name, value) in params.list where dict[name] == nil { dict[name] = value }
        return (ContentType(type: type, subtype: subtype, parameters: dict), params)
    }

    /// The multipart boundary (RFC 2046 §5.1.1): trailing whitespace removed.
    var boundary: String? {
        guard let b = parameters["boundary"] else { return nil }
        let trimmed = String(b.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
        return trimmed.isEmpty ? nil : trimmed
    }
}
