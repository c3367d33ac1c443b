import Foundation
import HotlineCore

/// A mailbox in memory: the twin of the folder and IMAP sources.
public final class InMemoryMailSource: MailSource, @unchecked Sendable {
    public let name: String
    public let role: MailboxRole
    public private(set) var waiting: [(key: SourceKey, raw: [UInt8])] = []
    /// What `finish` was told, in order: the twin of "moved to Processed".
    public private(set) var finished: [(key: SourceKey, disposition: IntakeDisposition)] = []
    /// Keys whose load fails, to test unreadable messages.
    public var unreadable: Set<String> = []

    public init(name: String = "memory", role: MailboxRole = .citizen) {
        self.name = name
        self.role = role
    }

    @discardableResult
    public func deliver(_ raw: [UInt8], key: String? = nil) -> SourceKey {
        let k = SourceKey(source: name, key: key ?? String(format: "%06d", waiting.count + finished.count + 1))
        waiting.append((k, raw))
        return k
    }

    public func pending() throws -> [SourceKey] { waiting.map(\.key) }

    public func load(_ key: SourceKey) throws -> IncomingMessage {
        if unreadable.contains(key.key) { throw SourceReadError(key: key, reason: "unreadable") }
        guard let m = waiting.first(where: { $0.key == key }) else { throw SourceReadError(key: key, reason: "gone") }
        return IncomingMessage(key: key, raw: m.raw)
    }

    public func finish(_ key: SourceKey, disposition: IntakeDisposition, reason: String) throws {
        waiting.removeAll { $0.key == key }
        finished.append((key, disposition))
    }
}

/// A sender in memory: keeps what it was handed; can be told to fail.
public final class InMemoryMailSender: MailSender, @unchecked Sendable {
    public private(set) var sent: [OutgoingMail] = []
    public var failing = false

    public init() {}

    public struct Down: Error {}

    public func send(_ mail: OutgoingMail) throws -> String {
        if failing { throw Down() }
        sent.append(mail)
        return "memory:\(sent.count)"
    }
}

/// An attachment vault in memory.
public final class InMemoryVault: AttachmentVault, @unchecked Sendable {
    let lock = NSLock()
    var files: [String: [UInt8]] = [:]

    public init() {}

    public func put(_ bytes: [UInt8], storedName: String) throws { lock.withLock { files[storedName] = bytes } }
    public func get(_ storedName: String) throws -> [UInt8]? { lock.withLock { files[storedName] } }
    public var count: Int { lock.withLock { files.count } }
}

/// A clock that says what it is told.
public final class FixedClock: Clock, @unchecked Sendable {
    let lock = NSLock()
    var current: Date

    public init(_ date: Date) { current = date }

    public func now() -> Date { lock.withLock { current } }
    public func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}
