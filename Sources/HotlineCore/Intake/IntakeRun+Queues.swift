import Foundation

/// Results handed from the processing worker back to the thread that talks to the source.
final class DoneQueue: @unchecked Sendable {
    struct Outcome {
        var incomingKey: SourceKey
        var result: Result<IntakeProcessor.Result, any Error>
    }
    private let lock = NSLock()
    private var items: [(SourceKey, Outcome)] = []

    func push(_ key: SourceKey, incomingKey: SourceKey, _ result: Result<IntakeProcessor.Result, any Error>) {
        lock.withLock { items.append((key, Outcome(incomingKey: incomingKey, result: result))) }
    }

    func takeAll() -> [(SourceKey, Outcome)] {
        lock.withLock {
            defer { items.removeAll() }
            return items
        }
    }
}

/// The batch the preparer is gathering; touched only on the preparer's queue.
final class BatchBuffer: @unchecked Sendable {
    private(set) var items: [(key: SourceKey, message: IntakeProcessor.PreparedMessage)] = []
    private(set) var bytes = 0
    var count: Int { items.count }

    func append(_ key: SourceKey, _ message: IntakeProcessor.PreparedMessage, bytes n: Int) {
        items.append((key, message))
        bytes += n
    }

    func take() -> ([(key: SourceKey, message: IntakeProcessor.PreparedMessage)], Int) {
        defer { items = []; bytes = 0 }
        return (items, bytes)
    }
}

/// Bytes loaded but not yet committed: a loader waits while the budget is spent (one message
/// larger than the whole budget still goes, alone).
final class ByteBudget: @unchecked Sendable {
    private let condition = NSCondition()
    private var used = 0
    let limit: Int

    init(limit: Int) { self.limit = limit }

    func acquire(_ n: Int, beforeWaiting: () -> Void) {
        condition.lock()
        defer { condition.unlock() }
        var nudged = false
        while used > 0, used + n > limit {
            if !nudged {
                condition.unlock()
                beforeWaiting()
                condition.lock()
                nudged = true
                continue
            }
            condition.wait()
        }
        used += n
    }

    func release(_ n: Int) {
        condition.lock()
        used -= n
        condition.broadcast()
        condition.unlock()
    }
}
