import Foundation
import HotlineCore
import HotlineStore
import Logging
import XCTest

/// Several processes on one store (issue 9, item 2): outgoing mail is claimed before it is sent
/// and mailboxes are leased, on both stores alike. Two SQLite stores opened on one file are two
/// connections, as two processes have.
final class ClaimTests: XCTestCase {
    var dirs: [String] = []
    override func tearDown() { for d in dirs { try? FileManager.default.removeItem(atPath: d) } }

    let t0 = Date(timeIntervalSince1970: 1_795_835_000)

    /// Pairs of store handles that share one store: (label, first process's, second process's).
    func sharedStores() throws -> [(String, any CaseStore, any CaseStore)] {
        let dir = NSTemporaryDirectory() + "hotline-claims-\(UUID().uuidString)"
        dirs.append(dir)
        let memory = InMemoryCaseStore()
        let a = try SQLiteCaseStore(path: dir + "/s.sqlite")
        let b = try SQLiteCaseStore(path: dir + "/s.sqlite")
        return [("memory", memory, memory), ("sqlite", a, b)]
    }

    func queue(_ count: Int, in store: any CaseStore) throws {
        try store.transaction { tx in
            for i in 0..<count {
                try tx.queueOutgoing(OutgoingMail(caseNumber: nil, purpose: "acknowledgement", messageID: "m\(i)@hotline.example",
                                                  recipients: ["c\(i)@example.com"], raw: Array("mail \(i)".utf8)))
            }
        }
    }

    /// A claimant whose liveness the test decides.
    final class Liveness: @unchecked Sendable {
        var stopped: Set<String> = []
        func claimant(_ id: String) -> Claimant { Claimant(id: id) { [unowned self] in self.stopped.contains($0) } }
    }

    func testAClaimedMailIsNotClaimedAgainUntilItExpiresOrItsHolderStops() throws {
        for (label, one, two) in try sharedStores() {
            try queue(5, in: one)
            let live = Liveness()
            let a = live.claimant("host 1 100"), b = live.claimant("host 2 200")
            let first = try one.claimQueuedMail(limit: 3, afterID: 0, now: t0, honourRetryTimes: false, by: a, until: t0 + 300)
            XCTAssertEqual(first.map(\.mail.messageID), ["m0@hotline.example", "m1@hotline.example", "m2@hotline.example"], label)
            let second = try two.claimQueuedMail(limit: 10, afterID: 0, now: t0, honourRetryTimes: false, by: b, until: t0 + 300)
            XCTAssertEqual(second.map(\.mail.messageID), ["m3@hotline.example", "m4@hotline.example"], "only what a holds not (\(label))")
            XCTAssertEqual(try two.claimQueuedMail(limit: 10, afterID: 0, now: t0 + 10, honourRetryTimes: false, by: b, until: t0 + 300).count,
                           2, "b's own claims are b's again; a's are not (\(label))")

            try one.markSent(first[0].id, proof: "queued as A1", at: t0 + 1)
            // a is killed: its unsent claims come back at once, the sent one never.
            live.stopped.insert(a.id)
            let takeover = try two.claimQueuedMail(limit: 10, afterID: 0, now: t0 + 2, honourRetryTimes: false, by: b, until: t0 + 300)
            XCTAssertEqual(Set(takeover.map(\.mail.messageID)),
                           ["m1@hotline.example", "m2@hotline.example", "m3@hotline.example", "m4@hotline.example"], label)

            // A holder that cannot be judged (another machine) keeps its claims until they expire.
            let c = live.claimant("other 3 300")
            try two.releaseMailClaims(by: b.id)
            XCTAssertEqual(try one.claimQueuedMail(limit: 10, afterID: 0, now: t0 + 3, honourRetryTimes: false, by: c, until: t0 + 60).count, 4)
            XCTAssertEqual(try two.claimQueuedMail(limit: 10, afterID: 0, now: t0 + 59, honourRetryTimes: false, by: b, until: t0 + 300).count,
                           0, "c's claims hold until they expire (\(label))")
            XCTAssertEqual(try two.claimQueuedMail(limit: 10, afterID: 0, now: t0 + 61, honourRetryTimes: false, by: b, until: t0 + 300).count,
                           4, "and come back after (\(label))")
        }
    }

    func testAMailboxLeaseKeepsASecondReaderOutWhileItsHolderLives() throws {
        for (label, one, two) in try sharedStores() {
            let live = Liveness()
            let a = live.claimant("host 1 100"), b = live.claimant("host 2 200")
            XCTAssertNil(try one.leaseSource("citizens", by: a, now: t0, until: t0 + 300), label)
            XCTAssertEqual(try two.leaseSource("citizens", by: b, now: t0 + 1, until: t0 + 301), a.id, label)
            XCTAssertNil(try two.leaseSource("units", by: b, now: t0 + 1, until: t0 + 301), "another mailbox is free (\(label))")
            XCTAssertNil(try one.leaseSource("citizens", by: a, now: t0 + 100, until: t0 + 400), "renewed (\(label))")
            XCTAssertEqual(try two.leaseSource("citizens", by: b, now: t0 + 350, until: t0 + 650), a.id, "renewal moved the expiry (\(label))")
            try one.releaseSource("citizens", by: b.id)
            XCTAssertEqual(try two.leaseSource("citizens", by: b, now: t0 + 351, until: t0 + 651), a.id, "only the holder releases (\(label))")
            try one.releaseSource("citizens", by: a.id)
            XCTAssertNil(try two.leaseSource("citizens", by: b, now: t0 + 352, until: t0 + 652), label)
            live.stopped.insert(b.id)
            XCTAssertNil(try one.leaseSource("citizens", by: a, now: t0 + 353, until: t0 + 653), "a stopped holder's lease is free (\(label))")
            XCTAssertEqual(try two.leaseSource("citizens", by: b, now: t0 + 700, until: t0 + 900), nil, "expired (\(label))")
        }
    }

    /// Two senders on two threads over one store, each with a slow server: every mail goes once.
    func testTwoSendersAtOnceHandEachMailOverOnce() throws {
        final class SlowSender: MailSender, @unchecked Sendable {
            let lock = NSLock()
            var sent: [String] = []
            func send(_ mail: OutgoingMail) throws -> String {
                usleep(300)
                lock.withLock { sent.append(mail.messageID) }
                return "queued as \(mail.messageID)"
            }
        }
        for (label, one, two) in try sharedStores() {
            try queue(300, in: one)
            let quiet = Logger(label: "t") { _ in SwiftLogNoOpLogHandler() }
            let server = SlowSender()
            let group = DispatchGroup()
            final class Faults: @unchecked Sendable {
                let lock = NSLock()
                var all: [String] = []
                func add(_ s: String) { lock.withLock { all.append(s) } }
            }
            let faults = Faults()
            for (i, store) in [one, two].enumerated() {
                group.enter()
                Thread {
                    defer { group.leave() }
                    let processor = IntakeProcessor(store: store, vault: InMemoryVault(), settings: IntakeSettings(),
                                                    clock: SystemClock(), logger: quiet)
                    var run = IntakeRun(processor: processor, sources: [], sender: server, logger: quiet)
                    run.claimant = Claimant(id: "thread \(i)") { _ in false }
                    run.claimBatch = 7
                    let s = run.pass()
                    if let f = s.fault { faults.add("\(f)") }
                }.start()
            }
            group.wait()
            XCTAssertEqual(faults.all, [], label)
            XCTAssertEqual(server.sent.count, 300, "each mail once (\(label))")
            XCTAssertEqual(Set(server.sent).count, 300, label)
            XCTAssertEqual(try one.outgoing(limit: 1000).filter { $0.status == .sent }.count, 300, label)
        }
    }

    func testTheLocalProcessClaimantKnowsAStoppedProcess() throws {
        let me = LocalProcessClaimant.current()
        XCTAssertFalse(me.hasStopped(me.id), "this process runs")
        let parts = me.id.split(separator: " ")
        XCTAssertEqual(parts.count, 3)
        XCTAssertTrue(me.hasStopped("\(parts[0]) \(parts[1]) 1"), "same pid, another start time: a reused pid")
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        XCTAssertTrue(me.hasStopped("\(parts[0]) \(child.processIdentifier) 5"), "a process that exited")
        XCTAssertFalse(me.hasStopped("another-host 1 1"), "another machine's process is never judged")
    }
}
