import Foundation
import HotlineCore
import HotlineMail
import HotlineTestSupport
import XCTest

/// The form desk against the in-memory store and the plain renderer: numbers, states, events,
/// mail and dispatch batches. The same commands run on SQLite with real rendering in the CLI tests.
final class FormDeskTests: XCTestCase {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    struct Rig {
        let store: InMemoryCaseStore
        let clock: FixedClock
        let desk: FormDesk
        let settings: FormSettings
    }

    static func unit(_ code: String, tier: GovernmentUnit.Tier = .two, parent: String? = nil) -> GovernmentUnit {
        GovernmentUnit(code: code, name: "单位\(code)", tier: tier, parent: parent, email: "\(code.lowercased())@gov.example",
                       hotlineContact: nil, leaderInCharge: nil, principalLeader: nil)
    }

    /// 2026-12-01 09:00 in Shanghai.
    func rig(leader: Bool = true) -> Rig {
        let clock = FixedClock(ISO8601DateFormatter().date(from: "2026-12-01T01:00:00Z")!)
        let settings = FormSettings(
            intake: IntakeSettings(casePrefix: "BB", centerName: "蚌埠市市长热线服务中心", timeZone: Self.shanghai),
            centerHead: "周主任", replyMailbox: "hotline@center.example", formSecret: Array("form-secret".utf8), deadlines: .shipped,
            approvalLeader: leader ? .init(name: "王市长", title: "副市长", email: "leader@gov.example") : nil,
            units: UnitsRegistry(units: [Self.unit("WATER"), Self.unit("CG"), Self.unit("BSQ"), Self.unit("BSQ-NS", tier: .three, parent: "BSQ"),
                                         Self.unit("ORPHAN", tier: .three, parent: "NOPE")]))
        let store = InMemoryCaseStore()
        let desk = FormDesk(store: store, renderer: PlainFormRenderer(writer: FormXMLWriter(timeZone: Self.shanghai)),
                            settings: settings, clock: clock, nonce: IntakeProcessor.randomNonce)
        return Rig(store: store, clock: clock, desk: desk, settings: settings)
    }

    func addCase(_ rig: Rig, _ seq: Int, handlingClass: HandlingClass = .routine, key: Bool = false,
                 scope: ScopeDecision = .accepted, subject: String = "小区夜间施工噪音扰民") throws -> CaseNumber {
        let n = CaseNumber(prefix: "BB", day: "20261130", sequence: seq)
        let r = CaseRecord(number: n, channel: .mayorMailbox, receivedAt: rig.clock.now().addingTimeInterval(-86_400),
                           petitioner: Petitioner(name: "张三", address: "蚌埠市龙子湖区东海大道1号", phone: "13800000000",
                                                  email: "zhangsan@example.cn"),
                           subject: subject, text: "每天夜里十一点以后仍在施工。\n请有关部门处理。", attachments: [],
                           kind: Decided(.complaint, rule: "t"), handlingClass: Decided(handlingClass, rule: "t"),
                           keyMatter: Decided(key, rule: "t"), scope: Decided(scope, rule: "t"), state: .registered,
                           rawSHA256: String(repeating: "0", count: 64), messageID: nil)
        try rig.store.transaction { try $0.insertCase(r) }
        return n
    }

    func testAssignIssuesTheSheetAndABlankFeedbackSheetAndWaitsForTheBatch() throws {
        let rig = rig()
        let n = try addCase(rig, 1)
        let issued = try rig.desk.assign(n, lead: "CG", assisting: ["WATER", "BSQ"], clerk: "李文")
        XCTAssertEqual(issued.forms.map(\.number.description), ["JB2026-00001", "FK2026-00001"])
        XCTAssertEqual(issued.state, .assigned)
        XCTAssertEqual(try rig.store.caseRecord(n)?.state, .assigned)
        XCTAssertEqual(try rig.store.forms(of: n).map(\.number), issued.forms.map(\.number))
        let assignment = issued.forms[0]
        XCTAssertEqual(assignment.unitCode, "CG")
        XCTAssertEqual(assignment.recipients, ["CG", "WATER", "BSQ"])
        // A routine complaint: the mail waits for today's 11:30 batch, and the unit's 5 working days run
        // from then: Wed 2, Thu 3, Fri 4, Mon 7, Tue 8 December, due at the close (17:30).
        XCTAssertEqual(issued.mail.sendAfter, ISO8601DateFormatter().date(from: "2026-12-01T03:30:00Z"))
        XCTAssertEqual(assignment.deadline, ISO8601DateFormatter().date(from: "2026-12-08T17:30:00+08:00"))
        XCTAssertEqual(issued.forms[1].deadline, assignment.deadline)
        XCTAssertEqual(try rig.store.queuedMail(limit: 10, now: rig.clock.now(), honourRetryTimes: false).count, 0)
        XCTAssertEqual(try rig.store.queuedMail(limit: 10, now: issued.mail.sendAfter!, honourRetryTimes: false).count, 1)

        let xml = String(decoding: assignment.xml, as: UTF8.self)
        for needle in ["<AssignmentSheet xmlns=\"urn:hotline:forms:1\"", "<Case number=\"BB20261130-0001\"",
                       "<Lead code=\"CG\">单位CG</Lead>", "<Assist code=\"BSQ\">单位BSQ</Assist>", "<HeavyItem>true</HeavyItem>",
                       "limit=\"5\" unit=\"working-days\"", "<CenterHead>周主任</CenterHead>", "<ReplyTo>hotline+bb20261130-0001."] {
            XCTAssertTrue(xml.contains(needle), needle)
        }
        let feedback = String(decoding: issued.forms[1].xml, as: UTF8.self)
        XCTAssertTrue(feedback.contains("<Answers form=\"JB2026-00001\"/>"), feedback)
        XCTAssertTrue(String(decoding: issued.forms[1].odt, as: UTF8.self).contains("HLF1 feedback BB20261130-0001 FK2026-00001 "))

        let mail = MailParser.parse(issued.mail.raw)
        XCTAssertEqual(mail.subject, "【交办单】[BB20261130-0001] 小区夜间施工噪音扰民")
        XCTAssertEqual(mail.to?.map(\.address), ["cg@gov.example"])
        XCTAssertEqual(mail.cc?.map(\.address), ["water@gov.example", "bsq@gov.example"])
        XCTAssertEqual(mail.replyTo?.map(\.address), [rig.settings.replyAddress.address(for: n)])
        XCTAssertEqual(rig.settings.replyAddress.caseNumber(in: mail.replyTo?.first?.address ?? ""), n)
        XCTAssertEqual(issued.mail.recipients, ["cg@gov.example", "water@gov.example", "bsq@gov.example"])
        let names = mail.attachments.map { $0.part.filename ?? "" }
        XCTAssertEqual(names, ["JB2026-00001-交办单.xml", "JB2026-00001-交办单.odt", "FK2026-00001-反馈单.xml", "FK2026-00001-反馈单.odt"])

        let event = try XCTUnwrap(rig.store.events(of: n).last)
        XCTAssertEqual(event.type, "form-issued")
        XCTAssertEqual(event.actor, "李文")
        XCTAssertEqual(event.shown["form"], "JB2026-00001")
        XCTAssertEqual(event.shown["forms"], "JB2026-00001,FK2026-00001")
        XCTAssertEqual(event.shown["assist"], "WATER,BSQ")
        XCTAssertEqual(event.shown["send_after"], "2026-12-01T11:30:00+08:00")
        XCTAssertEqual(event.shown["heavy_item"], "true")
    }

    func testAFormMadeAfterTheLastBatchCountsItsDeadlineFromTomorrowsBatch() throws {
        let rig = rig()
        rig.clock.advance(9 * 3600 + 5 * 60)  // 18:05 in Shanghai
        let n = try addCase(rig, 9)
        let issued = try rig.desk.assign(n, lead: "CG", assisting: [], clerk: "李文")
        let batch = ISO8601DateFormatter().date(from: "2026-12-02T03:30:00Z")!
        XCTAssertEqual(issued.mail.sendAfter, batch)
        // Five working days after the 2 December batch: 3, 4, 7, 8, 9 December.
        XCTAssertEqual(issued.forms[0].deadline, ISO8601DateFormatter().date(from: "2026-12-09T17:30:00+08:00"))
        XCTAssertTrue(String(decoding: issued.mail.raw, as: UTF8.self).contains("Date: Tue, 1 Dec 2026 18:05:00 +0800"), "the stored mail keeps the issue time (the sender re-dates it when it leaves)")
    }

    func testEmergenciesGoAtOnceWithTheirShorterLimit() throws {
        let rig = rig()
        let n = try addCase(rig, 2, handlingClass: .majorEmergency)
        let issued = try rig.desk.assign(n, lead: "WATER", assisting: [], clerk: "李文")
        XCTAssertNil(issued.mail.sendAfter)
        // An emergency's day is 24 hours, nights and days off included.
        XCTAssertEqual(issued.forms[0].deadline, rig.clock.now().addingTimeInterval(86_400))
        XCTAssertEqual(try rig.store.queuedMail(limit: 10, now: rig.clock.now(), honourRetryTimes: false).count, 1)
        let xml = String(decoding: issued.forms[0].xml, as: UTF8.self)
        XCTAssertTrue(xml.contains("limit=\"1\" unit=\"days\" mayExtendTo=\"2\""), xml)
    }

    func testWhatCannotBeAssignedIsRefusedWithItsReasonAndLeavesNoTrace() throws {
        let rig = rig()
        let n = try addCase(rig, 3)
        let out = try addCase(rig, 4, scope: .outOfScope(category: "司法"))
        let table: [(() throws -> Any, String)] = [
            ({ try rig.desk.assign(n, lead: "NOPE", assisting: [], clerk: "李文") }, "no unit NOPE"),
            ({ try rig.desk.assign(n, lead: "CG", assisting: ["CG"], clerk: "李文") }, "cannot both lead and assist"),
            ({ try rig.desk.assign(n, lead: "CG", assisting: ["WATER", "WATER"], clerk: "李文") }, "named twice"),
            ({ try rig.desk.assign(n, lead: "CG", assisting: [], clerk: " ") }, "clerk's name is required"),
            ({ try rig.desk.assign(out, lead: "CG", assisting: [], clerk: "李文") }, "out of scope"),
            ({ try rig.desk.assign(CaseNumber(prefix: "BB", day: "20261130", sequence: 99), lead: "CG", assisting: [], clerk: "李文") },
             "no case"),
            ({ try rig.desk.supervise(n, reason: "逾期未反馈", clerk: "李文") }, "cannot take 'supervise'"),
            ({ try rig.desk.requestApproval(n, proposal: "建议交城管局办理", lead: nil, assisting: [], clerk: "李文") }, "not a key matter"),
            ({ try rig.desk.requestApproval(n, proposal: "  ", lead: nil, assisting: [], clerk: "李文") }, "is empty"),
            ({ try rig.desk.requestApproval(n, proposal: "x", lead: nil, assisting: ["CG"], clerk: "李文") }, "need a proposed lead unit"),
            ({ try rig.desk.assign(n, lead: "CG", assisting: (1...21).map { "U\($0)" }, clerk: "李文") }, "at most 20 assisting units"),
            ({ try rig.desk.assign(n, lead: "ORPHAN", assisting: [], clerk: "李文") }, "has no registered tier-2 parent"),
        ]
        for (call, expected) in table {
            XCTAssertThrowsError(try call(), expected) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error) — expected \(expected)")
            }
        }
        XCTAssertEqual(try rig.store.forms(of: n), [])
        XCTAssertEqual(try rig.store.outgoing(limit: 10).count, 0)
        XCTAssertEqual(try rig.store.caseRecord(n)?.state, .registered)
        // A second assignment of an assigned case is refused too.
        _ = try rig.desk.assign(n, lead: "CG", assisting: [], clerk: "李文")
        XCTAssertThrowsError(try rig.desk.assign(n, lead: "WATER", assisting: [], clerk: "李文")) {
            XCTAssertTrue("\($0)".contains("cannot take 'assign'"), "\($0)")
        }
    }

    func testApprovalSheetGoesToTheLeaderThenTheCaseCanBeAssigned() throws {
        let rig = rig()
        let n = try addCase(rig, 5, key: true)
        let issued = try rig.desk.requestApproval(n, proposal: "建议由市城管局牵头，区政府配合。", lead: "CG", assisting: ["BSQ"], clerk: "李文")
        XCTAssertEqual(issued.forms.map(\.number.description), ["CP2026-00001"])
        XCTAssertEqual(issued.state, .awaitingInstruction)
        XCTAssertNil(issued.mail.sendAfter)
        XCTAssertEqual(issued.mail.recipients, ["leader@gov.example"])
        let xml = String(decoding: issued.forms[0].xml, as: UTF8.self)
        XCTAssertTrue(xml.contains("<ProposedHandling>建议由市城管局牵头，区政府配合。</ProposedHandling>"))
        XCTAssertTrue(xml.contains("<Leader>王市长</Leader>"))
        XCTAssertNil(issued.forms[0].deadline, "an approval sheet sets no unit deadline")
        XCTAssertEqual(try rig.desk.assign(n, lead: "CG", assisting: ["BSQ"], clerk: "李文").state, .assigned)

        let noLeader = self.rig(leader: false)
        let m = try addCase(noLeader, 6, key: true)
        XCTAssertThrowsError(try noLeader.desk.requestApproval(m, proposal: "x", lead: nil, assisting: [], clerk: "李文")) {
            XCTAssertTrue("\($0)".contains("no city leader is configured"))
        }
    }

    func testSupervisionCountsRoundsAndGoesAtOnce() throws {
        let rig = rig()
        let n = try addCase(rig, 7)
        _ = try rig.desk.assign(n, lead: "BSQ-NS", assisting: ["WATER"], clerk: "李文")
        rig.clock.advance(8 * 86_400)  // Wed 9 December: the limit (8 December, 17:30) has passed
        let first = try rig.desk.supervise(n, reason: "逾期未反馈", clerk: "李文")
        let second = try rig.desk.supervise(n, reason: "反馈敷衍，群众不满意", clerk: "李文")
        XCTAssertEqual(first.forms.map(\.number.description), ["DB2026-00001", "FK2026-00002"])
        XCTAssertEqual(second.forms.map(\.number.description), ["DB2026-00002", "FK2026-00003"])
        XCTAssertNil(first.mail.sendAfter)
        // The tier-3 street office answers through its district, which gets a copy (RULES.md §8.8).
        XCTAssertEqual(first.mail.recipients, ["bsq-ns@gov.example", "water@gov.example", "bsq@gov.example"])
        let xml = String(decoding: second.forms[0].xml, as: UTF8.self)
        XCTAssertTrue(xml.contains("<Supervision round=\"2\" original=\"JB2026-00001\">"), xml)
        // The assignment's deadline had passed: the supervision sets a fresh one from now.
        // Five working days from the 9th: 10, 11, 14, 15, 16 December.
        XCTAssertEqual(first.forms[0].deadline, ISO8601DateFormatter().date(from: "2026-12-16T17:30:00+08:00"))
        XCTAssertEqual(second.forms[0].refersTo, FormNumber("JB2026-00001"))
        XCTAssertEqual(try rig.store.events(of: n).filter { $0.type == "form-issued" }.map { $0.shown["round"] ?? "-" }, ["-", "1", "2"])
        // Round 2 (the escalation) goes to the tier-3 unit with its district copied, as every sheet does.
        XCTAssertEqual(second.mail.recipients, ["bsq-ns@gov.example", "water@gov.example", "bsq@gov.example"])
        // The clock's own sheets name their round, and are checked in the transaction: a round that
        // exists, or one no longer due, is refused and leaves nothing.
        let forms = try rig.store.forms(of: n).count
        XCTAssertThrowsError(try rig.desk.supervise(n, reason: "逾期", clerk: "hotline", round: 2)) {
            XCTAssertEqual(($0 as? Refusal)?.kind, .notAllowed)
        }
        XCTAssertThrowsError(try rig.desk.supervise(n, reason: "逾期", clerk: "hotline", round: 3, stillDue: { _ in false })) {
            XCTAssertEqual(($0 as? Refusal)?.kind, .notAllowed)
        }
        XCTAssertEqual(try rig.store.forms(of: n).count, forms)
        XCTAssertEqual(try rig.desk.supervise(n, reason: "逾期", clerk: "hotline", round: 3, stillDue: { _ in true }).forms.count, 2)
    }

    func testHostileCaseTextStillMakesAWellFormedForm() throws {
        let rig = rig()
        let n = try addCase(rig, 8, subject: "<script>&\u{0}\u{1B}\r\n" + String(repeating: "长", count: 500))
        let issued = try rig.desk.assign(n, lead: "CG", assisting: [], clerk: "李文")
        let xml = String(decoding: issued.forms[0].xml, as: UTF8.self)
        XCTAssertTrue(xml.contains("<Subject>&lt;script&gt;&amp; "), xml)
        XCTAssertFalse(xml.contains("\u{0}"))
        XCTAssertFalse(xml.contains("\u{1B}"))
    }
}
