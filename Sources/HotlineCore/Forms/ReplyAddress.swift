import Foundation

/// The per-case reply address a unit answers to: the center's mailbox with a plus-detail that
/// carries the case number and an HMAC tag — `hotline+bb20261129-0007.k3m9q2d8@center.example`
/// (issue 4, item 5). A reply to it finds its case without trusting the subject line.
///
/// Parsing forgives what people do to addresses they retype: any case, full-width characters,
/// `o` for `0` and `l` or `i` for `1` in the number and the tag.
public struct ReplyAddress: Sendable {
    public var mailbox: String
    public var casePrefix: String
    public var tagger: FormTag

    /// `mailbox` is the center's reply mailbox (`hotline@center.example`).
    public init(mailbox: String, casePrefix: String, tagger: FormTag) {
        self.mailbox = mailbox
        self.casePrefix = casePrefix
        self.tagger = tagger
    }

    static func message(_ number: CaseNumber) -> String { "reply|\(number.description.uppercased())" }
    /// The petitioner's address of a case has a tag of its own: it is never a unit's (trusted) address.
    static func petitionerMessage(_ number: CaseNumber) -> String { "citizen|\(number.description.uppercased())" }

    /// The address for a case, given to its units.
    public func address(for number: CaseNumber) -> String {
        let (local, domain) = split(mailbox)
        return "\(local)+\(number.description.lowercased()).\(tagger.tag(Self.message(number)))@\(domain)"
    }

    /// The address given to the case's petitioner (a direct answer, the result's call-back question):
    /// mail to it is a citizen's reply on the case, never trusted as a unit's.
    public func petitionerAddress(for number: CaseNumber) -> String {
        let (local, domain) = split(mailbox)
        return "\(local)+\(number.description.lowercased()).\(tagger.tag(Self.petitionerMessage(number)))@\(domain)"
    }

    /// The case a petitioner's address names, when its tag checks.
    public func petitionerCase(in address: String) -> CaseNumber? { caseNumber(in: address, message: Self.petitionerMessage) }

    /// The case a unit's address names, when it is one of ours and its tag checks; nil otherwise.
    public func caseNumber(in address: String) -> CaseNumber? { caseNumber(in: address, message: Self.message) }

    func caseNumber(in address: String, message: (CaseNumber) -> String) -> CaseNumber? {
        let normalized = CaseNumber.normalizeWidth(address).trimmingCharacters(in: .whitespaces)
        let (ourLocal, ourDomain) = split(mailbox)
        let (local, domain) = split(normalized)
        guard domain.lowercased() == ourDomain.lowercased(),
              let plus = local.firstIndex(of: "+"), local[..<plus].lowercased() == ourLocal.lowercased() else { return nil }
        let detail = local[local.index(after: plus)...]
        guard let dot = detail.lastIndex(of: ".") else { return nil }
        let tag = String(detail[detail.index(after: dot)...])
        let numberText = String(detail[..<dot])
        guard let number = parseNumber(numberText), tagger.check(tag, for: message(number)) else { return nil }
        return number
    }

    /// The case number, with `o`/`l`/`i` after the prefix read as digits.
    func parseNumber(_ text: String) -> CaseNumber? {
        let upper = text.uppercased()
        guard upper.hasPrefix(casePrefix.uppercased()) else { return nil }
        let rest = upper.dropFirst(casePrefix.count).map { c -> Character in
            switch c {
            case "O": return "0"
            case "I", "L": return "1"
            default: return c
            }
        }
        return CaseNumber(casePrefix.uppercased() + String(rest), prefix: casePrefix)
    }

    private func split(_ address: String) -> (String, String) {
        guard let at = address.lastIndex(of: "@") else { return (address, "") }
        return (String(address[..<at]), String(address[address.index(after: at)...]))
    }
}
