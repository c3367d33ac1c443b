import Foundation

/// The role of a mailbox, which decides the channel and how mail in it is read (issue 3 config).
public enum MailboxRole: String, Sendable, Codable, CaseIterable {
    case citizen
    case fax
    case unitReplies = "unit-replies"
    case provincial

    public var channel: Channel {
        switch self {
        case .citizen: .mayorMailbox
        case .fax: .fax
        case .unitReplies: .email
        case .provincial: .provincialTransfer
        }
    }
}

/// Whether a mailbox or folder name can be sent as is: printable ASCII without quotes,
/// backslashes or IMAP wildcards (configuration refuses anything else rather than encode it).
public func isPlainMailboxName(_ name: String) -> Bool {
    !name.isEmpty && name.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C && $0 != 0x25 && $0 != 0x2A }
}

/// One message waiting at a source.
public struct IncomingMessage: Sendable {
    public var key: SourceKey
    public var raw: [UInt8]
    /// When the source received it (IMAP INTERNALDATE), if it knows.
    public var receivedAt: Date?
    /// SHA-256 of `raw`, when the source already computed it (so a 20 MB message is hashed once).
    public var rawSHA256: String?

    public init(key: SourceKey, raw: [UInt8], receivedAt: Date? = nil, rawSHA256: String? = nil) {
        self.key = key
        self.raw = raw
        self.receivedAt = receivedAt
        self.rawSHA256 = rawSHA256
    }
}

/// Why a source message could not even be read.
public struct SourceReadError: Error, CustomStringConvertible {
    public var key: SourceKey
    public var reason: String
    public init(key: SourceKey, reason: String) {
        self.key = key
        self.reason = reason
    }
    public var description: String { "\(key): \(reason)" }
}

/// Where mail comes from: a folder of `.eml` files, an IMAP mailbox.
///
/// The processor lists, loads one message, commits it to the store, and only then calls
/// `finish` — the source may move or flag the message then, never before (fdm's rule).
public protocol MailSource: AnyObject {
    var name: String { get }
    var role: MailboxRole { get }
    /// Keys of the messages waiting, in the order they should be taken.
    func pending() throws -> [SourceKey]
    func load(_ key: SourceKey) throws -> IncomingMessage
    /// Called after the store has committed what happened to the message. A source may hold the
    /// move back and do several at once in `flush`.
    func finish(_ key: SourceKey, disposition: IntakeDisposition, reason: String) throws
    /// Carries out what `finish` held back; called at the end of the source's turn in a pass.
    func flush() throws
}

extension MailSource {
    public func flush() throws {}
}

/// Where outgoing mail goes: a folder on the embedded default, SMTP with a server.
public protocol MailSender: AnyObject {
    /// Hands one message over; returns the proof (a file path, the SMTP server's "queued as" reply).
    /// Throws `DeliveryFailure` to say whether to try again.
    func send(_ mail: OutgoingMail) throws -> String
}

/// Why a message could not be handed over, and what to do about it.
public struct DeliveryFailure: Error, CustomStringConvertible {
    /// The server refused this message for good (SMTP 5xx): no retry; staff must look.
    public var permanent: Bool
    /// The server cannot be reached at all: the rest of the spool waits for the next pass.
    public var serverUnreachable: Bool
    public var description: String

    public init(permanent: Bool, serverUnreachable: Bool, description: String) {
        self.permanent = permanent
        self.serverUnreachable = serverUnreachable
        self.description = description
    }
}

/// Where attachments are kept, under generated names.
public protocol AttachmentVault: Sendable {
    /// Keeps the bytes as `storedName` (idempotent: same name, same bytes).
    func put(_ bytes: [UInt8], storedName: String) throws
    func get(_ storedName: String) throws -> [UInt8]?
}

/// The time, injectable for tests.
public protocol Clock: Sendable {
    func now() -> Date
}

public struct SystemClock: Clock {
    public init() {}
    public func now() -> Date { Date() }
}
