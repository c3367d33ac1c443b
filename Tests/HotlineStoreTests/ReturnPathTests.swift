import Foundation
import HotlineCore
import HotlineMail
import HotlineStore
import HotlineTestSupport
import XCTest

/// Units' replies through intake, on both stores, with the scripted feedback reader: how a reply
/// finds its case, and every outcome of RULES.md §8 (issue 5, items 1 and 5). The real reader
/// (signed XML, ODT) runs in HotlineDocumentsTests and on the command line.
final class ReturnPathTests: XCTestCase {
    static let fk = FormNumber(kind: .feedback, year: 2026, sequence: 1)

    struct Rig {
        let label: String
        let store: any CaseStore
        let clock: FixedClock
        let settings: FormSettings
        let desk: FormDesk
        var script: [String: ReceivedFeedback] = [:]
        var unread: [String: UnreadScan.Reason] = [:]
        var seq = 0

        func processor() -> IntakeProcessor {
            IntakeProcessor(store: store, vault: InMemoryVault(), settings: settings.intake, clock: clock, logger: .quiet,
                            nonce: IntakeProcessor.randomNonce,
                            returnPath: ReturnPath(settings: settings, reader: ScriptedFeedbackReader(script, unread: unread)))
        }

        mutating func receive(_ mail: TestMail, role: MailboxRole = .unitReplies) throws -> IntakeEntry {
            seq += 1
            return try processor().process(IncomingMessage(key: SourceKey(source: "units", key: "\(seq)"), raw: mail.raw), role: role).entry
        }
    }

    static func leader(_ name: String) -> GovernmentUnit.Leader { .init(name: name, title: "局长", publicKeyPEM: nil, keySource: nil) }

    func rigs() throws -> [Rig] {
        let dir = NSTemporaryDirectory() + "hotline-rp-\(UUID().uuidString)"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return try [("memory", InMemoryCaseStore() as any CaseStore), ("sqlite", try SQLiteCaseStore(path: dir + "/h.sqlite"))].map(Self.rig)
    }

    /// A rig on one store: CG registered with its leaders, the desk, the clock at 2026-11-28 10:00 (+08:00).
    static func rig(label: String, store: any CaseStore) -> Rig {
            let clock = FixedClock(ISO8601DateFormatter().date(from: "2026-11-28T02:00:00Z")!)
            let units = UnitsRegistry(units: [
                GovernmentUnit(code: "CG", name: "蚌埠市城市管理局", tier: .two, parent: nil, email: "cg@gov.example", hotlineContact: nil,
                               leaderInCharge: Self.leader("孙立"), principalLeader: Self.leader("钱进")),
            ])
            let settings = FormSettings(intake: IntakeSettings(), centerHead: "周明", replyMailbox: "hotline@center.example",
                                        formSecret: Array("return path test secret".utf8), deadlines: .shipped, units: units)
            let desk = FormDesk(store: store, renderer: PlainFormRenderer(writer: FormXMLWriter(timeZone: settings.intake.timeZone)),
                                settings: settings, clock: clock, nonce: IntakeProcessor.randomNonce)
            return Rig(label: label, store: store, clock: clock, settings: settings, desk: desk)
    }

    /// A citizen's case, assigned to CG; returns its number and the assignment mail's Message-ID.
    static func assignedCase(_ rig: inout Rig) throws -> (CaseNumber, String) {
        let entry = try rig.receive(TestMail(), role: .citizen)
        let n = try XCTUnwrap(entry.caseNumber, rig.label)
        let issued = try rig.desk.assign(n, lead: "CG", assisting: [], clerk: "李文")
        XCTAssertEqual(issued.forms.last?.number, Self.fk)
        return (n, issued.mail.messageID)
    }

    static func answer() -> FeedbackSheet.Answer { .complete() }

    static func sheet(_ n: CaseNumber, _ a: FeedbackSheet.Answer = answer(), medium: ReceivedFeedback.Medium = .xml,
                      signature: ReceivedFeedback.Signature = .signed(by: "CG", as: .principalLeader)) -> ReceivedFeedback {
        ReceivedFeedback(medium: medium, attachment: "", sha256: "", answer: medium == .paper ? nil : a, caseNumber: n,
                         formNumber: fk, signature: medium == .xml ? signature : .none)
    }

    static func reply(_ rig: Rig, _ n: CaseNumber, attachment name: String = "FK2026-00001-反馈单.xml", bytes: String = "<signed/>") -> TestMail {
        var m = TestMail()
        m.from = "城管局 <cg@gov.example>"
        m.to = rig.settings.replyAddress.address(for: n)
        m.subject = "回复：【交办单】"
        m.messageID = "<reply-\(UUID().uuidString)@gov.example>"
        m.date = MailComposer.rfc5322Date(rig.clock.now(), timeZone: rig.settings.intake.timeZone)
        m.attachments = [(name, "filename=\"\(name)\"", Array(bytes.utf8))]
        return m
    }

    func testASignedAnswerIsAcceptedOnceThenReviewed() throws {
        for var rig in try rigs() {
            let (n, _) = try Self.assignedCase(&rig)
            rig.script["FK2026-00001-反馈单.xml"] = Self.sheet(n)
            let entry = try rig.receive(Self.reply(rig, n))
            XCTAssertEqual(entry.disposition, .reply, "\(rig.label): \(entry.reason)")
            XCTAssertEqual(entry.caseNumber, n)
            XCTAssertTrue(entry.reason.contains("accepted"), entry.reason)
            XCTAssertEqual(try rig.store.caseRecord(n)?.state, .awaitingReview, rig.label)
            let event = try XCTUnwrap(rig.store.events(of: n).last)
            XCTAssertEqual(event.type, "feedback-accepted")
            XCTAssertTrue(event.shown["matched_by"]?.hasPrefix("reply address") ?? false, "\(event.shown)")
            // The same sheet again, in another mail: recorded once.
            let again = try rig.receive(Self.reply(rig, n))
            XCTAssertEqual(again.disposition, .duplicate, again.reason)
            XCTAssertEqual(try rig.store.events(of: n).filter { $0.type == "feedback-accepted" }.count, 1)
            let desk = FeedbackDesk(store: rig.store, settings: rig.settings, clock: rig.clock, nonce: IntakeProcessor.randomNonce)
            XCTAssertEqual(try desk.accept(n, clerk: "李文"), .reviewed, rig.label)
            // The petitioner is told the result (答复, issue 12 item 4): the unit's answer, the unit, the
            // call-back question, as a reply to their mail with the case's reply address.
            let reply = try XCTUnwrap(try rig.store.outgoing(limit: 20).first { $0.mail.purpose == "petitioner-reply" }, rig.label)
            let record = try XCTUnwrap(try rig.store.caseRecord(n))
            XCTAssertEqual(reply.mail.recipients, [record.petitioner.email ?? "?"], rig.label)
            let parsed = MailParser.parse(reply.mail.raw)
            XCTAssertEqual(parsed.subject?.hasPrefix("办理结果答复：[\(n)]"), true, parsed.subject ?? "")
            XCTAssertEqual(parsed.replyTo?.first?.address.contains(n.description.lowercased()), true)
            for needle in ["已由蚌埠市城市管理局办理", "经查，已责令工地停止夜间施工。", "1 满意    2 基本满意    3 不满意", "直接回复本邮件"] {
                XCTAssertTrue(parsed.bodyText.contains(needle), "\(rig.label): \(needle) in \(parsed.bodyText)")
            }
            let told = try XCTUnwrap(try rig.store.events(of: n).last { $0.type == "reply-sent" })
            XCTAssertEqual(told.shown["message_id"], reply.mail.messageID)
            XCTAssertEqual(told.shown["unit"], "CG")
            XCTAssertNil(told.shown["by_phone"])
            // The petitioner answers it, at the case's reply address: a citizen's reply on the case,
            // never taken for a unit's.
            var evaluation = TestMail()
            evaluation.from = "张三 <\(record.petitioner.email ?? "")>"
            evaluation.to = parsed.replyTo?.first?.address ?? ""
            evaluation.subject = "回复：办理结果答复"
            evaluation.messageID = "<evaluation-\(UUID().uuidString)@example.com>"
            evaluation.headers = ["In-Reply-To: <\(reply.mail.messageID)>"]
            evaluation.body = "基本满意"
            let back = try rig.receive(evaluation)
            XCTAssertEqual(back.disposition, .reply, "\(rig.label): \(back.reason)")
            XCTAssertEqual(try rig.store.events(of: n).last { $0.type.hasSuffix("-received") }?.type, "reply-received", rig.label)
            XCTAssertEqual(try rig.store.caseRecord(n)?.state, .reviewed)
        }
    }

    func testAFailingAnswerGoesBackToTheUnitWithEveryReason() throws {
        for var rig in try rigs() {
            let (n, _) = try Self.assignedCase(&rig)
            var a = Self.answer()
            a.handlerPhone = nil
            a.satisfaction = nil
            rig.script["FK2026-00001-反馈单.xml"] = Self.sheet(n, a, signature: .signed(by: "CG", as: .leaderInCharge))
            let entry = try rig.receive(Self.reply(rig, n))
            XCTAssertTrue(entry.reason.contains("退单"), entry.reason)
            XCTAssertEqual(try rig.store.caseRecord(n)?.state, .assigned, rig.label)
            let event = try XCTUnwrap(rig.store.events(of: n).last)
            XCTAssertEqual(event.type, "feedback-returned")
            XCTAssertEqual(event.shown["checks"], "signed-by-leader,handler-real-name,satisfaction-and-contact")
            let notice = try XCTUnwrap(rig.store.outgoing(limit: 10).first { $0.mail.purpose == "return-notice" })
            XCTAssertEqual(notice.mail.recipients, ["cg@gov.example"])
            let text = MailParser.parse(notice.mail.raw).bodyText
            XCTAssertTrue(text.contains("退单") && text.contains("主要负责人") && text.contains("telephone"), text)
            XCTAssertEqual(MailParser.parse(notice.mail.raw).subject?.hasPrefix("【退单】[\(n)]"), true)
        }
    }

    /// A paper answer, confirmed and accepted: its text was never read, so the petitioner is to be
    /// told by phone (issue 12, item 4) — said on the case, no mail.
    func testAnAcceptedPaperAnswerIsToldByPhone() throws {
        for var rig in try rigs() {
            let (n, _) = try Self.assignedCase(&rig)
            rig.script["fax.tif"] = Self.sheet(n, medium: .paper)
            _ = try rig.receive(Self.reply(rig, n, attachment: "fax.tif", bytes: "II*fax"))
            let desk = FeedbackDesk(store: rig.store, settings: rig.settings, clock: rig.clock, nonce: IntakeProcessor.randomNonce)
            XCTAssertEqual(try desk.confirm(n, clerk: "李文", note: "钱进签字"), .awaitingReview)
            XCTAssertEqual(try desk.accept(n, clerk: "李文"), .reviewed)
            let told = try XCTUnwrap(try rig.store.events(of: n).last { $0.type == "reply-sent" }, rig.label)
            XCTAssertTrue(told.shown["by_phone"]?.contains("tell the petitioner by phone") == true, "\(told.shown)")
            XCTAssertNil(told.shown["message_id"])
            XCTAssertTrue(try rig.store.outgoing(limit: 20).allSatisfy { $0.mail.purpose != "petitioner-reply" }, rig.label)
        }
    }

    func testTakeBackExtensionAndPaperReplies() throws {
        for var rig in try rigs() {
            let (n, _) = try Self.assignedCase(&rig)
            var ext = FeedbackSheet.Answer()
            ext.extensionUntil = rig.clock.now().addingTimeInterval(15 * 86_400)
            ext.extensionReason = "需协调多个部门联合执法"
            ext.signOff = .init(name: "钱进", title: "局长")
            rig.script["ext.xml"] = Self.sheet(n, ext)
            XCTAssertTrue(try rig.receive(Self.reply(rig, n, attachment: "ext.xml", bytes: "ext")).reason.contains("extension request"))
            let desk = FeedbackDesk(store: rig.store, settings: rig.settings, clock: rig.clock, nonce: IntakeProcessor.randomNonce)
            // Not before the current limit; then granted.
            XCTAssertThrowsError(try desk.decideExtension(n, grantUntil: rig.clock.now().addingTimeInterval(2 * 86_400), reason: nil,
                                                          clerk: "李文")) { XCTAssertTrue("\($0)".contains("later than the current one"), "\($0)") }
            // The case came in on Saturday 28 November: its form left in Monday's first batch, and its
            // limit is 14 December, 17:30; a grant must go past it.
            let granted = try desk.decideExtension(n, grantUntil: rig.clock.now().addingTimeInterval(17 * 86_400), reason: nil, clerk: "李文")
            XCTAssertTrue(granted.contains("granted"), granted)
            let letter = try XCTUnwrap(rig.store.outgoing(limit: 10).first { $0.mail.purpose == "extension-notice" })
            XCTAssertEqual(letter.mail.recipients, ["zhangsan@example.com"])
            XCTAssertTrue(MailParser.parse(letter.mail.raw).bodyText.contains("需协调多个部门联合执法"))
            XCTAssertThrowsError(try desk.decideExtension(n, grantUntil: nil, reason: nil, clerk: "李文"), "decided already")

            // Paper: waits for a clerk, then review.
            rig.script["fax.tif"] = Self.sheet(n, medium: .paper)
            let paper = try rig.receive(Self.reply(rig, n, attachment: "fax.tif", bytes: "II*fax"))
            XCTAssertTrue(paper.reason.contains("to be confirmed"), paper.reason)
            XCTAssertEqual(try rig.store.caseRecord(n)?.state, .awaitingConfirmation)
            XCTAssertEqual(try rig.store.events(of: n).last?.shown["note"], "paper reply — handwritten sign-off to be confirmed")
            XCTAssertEqual(try desk.confirm(n, clerk: "李文", note: "钱进签字"), .awaitingReview)
            XCTAssertEqual(try desk.returnToUnit(n, reason: "未说明处罚依据", clerk: "李文"), .assigned)

            // A take-back after its day: the assignment (made on Saturday) left in Monday's batch, so the
            // unit had until Tuesday 17:30 (1 working day); on Wednesday it is back, flagged late.
            rig.clock.advance(4 * 86_400)
            var back = FeedbackSheet.Answer()
            back.notOurDutyReason = "该事项属于市场监管部门职责"
            back.signOff = .init(name: "钱进", title: "局长")
            rig.script["back.xml"] = Self.sheet(n, back)
            let tb = try rig.receive(Self.reply(rig, n, attachment: "back.xml", bytes: "back"))
            XCTAssertTrue(tb.reason.contains("take-back") && tb.reason.contains("late"), tb.reason)
            XCTAssertEqual(try rig.store.caseRecord(n)?.state, .registered, "back with the center for re-routing")
            XCTAssertEqual(try rig.store.events(of: n).last?.shown["late"], "true")
        }
    }

    func testHowARepliesFindsItsCase() throws {
        for var rig in try rigs() {
            let (n, formMail) = try Self.assignedCase(&rig)
            // Our Message-ID in In-Reply-To, no reply address.
            var byID = Self.reply(rig, n, attachment: "note.txt")
            byID.to = "hotline@center.example"
            byID.headers = ["In-Reply-To: <\(formMail)>"]
            XCTAssertEqual(try rig.receive(byID).caseNumber, n, rig.label)
            // The case number in the subject, from the assigned unit: matched; from anyone else: held.
            var bySubject = Self.reply(rig, n, attachment: "note2.txt")
            bySubject.to = "hotline@center.example"
            bySubject.subject = "关于\(n)的办理情况"
            XCTAssertEqual(try rig.receive(bySubject).caseNumber, n)
            bySubject.from = "someone@elsewhere.example"
            bySubject.messageID = "<other@elsewhere.example>"
            let held = try rig.receive(bySubject)
            XCTAssertEqual(held.disposition, .holding, held.reason)
            // The sheet's own numbers, when that form was issued on that case.
            rig.script["sheet.xml"] = Self.sheet(n)
            var bySheet = Self.reply(rig, n, attachment: "sheet.xml", bytes: "sheet")
            bySheet.to = "hotline@center.example"
            bySheet.subject = "反馈"
            let matched = try rig.receive(bySheet)
            XCTAssertEqual(matched.caseNumber, n, matched.reason)
            XCTAssertTrue(try rig.store.events(of: n).last?.shown["matched_by"]?.contains("feedback sheet FK2026-00001") ?? false)

            // A reply address with a forged tag matches nothing.
            var forged = Self.reply(rig, n, attachment: "x.txt")
            forged.to = "hotline+\(n.description.lowercased()).aaaaaaaa@center.example"
            forged.subject = "hello"
            XCTAssertEqual(try rig.receive(forged).disposition, .holding)

            // The held item, attached by a clerk.
            let queue = try rig.store.holding(limit: 10)
            XCTAssertEqual(queue.count, 2, rig.label)
            let item = try XCTUnwrap(queue.first)
            let raw = try XCTUnwrap(rig.store.rawMessage(sha256: item.rawSHA256 ?? ""))
            let rp = ReturnPath(settings: rig.settings, reader: ScriptedFeedbackReader(rig.script))
            XCTAssertTrue(try rp.attach(item, raw: raw, to: n, clerk: "李文", store: rig.store, clock: rig.clock,
                                        nonce: IntakeProcessor.randomNonce).contains("no feedback sheet"))
            XCTAssertEqual(try rig.store.holding(limit: 10).count, 1)
            XCTAssertThrowsError(try rp.attach(item, raw: raw, to: n, clerk: "李文", store: rig.store, clock: rig.clock,
                                               nonce: IntakeProcessor.randomNonce))
        }
    }

    func testASheetReplayedFromAnotherCaseIsReturned() throws {
        for var rig in try rigs() {
            let (a, _) = try Self.assignedCase(&rig)
            var second = TestMail()
            second.messageID = "<m2@example.com>"
            second.subject = "另一件事：路灯不亮"
            second.body = "路灯坏了一个月。"
            let b = try XCTUnwrap(try rig.receive(second, role: .citizen).caseNumber)
            _ = try rig.desk.assign(b, lead: "CG", assisting: [], clerk: "李文")
            // Case a's signed sheet sent to case b's reply address.
            rig.script["replay.xml"] = Self.sheet(a)
            let entry = try rig.receive(Self.reply(rig, b, attachment: "replay.xml", bytes: "replay"))
            XCTAssertEqual(entry.caseNumber, b)
            XCTAssertTrue(entry.reason.contains("same-case"), entry.reason)
            XCTAssertEqual(try rig.store.caseRecord(b)?.state, .assigned)
        }
    }
}

/// The review's findings (issue 5): what a stranger or an earlier unit cannot do to a case.
extension ReturnPathTests {
    func testOnlyATrustedSheetPlacesMailByItsOwnNumbers() throws {
        for var rig in try rigs() {
            let (n, _) = try Self.assignedCase(&rig)
            func bare(_ name: String, from: String = "someone@elsewhere.example") -> TestMail {
                var m = Self.reply(rig, n, attachment: name, bytes: name)
                m.to = "hotline@center.example"
                m.from = from
                m.subject = "反馈"
                return m
            }
            // An ODT's fields: never enough. In the citizen mailbox it is a new matter; among units' mail, held.
            rig.script["a.odt"] = ReturnPathTests.sheet(n, medium: .odt)
            XCTAssertEqual(try rig.receive(bare("a.odt"), role: .citizen).disposition, .newCase, rig.label)
            XCTAssertEqual(try rig.receive(bare("a.odt")).disposition, .holding)
            // XML with a bad signature, or signed by another unit's key: held.
            rig.script["bad.xml"] = ReturnPathTests.sheet(n, signature: .invalid(["digest mismatch"]))
            XCTAssertEqual(try rig.receive(bare("bad.xml")).disposition, .holding)
            rig.script["other.xml"] = ReturnPathTests.sheet(n, signature: .signed(by: "BSQ", as: .principalLeader))
            XCTAssertEqual(try rig.receive(bare("other.xml")).disposition, .holding)
            XCTAssertEqual(try rig.store.caseRecord(n)?.state, .assigned, "nothing moved the case")
            XCTAssertFalse(try rig.store.outgoing(limit: 50).contains { $0.mail.purpose == "return-notice" }, "no 退单 to an innocent unit")
            // Signed by the unit's own key: placed on its case.
            rig.script["good.xml"] = ReturnPathTests.sheet(n)
            XCTAssertEqual(try rig.receive(bare("good.xml", from: "cg@gov.example")).caseNumber, n)
            XCTAssertEqual(try rig.store.caseRecord(n)?.state, .awaitingReview)
            // A further sheet now comes out of turn: recorded, nothing changed.
            var again = ReturnPathTests.answer()
            again.result = "补充说明：已回访。"
            rig.script["late.xml"] = ReturnPathTests.sheet(n, again)
            let out = try rig.receive(Self.reply(rig, n, attachment: "late.xml", bytes: "late"))
            XCTAssertTrue(out.reason.contains("nothing changed"), out.reason)
            XCTAssertEqual(try rig.store.events(of: n).last?.type, "feedback-out-of-turn")
        }
    }

    func testAnODTWhoseQRCodeCheckedIsPlacedByItsNumbers() throws {
        for var rig in try rigs() {
            let (n, _) = try Self.assignedCase(&rig)
            var tagged = ReturnPathTests.sheet(n, medium: .odt)
            tagged.tagged = true
            rig.script["tagged.odt"] = tagged
            var m = Self.reply(rig, n, attachment: "tagged.odt", bytes: "odt")
            m.to = "hotline@center.example"
            m.from = "clerk@cg.gov.example"
            m.subject = "反馈单"
            let entry = try rig.receive(m)
            XCTAssertEqual(entry.caseNumber, n, entry.reason)
            XCTAssertEqual(try rig.store.caseRecord(n)?.state, .awaitingConfirmation, rig.label)
            XCTAssertEqual(try rig.store.events(of: n).last?.shown["matched_by"], "odt feedback sheet FK2026-00001 of \(n)")
        }
    }

    func testAnODTTakeBackIsConfirmedAsATakeBackAndFlaggedLate() throws {
        for var rig in try rigs() {
            let (n, _) = try Self.assignedCase(&rig)
            rig.clock.advance(4 * 86_400)  // Wednesday: past Tuesday 17:30, the take-back's day after Monday's batch
            var back = FeedbackSheet.Answer()
            back.notOurDutyReason = "属于市场监管部门职责"
            back.signOff = .init(name: "钱进", title: "局长")
            rig.script["back.odt"] = ReturnPathTests.sheet(n, back, medium: .odt)
            XCTAssertTrue(try rig.receive(Self.reply(rig, n, attachment: "back.odt", bytes: "odt")).reason.contains("to be confirmed"))
            XCTAssertEqual(try rig.store.events(of: n).last?.shown["request"], "take-back")
            let desk = FeedbackDesk(store: rig.store, settings: rig.settings, clock: rig.clock, nonce: IntakeProcessor.randomNonce)
            XCTAssertEqual(try desk.confirm(n, clerk: "李文", note: "钱进签字"), .registered, rig.label)
            let event = try XCTUnwrap(rig.store.events(of: n).last)
            XCTAssertEqual(event.type, "feedback-take-back")
            XCTAssertEqual(event.shown["late"], "true")
            XCTAssertThrowsError(try desk.decideExtension(n, grantUntil: rig.clock.now() + 86_400, reason: nil, clerk: "李文"))
        }
    }

    func testAnEarlierAssignmentsSheetIsNotJudgedAgainstTheNewOne() throws {
        for var rig in try rigs() {
            let (n, _) = try Self.assignedCase(&rig)
            var back = FeedbackSheet.Answer()
            back.notOurDutyReason = "属于市场监管部门职责"
            back.signOff = .init(name: "钱进", title: "局长")
            rig.script["back.xml"] = ReturnPathTests.sheet(n, back)
            _ = try rig.receive(Self.reply(rig, n, attachment: "back.xml", bytes: "back"))
            XCTAssertEqual(try rig.store.caseRecord(n)?.state, .registered)
            _ = try rig.desk.assign(n, lead: "CG", assisting: [], clerk: "李文")
            // The first sheet (FK2026-00001) again, re-sent: it answers the earlier assignment.
            var answer = ReturnPathTests.answer()
            answer.handlerPhone = nil
            rig.script["old.xml"] = ReturnPathTests.sheet(n, answer)
            let entry = try rig.receive(Self.reply(rig, n, attachment: "old.xml", bytes: "old"))
            XCTAssertTrue(entry.reason.contains("earlier assignment"), entry.reason)
            XCTAssertFalse(try rig.store.outgoing(limit: 50).contains { $0.mail.purpose == "return-notice" })
            XCTAssertEqual(try rig.store.caseRecord(n)?.state, .assigned)
        }
    }

    func testAHeldItemIsAttachedToOneCaseOnly() throws {
        for var rig in try rigs() {
            let (n, _) = try Self.assignedCase(&rig)
            var second = TestMail()
            second.messageID = "<m9@example.com>"
            second.subject = "路灯不亮"
            second.body = "路灯坏了。"
            let m = try XCTUnwrap(try rig.receive(second, role: .citizen).caseNumber)
            var stray = Self.reply(rig, n, attachment: "note.txt")
            stray.to = "hotline@center.example"
            stray.from = "x@elsewhere.example"
            stray.subject = "hello"
            XCTAssertEqual(try rig.receive(stray).disposition, .holding)
            let item = try XCTUnwrap(rig.store.holding(limit: 10).first)
            let raw = try XCTUnwrap(rig.store.rawMessage(sha256: item.rawSHA256 ?? ""))
            let rp = ReturnPath(settings: rig.settings, reader: ScriptedFeedbackReader([:]))
            _ = try rp.attach(item, raw: raw, to: n, clerk: "李文", store: rig.store, clock: rig.clock, nonce: IntakeProcessor.randomNonce)
            XCTAssertThrowsError(try rp.attach(item, raw: raw, to: m, clerk: "王芳", store: rig.store, clock: rig.clock,
                                               nonce: IntakeProcessor.randomNonce)) {
                XCTAssertTrue("\($0)".contains("already attached to \(n)"), "\($0)")
            }
        }
    }
}

/// The second review's findings: forged headers, a signed sheet after a paper one, extension timing.
extension ReturnPathTests {
    func testForgedHeadersCannotActAsTheUnit() throws {
        for var rig in try rigs() {
            let (n, formMail) = try Self.assignedCase(&rig)
            // A Message-ID shaped like ours, planted by a citizen's own mail, then cited: not ours.
            var plant = TestMail()
            plant.from = "mallory@example.com"
            plant.messageID = "<\(n).assignment.jb2026-00001@example.com>"
            plant.subject = "随便"
            _ = try rig.receive(plant, role: .citizen)
            rig.script["odt.odt"] = ReturnPathTests.sheet(n, medium: .odt)
            var cite = Self.reply(rig, n, attachment: "odt.odt", bytes: "odt")
            cite.to = "hotline@center.example"
            cite.from = "mallory@example.com"
            cite.subject = "反馈"
            cite.headers = ["In-Reply-To: \(plant.messageID ?? "")"]
            XCTAssertNotEqual(try rig.receive(cite, role: .citizen).caseNumber, n, rig.label)
            XCTAssertEqual(try rig.store.caseRecord(n)?.state, .assigned)
            // Our real Message-ID (random part) does place it.
            XCTAssertTrue(formMail.contains(".jb2026-00001."), formMail)
            // The unit's address forged, the case number in the subject, an unsigned sheet: recorded, nothing changed.
            var spoof = Self.reply(rig, n, attachment: "odt.odt", bytes: "odt2")
            spoof.to = "hotline@center.example"
            spoof.subject = "关于\(n)"
            let entry = try rig.receive(spoof, role: .citizen)
            XCTAssertEqual(entry.caseNumber, n)
            XCTAssertTrue(entry.reason.contains("not signed by the unit"), entry.reason)
            XCTAssertEqual(try rig.store.caseRecord(n)?.state, .assigned)
            // The same forged headers with a sheet signed by the unit's key: that counts.
            rig.script["signed.xml"] = ReturnPathTests.sheet(n)
            var signed = spoof
            signed.attachments = [("signed.xml", "filename=\"signed.xml\"", Array("signed".utf8))]
            signed.messageID = "<s1@gov.example>"
            XCTAssertTrue(try rig.receive(signed, role: .citizen).reason.contains("accepted"))
        }
    }

    func testReplyToIsNotThePetitioner() throws {
        for var rig in try rigs() {
            let n = try XCTUnwrap(try rig.receive(TestMail(), role: .citizen).caseNumber)
            var m = TestMail()
            m.from = "mallory@example.com"
            m.headers = ["Reply-To: zhangsan@example.com"]
            m.messageID = "<r9@example.com>"
            m.subject = "Re: [\(n)] 补充"
            XCTAssertEqual(try rig.receive(m, role: .citizen).disposition, .newCase, rig.label)
        }
    }

    func testASignedSheetOutranksAPaperReplyWaitingForTheClerk() throws {
        for var rig in try rigs() {
            let (n, _) = try Self.assignedCase(&rig)
            rig.script["fax.tif"] = ReturnPathTests.sheet(n, medium: .paper)
            _ = try rig.receive(Self.reply(rig, n, attachment: "fax.tif", bytes: "fax"))
            XCTAssertEqual(try rig.store.caseRecord(n)?.state, .awaitingConfirmation)
            rig.script["signed.xml"] = ReturnPathTests.sheet(n)
            XCTAssertTrue(try rig.receive(Self.reply(rig, n, attachment: "signed.xml", bytes: "xml")).reason.contains("accepted"))
            XCTAssertEqual(try rig.store.caseRecord(n)?.state, .awaitingReview, rig.label)
            XCTAssertTrue(try rig.store.events(of: n).contains { $0.type == "paper-superseded" })
        }
    }

    func testAnExtensionRequestedAfterTheLimitIsNotGranted() throws {
        for var rig in try rigs() {
            let (n, _) = try Self.assignedCase(&rig)
            rig.clock.advance(20 * 86_400)  // long past the 5 (or 10) days
            var ext = FeedbackSheet.Answer()
            ext.extensionUntil = rig.clock.now().addingTimeInterval(5 * 86_400)
            ext.extensionReason = "需协调"
            ext.signOff = .init(name: "钱进", title: "局长")
            rig.script["ext.xml"] = ReturnPathTests.sheet(n, ext)
            _ = try rig.receive(Self.reply(rig, n, attachment: "ext.xml", bytes: "ext"))
            let desk = FeedbackDesk(store: rig.store, settings: rig.settings, clock: rig.clock, nonce: IntakeProcessor.randomNonce)
            XCTAssertThrowsError(try desk.decideExtension(n, grantUntil: rig.clock.now() + 3 * 86_400, reason: nil, clerk: "李文")) {
                XCTAssertTrue("\($0)".contains("after the limit had run out"), "\($0)")
            }
            // A supervision sheet sets a fresh limit; that is the limit from then on.
            let sup = try rig.desk.supervise(n, reason: "逾期", clerk: "李文")
            let forms = try rig.store.forms(of: n)
            let assignment = try XCTUnwrap(forms.first { $0.kind == .assignment })
            XCTAssertEqual(FeedbackDesk.currentDeadline(assignment: assignment, forms: forms, events: try rig.store.events(of: n)),
                           sup.forms[0].deadline)
        }
    }
}

extension ReturnPathTests {
    func testATakeBackCountsItsDayFromWhenTheAssignmentWasActuallySent() throws {
        for var rig in try rigs() {
            let (n, formMail) = try Self.assignedCase(&rig)
            // The outbox was stuck: the assignment went out a day and a half after it was made.
            rig.clock.advance(36 * 3600)
            let queued = try XCTUnwrap(rig.store.outgoing(limit: 20).first { $0.mail.messageID == formMail })
            try rig.store.markSent(queued.id, proof: "250 queued as X", at: rig.clock.now())
            rig.clock.advance(12 * 3600)
            var back = FeedbackSheet.Answer()
            back.notOurDutyReason = "属于市场监管部门职责"
            back.signOff = .init(name: "钱进", title: "局长")
            rig.script["back.xml"] = ReturnPathTests.sheet(n, back)
            let entry = try rig.receive(Self.reply(rig, n, attachment: "back.xml", bytes: "back"))
            XCTAssertFalse(entry.reason.contains("late"), "half a day after the unit got it: \(entry.reason)")
            XCTAssertEqual(try rig.store.events(of: n).last?.shown["late"], "false", rig.label)
        }
    }
}
