import Foundation
import HotlineCore
import HotlineStore
import HotlineTestSupport
import XCTest

final class FolderAdapterTests: XCTestCase {
    var dir = ""

    override func setUp() {
        dir = NSTemporaryDirectory() + "hotline-folder-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir + "/inbox", withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func write(_ name: String, _ bytes: [UInt8]) {
        FileManager.default.createFile(atPath: "\(dir)/inbox/\(name)", contents: Data(bytes))
    }

    func rig() throws -> (FolderMailSource, IntakeRun, SQLiteCaseStore) {
        let source = FolderMailSource(name: "inbox", role: .citizen, folder: dir + "/inbox",
                                      processedFolder: dir + "/inbox/processed", quarantineFolder: dir + "/inbox/quarantine")
        let store = try SQLiteCaseStore(path: dir + "/store/h.sqlite")
        let processor = IntakeProcessor(store: store, vault: FolderVault(folder: dir + "/store/attachments"),
                                        settings: IntakeSettings(), clock: SystemClock(), logger: .quiet, nonce: IntakeProcessor.randomNonce)
        return (source, IntakeRun(processor: processor, sources: [source], sender: FolderMailSender(folder: dir + "/outbox"),
                                  claimant: .test, logger: .quiet), store)
    }

    func testFilesMoveOnlyAfterCommitAndAcknowledgementsLandInTheOutbox() throws {
        write("a.eml", TestMail().raw)
        write("b.eml", Array("\r\n".utf8))
        write("notes.txt", Array("not mail".utf8))
        try FileManager.default.createSymbolicLink(atPath: dir + "/inbox/link.eml", withDestinationPath: "/etc/hostname")
        let (source, run, store) = try rig()
        XCTAssertEqual(try source.pending().map(\.key), ["a.eml", "b.eml"])
        let s = try run.pass()
        XCTAssertEqual(s.newCases, 1)
        XCTAssertEqual(s.quarantined, 1)
        XCTAssertEqual(s.sent, 1)
        let fm = FileManager.default
        XCTAssertTrue(fm.fileExists(atPath: dir + "/inbox/processed/a.eml"))
        XCTAssertTrue(fm.fileExists(atPath: dir + "/inbox/quarantine/b.eml"))
        XCTAssertEqual(try String(contentsOfFile: dir + "/inbox/quarantine/b.eml.reason.txt", encoding: .utf8), "empty message\n")
        XCTAssertTrue(fm.fileExists(atPath: dir + "/inbox/notes.txt"))
        XCTAssertTrue(fm.fileExists(atPath: dir + "/inbox/link.eml"), "symlinks are left alone")
        let out = try fm.contentsOfDirectory(atPath: dir + "/outbox").filter { $0.hasSuffix(".eml") }
        XCTAssertEqual(out.count, 1)
        XCTAssertTrue(out[0].hasPrefix("BB20261128-0001.acknowledgement."), out[0])
        XCTAssertEqual(try store.cases(CaseFilter()).count, 1)
        // A second pass finds nothing new.
        let again = try run.pass()
        XCTAssertEqual(again.fetched, 0)
    }

    func testSameNameLaterWithOtherContentIsANewMessage() throws {
        let (_, run, store) = try rig()
        write("x.eml", TestMail().raw)
        _ = try run.pass()
        var m = TestMail()
        m.messageID = "<other@example.com>"
        m.body = "另一件事"
        write("x.eml", m.raw)
        XCTAssertEqual(try run.pass().newCases, 1)
        XCTAssertEqual(try store.cases(CaseFilter()).count, 2)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/inbox/processed/x.eml.1"))
    }

    func testVaultRefusesNamesThatAreNotGenerated() throws {
        let vault = FolderVault(folder: dir + "/vault")
        for bad in ["../x.txt", "a/b.txt", ".hidden", "x", "a\\b.txt", "名字.txt"] {
            XCTAssertThrowsError(try vault.put([1], storedName: bad), bad)
        }
        let name = String(repeating: "ab", count: 32) + ".pdf"
        try vault.put([1, 2], storedName: name)
        XCTAssertEqual(try vault.get(name), [1, 2])
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(dir)/vault/ab/\(name)"))
    }
}
