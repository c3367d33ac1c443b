import Foundation

/// The person who wrote in. Any field may be missing; the mayor's mailbox form gives most.
public struct Petitioner: Sendable, Equatable, Codable {
    public var name: String?
    public var address: String?
    public var phone: String?
    /// Where replies go: Reply-To, else From.
    public var email: String?

    public init(name: String? = nil, address: String? = nil, phone: String? = nil, email: String? = nil) {
        self.name = name
        self.address = address
        self.phone = phone
        self.email = email
    }
}

/// An automatic decision and the rule that made it (`kind.keyword: 投诉`), so that staff can see why.
public struct Decided<Value: Sendable & Equatable & Codable>: Sendable, Equatable, Codable {
    public var value: Value
    public var rule: String

    public init(_ value: Value, rule: String) {
        self.value = value
        self.rule = rule
    }
}

/// An attachment kept in the store under a generated name; the sender's name is only recorded.
public struct StoredAttachment: Sendable, Equatable, Codable {
    /// The name the sender gave, decoded; never used as a path.
    public var originalName: String?
    /// `<sha256>.<ext>`: the name it is kept under.
    public var storedName: String
    public var contentType: String
    public var size: Int
    public var sha256: String
    /// The MIME part it came from (`2`, `1.3`).
    public var partPath: String

    public init(originalName: String?, storedName: String, contentType: String, size: Int, sha256: String, partPath: String) {
        self.originalName = originalName
        self.storedName = storedName
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
        self.partPath = partPath
    }
}

/// A case as registered: everything intake decided about one matter.
public struct CaseRecord: Sendable, Equatable, Codable {
    public var number: CaseNumber
    public var channel: Channel
    public var receivedAt: Date
    public var petitioner: Petitioner
    public var subject: String
    public var text: String
    public var attachments: [StoredAttachment]
    public var kind: Decided<MatterKind>
    public var handlingClass: Decided<HandlingClass>
    public var keyMatter: Decided<Bool>
    public var scope: Decided<ScopeDecision>
    public var state: CaseState
    /// The raw message that opened the case (content address).
    public var rawSHA256: String
    public var messageID: String?

    public init(number: CaseNumber, channel: Channel, receivedAt: Date, petitioner: Petitioner, subject: String,
                text: String, attachments: [StoredAttachment], kind: Decided<MatterKind>,
                handlingClass: Decided<HandlingClass>, keyMatter: Decided<Bool>, scope: Decided<ScopeDecision>,
                state: CaseState, rawSHA256: String, messageID: String?) {
        self.number = number
        self.channel = channel
        self.receivedAt = receivedAt
        self.petitioner = petitioner
        self.subject = subject
        self.text = text
        self.attachments = attachments
        self.kind = kind
        self.handlingClass = handlingClass
        self.keyMatter = keyMatter
        self.scope = scope
        self.state = state
        self.rawSHA256 = rawSHA256
        self.messageID = messageID
    }
}
