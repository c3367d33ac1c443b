import Foundation

/// A mailbox of an address list (RFC 5322 §3.4): display name and addr-spec.
public struct MailAddress: Sendable, Hashable, Codable {
    /// Decoded display name; "" when none.
    public var name: String
    /// The addr-spec, `local-part@domain` (comments and folding whitespace removed).
    public var address: String
    /// The display name of the group (RFC 5322 §3.4 group) the mailbox belongs to.
    public var group: String?

    public init(name: String = "", address: String, group: String? = nil) {
        self.name = name
        self.address = address
        self.group = group
    }
}

/// Decodes the structured fields a `MailMessage` exposes: address lists and msg-id lists.
struct HeaderFieldDecoder {
    let header: MessageHeader

    /// All fields named `name` parsed as one address list; nil when there is no such field.
    func addresses(_ name: String) -> [MailAddress]? {
        let fields = header.all(name)
        if fields.isEmpty { return nil }
        return fields.flatMap { AddressListParser.parse($0.value).addresses }
    }

    /// RFC 5322 §3.6.4 msg-id tokens `<...>`, whitespace removed; the whitespace-collapsed raw
    /// value when there is none; nil when the field is absent.
    func messageIDs(_ name: String) -> [String]? {
        guard let value = header[name] else { return nil }
        return Self.msgIDs(in: value)
    }

    static func msgIDs(in value: String) -> [String] {
        var ids: [String] = []
        var i = value.startIndex
        while let open = value[i...].firstIndex(of: "<") {
            let rest = value[value.index(after: open)...]
            guard let close = rest.firstIndex(where: { $0 == ">" || $0 == "<" }) else { break }
            if value[close] == "<" {
                i = close
                continue
            }
            let token = value[open...close].filter { !$0.isWhitespace }
            ids.append(String(token))
            i = value.index(after: close)
        }
        if !ids.isEmpty { return ids }
        let collapsed = value.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return collapsed.isEmpty ? [] : [collapsed]
    }
}
