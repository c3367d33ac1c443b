import Foundation
import HotlineCore
import HotlineStore
import HotlineTestSupport
import XCTest

/// Faults of ours are not bad input (issue 9, item 3): a store on a filesystem that fills up
/// mid-pass, and a store locked by another process. The messages a fault strikes stay in the
/// inbox — never in quarantine — the pass ends with the fault named, and the next pass takes each
/// in exactly once.
final class StoreFaultTests: XCTestCase {
    var dir = ""
    var mounted: String?

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "hotline-fault-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/inbox", withIntermediateDirectories: true)
    }

    override func tearDown() {
        if let mounted { _ = try? Self.shell("/bin/umount", ["-l", mounted]) }
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Writes `count` citizens' mails into the inbox, every third with a 12 KB attachment that
    /// does not compress, so that the store and the attachment vault grow as real mail makes them.
    func writeMails(_ count: Int) throws {
        var rng = SystemRandomNumberGenerator()
        for i in 0..<count {
            var m = TestMail()
            m.messageID = "<full-\(i)@example.com>"
            m.subject = "第\(i)件 小区噪音扰民投诉"
            m.body += "（\(i)）"
            if i % 3 == 0 {
                m.attachments = [("photo.jpg", "filename=\"photo-\(i).jpg\"", (0..<12_000).map { _ in UInt8.random(in: 0...255, using: &rng) })]
            }
            try Data(m.raw).write(to: URL(fileURLWithPath: dir + "/inbox/" + String(format: "%04d.eml", i)))
        }
    }

    func run(store: SQLiteCaseStore, vaultFolder: String) -> IntakeRun {
        let processor = IntakeProcessor(store: store, vault: FolderVault(folder: vaultFolder), settings: IntakeSettings(),
                                        clock: FixedClock(Date(timeIntervalSince1970: 1_795_835_000)), logger: .quiet,
        nonce: IntakeProcessor.randomNonce)
        let source = FolderMailSource(name: "inbox", role: .citizen, folder: dir + "/inbox", processedFolder: dir + "/inbox/processed",
                                      quarantineFolder: dir + "/inbox/quarantine")
        return IntakeRun(processor: processor, sources: [source], sender: nil, claimant: .test, logger: .quiet)
    }

    func waitingFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir + "/inbox").filter { $0.hasSuffix(".eml") }
    }

    func quarantined() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: dir + "/inbox/quarantine")) ?? []
    }

    func testAFilesystemThatFillsUpMidPassLosesNothingAndQuarantinesNothing() throws {
        let storeDir = dir + "/store"
        try FileManager.default.createDirectory(atPath: storeDir, withIntermediateDirectories: true)
        // A real filesystem that runs out of space: a 3 MiB tmpfs under the store and the vault (root).
        guard getuid() == 0 else { throw XCTSkip("mounting a small tmpfs needs root (CI and scripts/test.sh run as root)") }
        try Self.shell("/bin/mount", ["-t", "tmpfs", "-o", "size=3m", "tmpfs", storeDir])
        mounted = storeDir
        try writeMails(600)

        do {
            let store = try SQLiteCaseStore(path: storeDir + "/hotline.sqlite", busyTimeout: 1)
            let first = run(store: store, vaultFolder: storeDir + "/attachments").pass()
            let fault = try XCTUnwrap(first.fault, "the disk filled up: the pass must stop with the fault named")
            XCTAssertTrue(fault.description.contains("full") || fault.description.contains("space") || fault.description.contains("I/O"),
                          fault.description)
            print("full disk: first pass took \(first.newCases) of 600, left \(first.leftInPlace) in place, stopped: \(fault)")
            XCTAssertEqual(first.quarantined, 0, "a full disk is not bad input")
            XCTAssertEqual(quarantined(), [])
            XCTAssertGreaterThan(first.newCases, 0, "the store held some before it filled up")
            XCTAssertLessThan(first.newCases, 600)
            XCTAssertEqual(first.leftInPlace + first.newCases, first.fetched, "each message fetched is committed or left in place")
            XCTAssertEqual(try store.intakeEntries(limit: 1000).count, first.newCases, "nothing recorded for what was left")
            XCTAssertEqual(try waitingFiles().count, 600 - first.newCases, "every message not committed is still in the inbox")
        }

        // Space again (the operator freed the disk), a second pass: each of the 600 exactly once.
        try Self.shell("/bin/mount", ["-o", "remount,size=256m", storeDir])
        let store = try SQLiteCaseStore(path: storeDir + "/hotline.sqlite", busyTimeout: 1)
        let second = run(store: store, vaultFolder: storeDir + "/attachments").pass()
        XCTAssertNil(second.fault)
        XCTAssertEqual(second.quarantined, 0)
        let cases = try store.cases(CaseFilter())
        XCTAssertEqual(cases.count, 600)
        XCTAssertEqual(Set(cases.map(\.subject)).count, 600, "distinct cases, none doubled")
        XCTAssertEqual(Set(cases.map(\.number.sequence)), Set(1...600), "no gaps in the numbers")
        XCTAssertEqual(try store.intakeEntries(limit: 10_000).count, 600)
        XCTAssertEqual(try waitingFiles(), [])
        XCTAssertEqual(quarantined(), [])
    }

    /// A folder source that runs `beforeFirstLoad` once, after the pass took its lease and listed
    /// the folder: the lock then strikes the commit of a message, not the lease.
    final class HookedSource: MailSource {
        let inner: FolderMailSource
        var beforeFirstLoad: (() throws -> Void)?
        init(_ inner: FolderMailSource) { self.inner = inner }
        var name: String { inner.name }
        var role: MailboxRole { inner.role }
        func pending() throws -> [SourceKey] { try inner.pending() }
        func load(_ key: SourceKey) throws -> IncomingMessage {
            if let hook = beforeFirstLoad { beforeFirstLoad = nil; try hook() }
            return try inner.load(key)
        }
        func finish(_ key: SourceKey, disposition: IntakeDisposition, reason: String) throws {
            try inner.finish(key, disposition: disposition, reason: reason)
        }
        func flush() throws { try inner.flush() }
    }

    func testAStoreLockedByAnotherProcessLeavesTheMessageForTheNextPass() throws {
        let path = dir + "/hotline.sqlite"
        // Opened (created, migrated) before the lock: opening takes a write transaction too.
        let store = try SQLiteCaseStore(path: path, busyTimeout: 0.5)
        try writeMails(3)
        // Another process takes the write lock once the pass is under way, as a stuck sqlite3 shell
        // or a backup tool would.
        let locker = Process()
        locker.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        locker.arguments = ["-c", """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            sys.stdin.readline()
            c.execute('BEGIN EXCLUSIVE')
            print('locked', flush=True)
            sys.stdin.read()
            """, path]
        let toLocker = Pipe(), fromLocker = Pipe()
        locker.standardInput = toLocker
        locker.standardOutput = fromLocker
        try locker.run()
        defer { if locker.isRunning { locker.terminate() } }

        let processor = IntakeProcessor(store: store, vault: FolderVault(folder: dir + "/attachments"), settings: IntakeSettings(),
                                        clock: FixedClock(Date(timeIntervalSince1970: 1_795_835_000)), logger: .quiet,
        nonce: IntakeProcessor.randomNonce)
        let source = HookedSource(FolderMailSource(name: "inbox", role: .citizen, folder: dir + "/inbox",
                                                   processedFolder: dir + "/inbox/processed", quarantineFolder: dir + "/inbox/quarantine"))
        source.beforeFirstLoad = {
            toLocker.fileHandleForWriting.write(Data("go\n".utf8))
            let said = String(decoding: fromLocker.fileHandleForReading.availableData, as: UTF8.self)
            XCTAssertEqual(said.trimmingCharacters(in: .whitespacesAndNewlines), "locked")
        }
        let run = IntakeRun(processor: processor, sources: [source], sender: nil, claimant: .test, logger: .quiet)
        let first = run.pass()
        let fault = try XCTUnwrap(first.fault, "a locked store stops the pass")
        XCTAssertEqual(fault.step, .takingIn, fault.description)
        XCTAssertNotNil(fault.message, "the fault names the message it struck")
        XCTAssertTrue(fault.description.contains("locked"), fault.description)
        XCTAssertEqual(first.newCases + first.quarantined, 0)
        XCTAssertEqual(first.leftInPlace, 3)
        XCTAssertEqual(try waitingFiles().count, 3)
        XCTAssertEqual(quarantined(), [])

        try toLocker.fileHandleForWriting.close()
        locker.waitUntilExit()
        let second = run.pass()
        XCTAssertNil(second.fault)
        XCTAssertEqual(second.newCases, 3)
        XCTAssertEqual(try store.cases(CaseFilter()).count, 3)
        XCTAssertEqual(try waitingFiles(), [])
    }

    @discardableResult
    static func shell(_ tool: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw NSError(domain: "shell", code: Int(p.terminationStatus), userInfo: [NSLocalizedDescriptionKey: "\(tool) \(args): \(text)"])
        }
        return text
    }
}
