import Foundation
import Synchronization

/// Results handed from the processing worker back to the thread that talks to the source.
final class DoneQueue: Sendable {
    struct Outcome: Sendable {
        var incomingKey: SourceKey
        var result: Result<IntakeProcessor.Result, any Error>
    }
    private let items = Mutex<[(SourceKey, Outcome)]>([])

    func push(_ key: SourceKey, incomingKey: SourceKey, _ result: Result<IntakeProcessor.Result, any Error>) {
        items.withLock { $0.append((key, Outcome(incomingKey: incomingKey, result: result))) }
    }

    func takeAll() -> [(SourceKey, Outcome)] {
        items.withLock { all in
            defer { all.removeAll() }
            return all
        }
    }
}

/// The batch the preparer is gathering. Only the preparer's queue touches it; the lock costs
/// nothing uncontended and lets Swift check that no other thread can.
final class BatchBuffer: Sendable {
    private struct Gathered {
        var items: [(key: SourceKey, message: IntakeProcessor.PreparedMessage)] = []
        var bytes = 0
    }
    private let gathered = Mutex(Gathered())

    var count: Int { gathered.withLock { $0.items.count } }
    var bytes: Int { gathered.withLock { $0.bytes } }

    func append(_ key: SourceKey, _ message: IntakeProcessor.PreparedMessage, bytes n: Int) {
        gathered.withLock {
            $0.items.append((key, message))
            $0.bytes += n
        }
    }

    func take() -> ([(key: SourceKey, message: IntakeProcessor.PreparedMessage)], Int) {
        gathered.withLock { g in
            defer { g = Gathered() }
            return (g.items, g.bytes)
        }
    }
}

/// Bytes loaded but not yet committed: a loader waits while the budget is spent (one message
/// larger than the whole budget still goes, alone).
///
/// `@unchecked` must stay: waiting needs a condition variable, which `Mutex` does not offer, and
/// corelibs Foundation's `NSCondition` is not `Sendable`. Every access to `used` is under it.
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
