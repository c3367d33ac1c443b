import Foundation
import HotlineCore
import HotlineMail
import HotlineStore
import HotlineTestSupport
import XCTest

/// Intake behaviour, each test run against both stores: the in-memory twin and SQLite on disk.
final class IntakeTests: XCTestCase {
    struct Rig {
        let label: String
        let store: any CaseStore
        let vault: InMemoryVault
        let source: InMemoryMailSource
        let sender: InMemoryMailSender
        let clock: FixedClock
        let processor: IntakeProcessor

        var run: IntakeRun { IntakeRun(processor: processor, sources: [source], sender: sender, claimant: .test, logger: .quiet) }

        /// One pass; a fault of ours fails the test with its description.
        func pass() throws -> PassSummary {
            let s = run.pass()
            if let fault = s.fault { throw fault }
            return s
        }
        func cases() throws -> [CaseRecord] { try store.cases(CaseFilter()) }
    }

    var dirs: [String] = []

    override func tearDown() {
        for d in dirs { try? FileManager.default.removeItem(atPath: d) }
    }

    func rigs(role: MailboxRole = .citizen, settings: IntakeSettings = IntakeSettings()) throws -> [Rig] {
        let dir = NSTemporaryDirectory() + "hotline-intake-\(UUID().uuidString)"
        dirs.append(dir)
        let stores: [(String, any CaseStore)] = [("memory", InMemoryCaseStore()), ("sqlite", try SQLiteCaseStore(path: dir + "/t.sqlite"))]
        return stores.map { label, store in
            let clock = FixedClock(Date(timeIntervalSince1970: 1_795_835_000)) // 2026-11-28 10:23 +0800
            let vault = InMemoryVault()
            let counter = Counter()
            let processor = IntakeProcessor(store: store, vault: vault, settings: settings, clock: clock, logger: .quiet,
                                            nonce: { "n\(counter.next())" })
            return Rig(label: label, store: store, vault: vault, source: InMemoryMailSource(role: role), sender: InMemoryMailSender(),
                       clock: clock, processor: processor)
        }
    }

    func testNewMessageBecomesOneCaseWithAcknowledgement() throws {
        for rig in try rigs() {
            rig.source.deliver(TestMail().raw)
            let s = try rig.pass()
            XCTAssertEqual(s.newCases, 1, rig.label)
            XCTAssertEqual(s.sent, 1, rig.label)
            let c = try XCTUnwrap(try rig.cases().first, rig.label)
            XCTAssertEqual(c.number.description, "BB20261128-0001", rig.label)
            XCTAssertEqual(c.petitioner.name, "张三")
            XCTAssertEqual(c.petitioner.email, "zhangsan@example.com")
            XCTAssertEqual(c.petitioner.phone, "13855201234")
            XCTAssertEqual(c.kind.value, .complaint)
            XCTAssertEqual(c.handlingClass.value, .complex)
            XCTAssertEqual(c.state, .registered)
            XCTAssertEqual(c.channel, .mayorMailbox)
            XCTAssertEqual(try rig.store.rawMessage(sha256: c.rawSHA256), TestMail().raw, rig.label)
            let events = try rig.store.events(of: c.number)
            XCTAssertEqual(events.map(\.type), ["registered", "acknowledgement-queued"], rig.label)
            XCTAssertEqual(events[0].shown["kind_rule"], c.kind.rule)

            // The acknowledgement: our parser reads back what we wrote.
            let ack = MailParser.parse(try XCTUnwrap(rig.sender.sent.first).raw)
            XCTAssertEqual(ack.subject, "受理回执 [BB20261128-0001] 小区噪音扰民投诉")
            XCTAssertEqual(ack.header["Auto-Submitted"], "auto-replied")
            XCTAssertEqual(ack.inReplyTo, ["<m1@example.com>"])
            XCTAssertEqual(ack.header["In-Reply-To"], "<m1@example.com>")
            XCTAssertEqual(ack.to?.first?.address, "zhangsan@example.com")
            XCTAssertTrue(ack.bodyText.contains("受理编号：BB20261128-0001"), ack.bodyText)
            XCTAssertTrue(ack.defects.isEmpty, "\(ack.defects)")
        }
    }

    func testSameMessageTwiceIsOneCase() throws {
        for rig in try rigs() {
            let copy = TestMail()
            rig.source.deliver(copy.raw)
            // The second delivery went through another relay: other trace headers, LF line ends.
            let relayed = Array("Received: from relay2 by mx.hotline.example; Sat, 28 Nov 2026 09:20:00 +0800\r\n".utf8) + copy.raw
            rig.source.deliver(relayed.filter { $0 != 0x0D })
            rig.source.deliver(copy.raw)
            let s = try rig.pass()
            XCTAssertEqual(s.newCases, 1, rig.label)
            XCTAssertEqual(s.duplicates, 2, rig.label)
            XCTAssertEqual(rig.sender.sent.count, 1, "no second acknowledgement (\(rig.label))")
            XCTAssertEqual(try rig.cases().count, 1)
        }
    }

    func testAUIDVALIDITYChangeResyncsByContentNotByReimport() throws {
        for rig in try rigs() {
            // Taken in under UIDVALIDITY 100, moved; the server then renumbers and the same mail shows again.
            rig.source.deliver(TestMail().raw, key: "100:7")
            var reply = TestMail()
            reply.messageID = "<m2@example.com>"
            reply.subject = "Re: [BB20261128-0001] 补充"
            reply.body = "补充一句"
            rig.source.deliver(reply.raw, key: "100:8")
            _ = try rig.pass()
            rig.source.deliver(TestMail().raw, key: "200:1")
            rig.source.deliver(reply.raw, key: "200:2")
            let s = try rig.pass()
            XCTAssertEqual(s.duplicates, 2, rig.label)
            XCTAssertEqual(s.newCases + s.replies, 0, rig.label)
            XCTAssertEqual(try rig.cases().count, 1)
        }
    }

    func testWithoutMessageIDTheContentDecides() throws {
        for rig in try rigs() {
            var m = TestMail()
            m.messageID = nil
            rig.source.deliver(m.raw)
            rig.source.deliver(m.raw)
            m.body += "（补充）"
            rig.source.deliver(m.raw)
            let s = try rig.pass()
            XCTAssertEqual(s.newCases, 2, rig.label)
            XCTAssertEqual(s.duplicates, 1, rig.label)
        }
    }

    func testSameMessageIDWithOtherContentIsNotDropped() throws {
        for rig in try rigs() {
            var m = TestMail()
            rig.source.deliver(m.raw)
            m.subject = "另一件事：路灯不亮"
            m.body = "路灯坏了一个月。"
            rig.source.deliver(m.raw)
            XCTAssertEqual(try rig.pass().newCases, 2, rig.label)
        }
    }

    func testReplyCitingTheCaseNumberFromTheSameCitizenJoinsTheCase() throws {
        for rig in try rigs() {
            rig.source.deliver(TestMail().raw)
            _ = try rig.pass()
            var reply = TestMail()
            reply.messageID = "<m2@example.com>"
            reply.subject = "Re: 受理回执 [BB20261128-0001] 小区噪音扰民投诉"
            reply.body = "昨晚又施工到两点。"
            reply.attachments = [("recording.mp3", "filename=\"recording.mp3\"", [1, 2, 3])]
            rig.source.deliver(reply.raw)
            let s = try rig.pass()
            XCTAssertEqual(s.replies, 1, rig.label)
            XCTAssertEqual(s.newCases, 0, rig.label)
            XCTAssertEqual(s.sent, 0, "a reply gets no new acknowledgement (\(rig.label))")
            let number = CaseNumber(prefix: "BB", day: "20261128", sequence: 1)
            let events = try rig.store.events(of: number)
            XCTAssertEqual(events.last?.type, "reply-received", rig.label)
            XCTAssertEqual(events.last?.shown["text"], "昨晚又施工到两点。")
            XCTAssertEqual(try rig.store.caseRecord(number)?.attachments.map(\.originalName), ["recording.mp3"])
        }
    }

    func testReplyToOurAcknowledgementMatchesByMessageID() throws {
        for rig in try rigs() {
            rig.source.deliver(TestMail().raw)
            _ = try rig.pass()
            let ackID = try XCTUnwrap(rig.sender.sent.first).messageID
            var reply = TestMail()
            reply.from = "other address <zs2@example.net>"
            reply.messageID = "<m3@example.net>"
            reply.subject = "补充"
            reply.headers = ["In-Reply-To: <\(ackID)>"]
            rig.source.deliver(reply.raw)
            let s = try rig.pass()
            XCTAssertEqual(s.replies, 1, rig.label)
        }
    }

    func testCaseNumberCitedBySomeoneElseOpensANewCase() throws {
        for rig in try rigs() {
            rig.source.deliver(TestMail().raw)
            var other = TestMail()
            other.from = "王五 <wangwu@example.com>"
            other.messageID = "<w1@example.com>"
            other.subject = "我也反映 BB20261128-0001 的问题"
            rig.source.deliver(other.raw)
            let s = try rig.pass()
            XCTAssertEqual(s.newCases, 2, rig.label)
            let second = try rig.cases()[1]
            XCTAssertEqual(try rig.store.events(of: second.number).first?.shown["cites_cases"], "BB20261128-0001")
        }
    }

    func testAnAddressWrittenInTheBodyDoesNotMakeSomeoneThePetitioner() throws {
        for rig in try rigs() {
            rig.source.deliver(TestMail().raw)
            var other = TestMail()
            other.from = "王五 <wangwu@example.com>"
            other.messageID = "<w2@example.com>"
            other.subject = "Re: [BB20261128-0001] 补充"
            other.body = "姓名：张三\n邮箱：zhangsan@example.com\n内容：冒充补充材料"
            rig.source.deliver(other.raw)
            let s = try rig.pass()
            XCTAssertEqual(s.replies, 0, "\(rig.label): only From or Reply-To may be the petitioner's address")
            XCTAssertEqual(s.newCases, 2, rig.label)
        }
    }

    func testAutomaticMailNeverOpensACaseAndIsNeverAnswered() throws {
        let table: [[String]] = [
            ["Auto-Submitted: auto-replied"],
            ["Auto-Submitted: auto-generated"],
            ["Precedence: bulk"],
            ["Precedence: list"],
            ["X-Loop: hotline mayor-mailbox@hotline.example"],
            ["Return-Path: <>"],
        ]
        for rig in try rigs() {
            for (i, headers) in table.enumerated() {
                var m = TestMail()
                m.messageID = "<auto\(i)@example.com>"
                m.subject = "自动回复: [BB20261128-0001] 我不在办公室"
                m.headers = headers
                rig.source.deliver(m.raw)
            }
            var dsn = TestMail()
            dsn.from = "MAILER-DAEMON@mx.example.com"
            dsn.messageID = "<dsn@example.com>"
            rig.source.deliver(dsn.raw)
            var notAuto = TestMail()
            notAuto.headers = ["Auto-Submitted: no"]
            rig.source.deliver(notAuto.raw)
            let s = try rig.pass()
            XCTAssertEqual(s.automatic, table.count + 1, rig.label)
            XCTAssertEqual(s.newCases, 1, rig.label)
            XCTAssertEqual(rig.sender.sent.count, 1, rig.label)
        }
    }

    func testOutOfScopeGetsGuidanceAndNoDispatch() throws {
        for rig in try rigs() {
            var m = TestMail()
            m.subject = "对法院判决不服"
            m.body = "法院判决执行不公，我已经去过信访局。"
            rig.source.deliver(m.raw)
            XCTAssertEqual(try rig.pass().newCases, 1)
            let c = try XCTUnwrap(try rig.cases().first)
            XCTAssertEqual(c.state, .guided, rig.label)
            XCTAssertEqual(c.scope.value, .outOfScope(category: "petition"))
            let reply = MailParser.parse(try XCTUnwrap(rig.sender.sent.first).raw)
            XCTAssertTrue(reply.subject?.hasPrefix("答复 [BB20261128-0001]") ?? false)
            XCTAssertTrue(reply.bodyText.contains("信访部门"), reply.bodyText)
            XCTAssertEqual(try rig.store.events(of: c.number).map(\.type), ["registered", "guidance-queued"])
        }
    }

    func testBadInputIsQuarantinedAndTheRunGoesOn() throws {
        var settings = IntakeSettings()
        settings.maxMessageBytes = 10_000
        for rig in try rigs(settings: settings) {
            rig.source.deliver(Array("\r\n\r\n".utf8), key: "a-empty")
            rig.source.deliver(Array(repeating: 0x41, count: 20_000), key: "b-huge")
            rig.source.deliver(TestMail().raw, key: "c-unreadable")
            rig.source.unreadable = ["c-unreadable"]
            rig.source.deliver(Array("garbage \u{0}\u{1}\u{2} no header at all".utf8), key: "d-garbage")
            rig.source.deliver(TestMail().raw, key: "e-good")
            let s = try rig.pass()
            XCTAssertEqual(s.quarantined, 3, rig.label)
            XCTAssertEqual(s.newCases, 2, "garbage still becomes a case (\(rig.label))")
            XCTAssertEqual(rig.source.finished.map(\.disposition), [.quarantined, .quarantined, .quarantined, .newCase, .newCase])
            let reasons = try rig.store.intakeEntries(limit: 10).filter { $0.disposition == .quarantined }.map(\.reason)
            XCTAssertEqual(reasons.count, 3)
            XCTAssertTrue(reasons[0].contains("empty"), reasons[0])
            XCTAssertTrue(reasons[1].contains("exceeds"), reasons[1])
            XCTAssertTrue(reasons[2].contains("unreadable"), reasons[2])
        }
    }

    func testHostileAttachmentNamesNeverBecomePaths() throws {
        for rig in try rigs() {
            var m = TestMail()
            let long = String(repeating: "长", count: 300)
            m.attachments = [
                ("../../etc/passwd", "filename=\"../../etc/passwd\"", Array("root:x:0:0".utf8)),
                ("CON", "filename*=utf-8''CON.txt", Array("con".utf8)),
                ("C:\\boot.ini", "filename=\"C:\\\\boot.ini\"", Array("boot".utf8)),
                (long, "filename=\"\(TestMail.b(long + ".pdf"))\"", Array("pdf".utf8)),
                ("dots", "filename=\"..\"", Array("dots".utf8)),
            ]
            rig.source.deliver(m.raw)
            _ = try rig.pass()
            let c = try XCTUnwrap(try rig.cases().first)
            XCTAssertEqual(c.attachments.count, 5, rig.label)
            for a in c.attachments {
                XCTAssertTrue(a.storedName.range(of: "^[0-9a-f]{64}\\.[a-z0-9]{1,8}$", options: .regularExpression) != nil, a.storedName)
                XCTAssertNotNil(try rig.vault.get(a.storedName))
            }
            XCTAssertEqual(c.attachments.map(\.storedName).map { $0.split(separator: ".").last.map(String.init) },
                           ["bin", "txt", "ini", "pdf", "bin"])
            XCTAssertEqual(c.attachments.first?.originalName, "../../etc/passwd")
        }
    }

    func testACrashBetweenCommitAndMoveDoesNotDouble() throws {
        for rig in try rigs() {
            let raw = TestMail().raw
            let key = SourceKey(source: "memory", key: "000001")
            // First attempt commits, then "crashes" before the source is told.
            _ = try rig.processor.process(IncomingMessage(key: key, raw: raw), role: .citizen)
            rig.source.deliver(raw, key: "000001")
            let s = try rig.pass()
            XCTAssertEqual(s.alreadyDone, 1, rig.label)
            XCTAssertEqual(s.newCases, 0, rig.label)
            XCTAssertEqual(try rig.cases().count, 1)
            XCTAssertEqual(rig.source.finished.count, 1)
        }
    }

    func testSpoolKeepsMailWhenTheSenderIsDown() throws {
        for rig in try rigs() {
            rig.sender.failing = true
            rig.source.deliver(TestMail().raw)
            let s1 = try rig.pass()
            XCTAssertEqual(s1.sendFailures, 1, rig.label)
            XCTAssertEqual(try rig.store.queuedMail(limit: 10, now: rig.clock.now(), honourRetryTimes: false).count, 1)
            rig.sender.failing = false
            let s2 = try rig.pass()
            XCTAssertEqual(s2.sent, 1, rig.label)
            XCTAssertEqual(try rig.store.queuedMail(limit: 10, now: rig.clock.now(), honourRetryTimes: false).count, 0)
        }
    }

    func testAPermanentRefusalIsMarkedFailedAndTheRestStillGoes() throws {
        final class Refusing: MailSender {
            var sent = 0
            func send(_ mail: OutgoingMail) throws -> String {
                if mail.recipients.first?.hasPrefix("zhangsan") == true {
                    throw DeliveryFailure(permanent: true, serverUnreachable: false, description: "550 no such user")
                }
                sent += 1
                return "250 ok"
            }
        }
        for rig in try rigs() {
            rig.source.deliver(TestMail().raw)
            var other = TestMail()
            other.from = "王五 <wangwu@example.com>"
            other.messageID = "<w@example.com>"
            other.body = "另一件事"
            rig.source.deliver(other.raw)
            let sender = Refusing()
            let s = try IntakeRun(processor: rig.processor, sources: [rig.source], sender: sender, claimant: .test, logger: .quiet).pass()
            XCTAssertEqual(s.sent, 1, rig.label)
            XCTAssertEqual(s.sendFailures, 1, rig.label)
            let failed = try rig.store.outgoing(limit: 10).filter { $0.status == .failed }
            XCTAssertEqual(failed.count, 1, rig.label)
            XCTAssertEqual(failed.first?.lastError, "550 no such user")
            XCTAssertTrue(try rig.store.queuedMail(limit: 10, now: rig.clock.now(), honourRetryTimes: false).isEmpty, "never retried (\(rig.label))")
        }
    }

    func testRetriesBackOffAndAnUnreachableServerStopsTheRound() throws {
        XCTAssertEqual(IntakeRun.backoff(attempts: 1), 60)
        XCTAssertEqual(IntakeRun.backoff(attempts: 3), 240)
        XCTAssertEqual(IntakeRun.backoff(attempts: 30), 3600)
        final class Down: MailSender {
            var tries = 0
            func send(_ mail: OutgoingMail) throws -> String {
                tries += 1
                throw DeliveryFailure(permanent: false, serverUnreachable: true, description: "cannot connect")
            }
        }
        for rig in try rigs() {
            for i in 0..<3 {
                var m = TestMail()
                m.messageID = "<r\(i)@example.com>"
                m.body = "第\(i)件"
                rig.source.deliver(m.raw)
            }
            let down = Down()
            var run = IntakeRun(processor: rig.processor, sources: [rig.source], sender: down, claimant: .test, logger: .quiet)
            run.honourRetryTimes = true
            XCTAssertEqual(try run.pass().sendFailures, 1, rig.label)
            XCTAssertEqual(down.tries, 1, "one try per pass while the server is down (\(rig.label))")
            let due = try rig.store.queuedMail(limit: 10, now: rig.clock.now(), honourRetryTimes: true)
            XCTAssertEqual(due.count, 2, "the failed one waits a minute (\(rig.label))")
            rig.clock.advance(61)
            XCTAssertEqual(try rig.store.queuedMail(limit: 10, now: rig.clock.now(), honourRetryTimes: true).count, 3)
        }
    }

    /// A fault of ours (here: the store refuses one case, as a full disk would) is never bad input:
    /// the message is neither quarantined nor finished, the pass stops with the fault named, what
    /// was committed is finished, and the next pass takes the message in exactly once.
    func testAStoreFaultLeavesTheMessageInPlaceForTheNextPass() throws {
        /// The in-memory store, refusing any case whose subject says BOOM while `refusing` is set.
        final class Refusing: ForwardingCaseStore, @unchecked Sendable {
            let switchBox = RefusalSwitch()
            final class RefusalSwitch: @unchecked Sendable { var on = true }
            struct Refused: Error {}
            final class Session: CaseStoreSession {
                let inner: any CaseStoreSession
                let refusing: Bool
                init(_ inner: any CaseStoreSession, refusing: Bool) { self.inner = inner; self.refusing = refusing }
                func intakeEntry(for source: SourceKey) throws -> IntakeEntry? { try inner.intakeEntry(for: source) }
                func caseForDedupKey(_ key: String) throws -> CaseNumber? { try inner.caseForDedupKey(key) }
                func caseCited(byMessageIDs ids: [String]) throws -> CaseNumber? { try inner.caseCited(byMessageIDs: ids) }
                func caseRecord(_ number: CaseNumber) throws -> CaseRecord? { try inner.caseRecord(number) }
                func storeRawMessage(sha256: String, bytes: [UInt8]) throws { try inner.storeRawMessage(sha256: sha256, bytes: bytes) }
                func allocateCaseNumber(prefix: String, day: String) throws -> CaseNumber {
                    try inner.allocateCaseNumber(prefix: prefix, day: day)
                }
                func insertCase(_ record: CaseRecord) throws {
                    if refusing, record.subject.contains("BOOM") { throw Refused() }
                    try inner.insertCase(record)
                }
                func updateCase(_ record: CaseRecord) throws { try inner.updateCase(record) }
                func addAttachments(_ a: [StoredAttachment], to n: CaseNumber) throws { try inner.addAttachments(a, to: n) }
                func appendEvent(_ e: CaseEvent, to n: CaseNumber) throws { try inner.appendEvent(e, to: n) }
                func recordIntake(_ e: IntakeEntry) throws { try inner.recordIntake(e) }
                func queueOutgoing(_ m: OutgoingMail) throws { try inner.queueOutgoing(m) }
                func allocateFormNumber(kind: FormKind, year: Int) throws -> FormNumber {
                    try inner.allocateFormNumber(kind: kind, year: year)
                }
                func insertForm(_ f: IssuedForm) throws { try inner.insertForm(f) }
                func forms(of n: CaseNumber) throws -> [IssuedForm] { try inner.forms(of: n) }
                func events(of n: CaseNumber) throws -> [CaseEvent] { try inner.events(of: n) }
                func caseHoldingAttached(source: String) throws -> CaseNumber? { try inner.caseHoldingAttached(source: source) }
                func sentAt(messageID: String) throws -> Date? { try inner.sentAt(messageID: messageID) }
                func clocks(of number: CaseNumber) throws -> StoredClocks? { try inner.clocks(of: number) }
                func events(of number: CaseNumber, last count: Int) throws -> [CaseEvent] { try inner.events(of: number, last: count) }
                func saveClocks(_ c: StoredClocks, nextActionAt: Date?, for number: CaseNumber) throws {
                    try inner.saveClocks(c, nextActionAt: nextActionAt, for: number)
                }
                func caseOfOurMail(messageIDs: [String], purposes: [String]) throws -> CaseNumber? {
                    try inner.caseOfOurMail(messageIDs: messageIDs, purposes: purposes)
                }
            }
            override func transaction<T>(_ body: (any CaseStoreSession) throws -> T) throws -> T {
                try inner.transaction { try body(Session($0, refusing: switchBox.on)) }
            }
        }
        let store = Refusing()
        let processor = IntakeProcessor(store: store, vault: InMemoryVault(), settings: IntakeSettings(), clock: SystemClock(), logger: .quiet,
                                        nonce: IntakeProcessor.randomNonce)
        let source = InMemoryMailSource()
        for (i, subject) in ["第一件", "BOOM", "第三件"].enumerated() {
            var m = TestMail()
            m.messageID = "<b\(i)@example.com>"
            m.subject = subject
            source.deliver(m.raw)
        }
        let run = IntakeRun(processor: processor, sources: [source], sender: nil, claimant: .test, logger: .quiet)
        let s = run.pass()
        XCTAssertEqual(s.newCases, 1, "the batch failed; one at a time, up to the one that fails")
        XCTAssertEqual(s.quarantined, 0, "a fault of ours is not bad input")
        XCTAssertEqual(s.leftInPlace, 2, "the one that failed and the one after it, not tried")
        XCTAssertEqual(s.fault?.message?.key, "000002")
        XCTAssertTrue(s.fault?.description.contains("next pass") ?? false, s.fault?.description ?? "")
        XCTAssertEqual(source.finished.map(\.disposition), [.newCase])
        XCTAssertEqual(source.waiting.map(\.key.key), ["000002", "000003"], "the messages stay where they are")
        XCTAssertEqual(try store.intakeEntries(limit: 5).count, 1)

        store.switchBox.on = false
        let again = run.pass()
        XCTAssertNil(again.fault)
        XCTAssertEqual(again.newCases, 2)
        XCTAssertEqual(try store.cases(CaseFilter()).map(\.subject).sorted(), ["BOOM", "第一件", "第三件"].sorted())
        XCTAssertEqual(run.pass().fetched, 0)
    }

    func testMessagesLargerThanTheByteBudgetStillFlow() throws {
        for rig in try rigs() {
            for i in 0..<12 {
                var m = TestMail()
                m.messageID = "<big\(i)@example.com>"
                m.body = String(repeating: "第\(i)件事。", count: 400)
                rig.source.deliver(m.raw)
            }
            var run = rig.run
            run.batchBytes = 1_000  // every message is over the budget of 3,000 bytes
            run.batchMessages = 5
            let s = try run.pass()
            XCTAssertEqual(s.newCases, 12, rig.label)
            XCTAssertEqual(rig.source.finished.count, 12)
        }
    }

    func testUnitMailMatchingNoCaseGoesToHolding() throws {
        for rig in try rigs(role: .unitReplies) {
            rig.source.deliver(TestMail().raw)
            XCTAssertEqual(try rig.pass().holding, 1, rig.label)
            XCTAssertTrue(try rig.cases().isEmpty)
        }
    }

    /// A fax-gateway mail is a paper letter: the gateway is not its writer, so no acknowledgement
    /// goes back to the gateway's address (issue 9, item 6).
    func testAFaxedLetterIsNotAcknowledgedToTheGateway() throws {
        for rig in try rigs(role: .fax) {
            var m = TestMail()
            m.from = "Fax Gateway <fax-gateway@center.example>"
            m.headers = ["Reply-To: <fax-gateway@center.example>"]
            m.subject = "Fax from 05523012345"
            m.body = "Received fax from 0552-3012345, 1 page."
            m.attachments = [(name: "fax.tif", header: "filename=\"fax.tif\"", data: [0x49, 0x49, 0x2A, 0x00])]
            rig.source.deliver(m.raw)
            let s = try rig.pass()
            XCTAssertEqual(s.newCases, 1, rig.label)
            XCTAssertEqual(s.sent, 0, rig.label)
            XCTAssertTrue(rig.sender.sent.isEmpty, rig.label)
            let c = try XCTUnwrap(try rig.cases().first, rig.label)
            XCTAssertEqual(c.channel, .fax)
            XCTAssertNil(c.petitioner.email, rig.label)
            XCTAssertNil(c.petitioner.name, rig.label)
            XCTAssertEqual(c.petitioner.phone, "0552-3012345", "the number the fax came from is kept")
            let events = try rig.store.events(of: c.number)
            XCTAssertEqual(events.map(\.type), ["registered", "no-acknowledgement"], rig.label)
            XCTAssertTrue(events[1].shown["reason"]?.contains("gateway") == true, "\(events[1].shown)")
        }
        // A citizen's mail with the same headers is still acknowledged.
        for rig in try rigs() {
            rig.source.deliver(TestMail().raw)
            XCTAssertEqual(try rig.pass().sent, 1, rig.label)
        }
    }

    func testCaseNumbersCountPerDayWithoutGaps() throws {
        for rig in try rigs() {
            for (i, day) in ["28", "28", "27", "28"].enumerated() {
                var m = TestMail()
                m.messageID = "<d\(i)@example.com>"
                m.body = "第\(i)件事"
                m.date = "Sat, \(day) Nov 2026 09:15:00 +0800"
                rig.source.deliver(m.raw)
            }
            _ = try rig.pass()
            XCTAssertEqual(Set(try rig.cases().map(\.number.description)),
                           ["BB20261128-0001", "BB20261128-0002", "BB20261127-0001", "BB20261128-0003"], rig.label)
        }
    }

    func testReceivedTimeTrustsOurServerNotTheSendersClock() throws {
        for rig in try rigs() {
            // Our MX stamped it on the 27th; the sender's clock says 2003.
            let raw = Array("Received: from x by mx.hotline.example; Fri, 27 Nov 2026 23:59:00 +0800\r\n".utf8)
                + Array("Date: Mon, 1 Jan 2003 00:00:00 +0000\r\nFrom: a@example.com\r\nSubject: x\r\n\r\n投诉\r\n".utf8)
            rig.source.deliver(raw)
            var m = TestMail()
            m.date = "Mon, 1 Jan 2003 00:00:00 +0000"
            m.headers = []
            let noTrace = m.raw.split(separator: 0x0A, maxSplits: 1, omittingEmptySubsequences: false)[1]
            rig.source.deliver(Array(noTrace))
            _ = try rig.pass()
            XCTAssertEqual(try rig.cases().map(\.number.description), ["BB20261127-0001", "BB20261128-0001"], rig.label)
        }
    }

    func testClerkOverrideIsAnEvent() throws {
        for rig in try rigs() {
            rig.source.deliver(TestMail().raw)
            _ = try rig.pass()
            let n = try XCTUnwrap(try rig.cases().first).number
            let desk = CaseDesk(store: rig.store, clock: rig.clock)
            try desk.override(n, .handlingClass(.generalEmergency), clerk: "李明", reason: "涉及停水")
            XCTAssertEqual(try rig.store.caseRecord(n)?.handlingClass, Decided(.generalEmergency, rule: "clerk: 李明 — 涉及停水"))
            let last = try XCTUnwrap(try rig.store.events(of: n).last)
            XCTAssertEqual(last.actor, "李明")
            XCTAssertEqual(last.shown["from"], "complex")
            XCTAssertThrowsError(try desk.override(CaseNumber(prefix: "BB", day: "20261128", sequence: 99), .keyMatter(true),
                                                   clerk: "李明", reason: nil))
        }
    }
}

final class Counter: @unchecked Sendable {
    let lock = NSLock()
    var n = 0
    func next() -> Int { lock.withLock { n += 1; return n } }
}
