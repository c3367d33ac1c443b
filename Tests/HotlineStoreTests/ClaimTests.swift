import Foundation
import HotlineCore
import HotlineStore
import HotlineTestSupport
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
                                                    clock: SystemClock(), logger: .quiet, nonce: IntakeProcessor.randomNonce)
                    var run = IntakeRun(processor: processor, sources: [], sender: server, claimant: .test, logger: .quiet)
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

    func quietRun(_ store: any CaseStore, clock: FixedClock, sources: [any MailSource] = [], sender: (any MailSender)?,
                  claimant: Claimant) -> IntakeRun {
        let processor = IntakeProcessor(store: store, vault: InMemoryVault(), settings: IntakeSettings(), clock: clock, logger: .quiet,
                                        nonce: IntakeProcessor.randomNonce)
        var run = IntakeRun(processor: processor, sources: sources, sender: sender, claimant: .test, logger: .quiet)
        run.claimant = claimant
        return run
    }

    /// A mailbox another live process is reading is skipped, said so, and left untouched.
    func testAPassSkipsAMailboxAnotherLiveProcessIsReading() throws {
        for (label, one, two) in try sharedStores() {
            let live = Liveness()
            let source = InMemoryMailSource(name: "citizens")
            var m = TestMail()
            m.messageID = "<busy@example.com>"
            source.deliver(m.raw)
            XCTAssertNil(try one.leaseSource("citizens", by: live.claimant("host 1 100"), now: t0, until: t0 + 300))
            let clock = FixedClock(t0 + 10)
            let run = quietRun(two, clock: clock, sources: [source], sender: nil, claimant: live.claimant("host 2 200"))
            let busy = run.pass()
            XCTAssertEqual(busy.fetched, 0, label)
            XCTAssertEqual(busy.busySources.count, 1, label)
            XCTAssertTrue(busy.busySources[0] == BusySource(mailbox: "citizens", holder: "host 1 100") && busy.description.contains("busy=1"), "\(busy) \(label)")
            XCTAssertEqual(source.waiting.count, 1, label)
            live.stopped.insert("host 1 100")
            XCTAssertEqual(run.pass().newCases, 1, "the holder stopped: the mailbox is read (\(label))")
            XCTAssertNil(try one.leaseSource("citizens", by: live.claimant("host 3 300"), now: t0 + 20, until: t0 + 300),
                         "and the lease given back (\(label))")
        }
    }

    /// The server took a mail but the store could not record it: a fault of ours. The mail is not
    /// put back for a retry and its claim is kept, so no process sends it again in the meantime.
    func testAMailTheServerTookButTheStoreCouldNotRecordIsNotSentAgain() throws {
        final class RefusingMarkSent: ForwardingCaseStore, @unchecked Sendable {
            struct Full: Error, CustomStringConvertible { var description: String { "database or disk is full" } }
            override func markSent(_ id: Int64, proof: String, at: Date) throws { throw Full() }
        }
        let store = RefusingMarkSent()
        try queue(2, in: store)
        let server = InMemoryMailSender()
        let a = Claimant(id: "a") { _ in false }
        let s = quietRun(store, clock: FixedClock(t0), sender: server, claimant: a).pass()
        XCTAssertEqual(s.fault?.step, .recordingSent)
        XCTAssertTrue(s.fault?.description.contains("database or disk is full") ?? false, "\(String(describing: s.fault))")
        XCTAssertEqual(server.sent.map(\.messageID), ["m0@hotline.example"], "delivery stops at the fault")
        XCTAssertEqual(s.sendFailures, 0, "not counted as the server's failure")
        let queued = try store.outgoing(limit: 5)
        XCTAssertTrue(queued.allSatisfy { $0.status == .queued && $0.attempts == 0 && $0.nextAttemptAt == nil }, "\(queued)")
        let b = Claimant(id: "b") { _ in false }
        XCTAssertEqual(try store.claimQueuedMail(limit: 5, afterID: 0, now: t0 + 1, honourRetryTimes: false, by: b, until: t0 + 300).count,
                       0, "a's claims are kept, so b does not send m0 again")
    }

    /// A slow server outlasted the batch's claims: each mail's claim is renewed just before it
    /// goes, so one that lapsed meanwhile and was taken by another process is not sent by this one.
    /// (A single hand-over is bounded well inside a claim: the SMTP sender's total timeout.)
    func testAClaimThatLapsedDuringASlowSendIsNotUsed() throws {
        final class SlowServer: MailSender, @unchecked Sendable {
            var sent: [String] = []
            var during: ((Int) throws -> Void)?
            func send(_ mail: OutgoingMail) throws -> String {
                sent.append(mail.messageID)
                try during?(sent.count)
                return "queued as \(sent.count)"
            }
        }
        for (label, one, two) in try sharedStores() {
            try queue(3, in: one)
            let clock = FixedClock(t0)
            let server = SlowServer()
            let b = Claimant(id: "b") { _ in false }
            var taken: [QueuedMail] = []
            server.during = { n in
                clock.advance(200)  // each hand-over takes 200 s; the batch was claimed for 300 s
                if n == 2 {
                    taken = try two.claimQueuedMail(limit: 10, afterID: 0, now: clock.now(), honourRetryTimes: false, by: b,
                                                    until: clock.now() + 300)
                }
            }
            let s = quietRun(one, clock: clock, sender: server, claimant: Claimant(id: "a") { _ in false }).pass()
            XCTAssertNil(s.fault, label)
            XCTAssertEqual(taken.map(\.mail.messageID), ["m2@hotline.example"], "only m2's claim had lapsed (\(label))")
            XCTAssertEqual(server.sent, ["m0@hotline.example", "m1@hotline.example"], "a does not send what b took (\(label))")
            XCTAssertEqual(s.sent, 2, label)
        }
    }

    func testTheLocalProcessClaimantKnowsAStoppedProcess() throws {
        let me = LocalProcessClaimant.current()
        XCTAssertFalse(me.hasStopped(me.id), "this process runs")
        let parts = me.id.split(separator: " ").map(String.init)
        XCTAssertEqual(parts.count, 5, me.id)
        func id(pid: Int32, start: String, boot: String? = nil, namespace: String? = nil, host: String? = nil) -> String {
            [host ?? parts[0], boot ?? parts[1], namespace ?? parts[2], "\(pid)", start].joined(separator: " ")
        }
        XCTAssertTrue(me.hasStopped(id(pid: getpid(), start: "1")), "same pid, another start time: a reused pid")
        // A child that exited and was reaped: no such process.
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        XCTAssertTrue(me.hasStopped(id(pid: gone.processIdentifier, start: "5")), "a process that exited")
        // A child killed and not yet reaped is a zombie (spawned directly: Foundation's Process reaps its own).
        var child: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sleep"), strdup("30"), nil]
        defer { argv.forEach { free($0) } }
        XCTAssertEqual(posix_spawn(&child, "/bin/sleep", nil, nil, argv, environ), 0)
        func stat(_ pid: pid_t) -> [Substring] {
            String(decoding: FileManager.default.contents(atPath: "/proc/\(pid)/stat") ?? Data(), as: UTF8.self)
                .split(separator: ")").last?.split(separator: " ") ?? []
        }
        let started = String(stat(child).dropFirst(19).first ?? "")
        XCTAssertFalse(me.hasStopped(id(pid: child, start: started)), "a live child runs")
        kill(child, SIGKILL)
        var state = ""
        for _ in 0..<200 where state != "Z" {
            usleep(10_000)
            state = String(stat(child).first ?? "")
        }
        XCTAssertEqual(state, "Z")
        XCTAssertTrue(me.hasStopped(id(pid: child, start: started)), "a zombie has stopped")
        var status: Int32 = 0
        waitpid(child, &status, 0)
        // What it cannot see is never judged stopped; a boot since is.
        XCTAssertFalse(me.hasStopped(id(pid: 999_999, start: "1", host: "another-host")), "another machine")
        XCTAssertFalse(me.hasStopped(id(pid: 999_999, start: "1", namespace: "1")), "another pid namespace")
        XCTAssertTrue(me.hasStopped(id(pid: getpid(), start: parts[4], boot: "0123456789ab")), "a holder from before a reboot")
        XCTAssertFalse(me.hasStopped("not an id"))
    }
}
