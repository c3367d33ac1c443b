import Foundation
import HotlineCore
import Synchronization

/// A mailbox in memory: the twin of the folder and IMAP sources.
public final class InMemoryMailSource: MailSource, Sendable {
    struct State {
        var waiting: [(key: SourceKey, raw: [UInt8])] = []
        var finished: [(key: SourceKey, disposition: IntakeDisposition)] = []
        var unreadable: Set<String> = []
    }

    public let name: String
    public let role: MailboxRole
    let state = Mutex(State())

    public init(name: String = "memory", role: MailboxRole = .citizen) {
        self.name = name
        self.role = role
    }

    /// What was delivered and not yet finished, in order.
    public var waiting: [(key: SourceKey, raw: [UInt8])] { state.withLock { $0.waiting } }
    /// What `finish` was told, in order: the twin of "moved to Processed".
    public var finished: [(key: SourceKey, disposition: IntakeDisposition)] { state.withLock { $0.finished } }
    /// Keys whose load fails, to test unreadable messages.
    public var unreadable: Set<String> {
        get { state.withLock { $0.unreadable } }
        set { state.withLock { $0.unreadable = newValue } }
    }

    @discardableResult
    public func deliver(_ raw: [UInt8], key: String? = nil) -> SourceKey {
        state.withLock { state in
            let k = SourceKey(source: name, key: key ?? String(format: "%06d", state.waiting.count + state.finished.count + 1))
            state.waiting.append((k, raw))
            return k
        }
    }

    public func pending() throws -> [SourceKey] { state.withLock { $0.waiting.map(\.key) } }

    public func load(_ key: SourceKey) throws -> IncomingMessage {
        try state.withLock { state in
            if state.unreadable.contains(key.key) { throw SourceReadError(key: key, reason: "unreadable") }
            guard let m = state.waiting.first(where: { $0.key == key }) else { throw SourceReadError(key: key, reason: "gone") }
            return IncomingMessage(key: key, raw: m.raw)
        }
    }

    public func finish(_ key: SourceKey, disposition: IntakeDisposition, reason: String) throws {
        state.withLock { state in
            state.waiting.removeAll { $0.key == key }
            state.finished.append((key, disposition))
        }
    }
}

/// A sender in memory: keeps what it was handed; can be told to fail.
public final class InMemoryMailSender: MailSender, Sendable {
    struct State {
        var sent: [OutgoingMail] = []
        var failing = false
    }

    let state = Mutex(State())

    public init() {}

    public struct Down: Error {}

    /// What it was handed, in order.
    public var sent: [OutgoingMail] { state.withLock { $0.sent } }
    /// While true, `send` throws `Down`.
    public var failing: Bool {
        get { state.withLock { $0.failing } }
        set { state.withLock { $0.failing = newValue } }
    }

    public func send(_ mail: OutgoingMail) throws -> String {
        try state.withLock { state in
            if state.failing { throw Down() }
            state.sent.append(mail)
            return "memory:\(state.sent.count)"
        }
    }
}

/// An attachment vault in memory.
public final class InMemoryVault: AttachmentVault, Sendable {
    let files = Mutex<[String: [UInt8]]>([:])

    public init() {}

    public func put(_ bytes: [UInt8], storedName: String) throws { files.withLock { $0[storedName] = bytes } }
    public func get(_ storedName: String) throws -> [UInt8]? { files.withLock { $0[storedName] } }
    public var count: Int { files.withLock { $0.count } }
}

/// A clock that says what it is told.
public final class FixedClock: Clock, Sendable {
    let current: Mutex<Date>

    public init(_ date: Date) { current = Mutex(date) }

    public func now() -> Date { current.withLock { $0 } }
    public func advance(_ seconds: TimeInterval) { current.withLock { $0 += seconds } }
    public func set(_ date: Date) { current.withLock { $0 = date } }
}
