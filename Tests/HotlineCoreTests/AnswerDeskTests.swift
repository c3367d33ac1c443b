import Foundation
import HotlineCore
import HotlineMail
import HotlineTestSupport
import XCTest

/// Direct answers (直接办理, issue 12 item 1): the standard answers that fit a case, the draft, and
/// the answer mailed, recorded and checked like a unit's — on the in-memory store.
final class AnswerDeskTests: XCTestCase {
    typealias H = CaseHistory

    let library = StandardAnswers([
        StandardAnswer(id: "provident-fund", title: "离职提取公积金", keywords: ["公积金", "公積金", "提取", "离职"],
                       policy: "《住房公积金管理条例》（国务院令第262号）", text: "您咨询的问题，答复如下：……"),
        StandardAnswer(id: "residence-permit", title: "居住证", keywords: ["居住证"], policy: nil, text: "居住证……"),
        StandardAnswer(id: "fund-general", title: "公积金一般问题", keywords: ["公积金"], policy: nil, text: "……"),
    ])

    func record(subject: String, text: String, name: String? = "许志明", email: String? = "xu@example.cn") -> CaseRecord {
        var r = H.record(CaseNumber(prefix: "BB", day: "20261201", sequence: 1), received: H.at("2026-12-01T09:00"), kind: .consultation)
        r.subject = subject
        r.text = text
        r.petitioner = Petitioner(name: name, email: email)
        return r
    }

    func testTheAnswersThatFitACaseBestFirstWithTheWordsThatMatched() {
        let r = record(subject: "諮詢：離職後如何提取住房公積金", text: "我已離職，想提取公積金。")
        let s = library.suggestions(for: r)
        XCTAssertEqual(s.map(\.answer.id), ["provident-fund"], "the traditional-script keyword matches; 公积金 alone does not")
        XCTAssertEqual(s.first?.matched, ["公積金", "提取"])
        let both = library.suggestions(for: record(subject: "公积金提取", text: "离职了"))
        XCTAssertEqual(both.map(\.answer.id), ["provident-fund", "fund-general"], "more matched words first")
        XCTAssertEqual(both.first?.matched, ["公积金", "提取", "离职"])
        XCTAssertTrue(library.suggestions(for: record(subject: "噪音", text: "夜间施工")).isEmpty)
        // Width and case do not matter: a full-width keyword matches a half-width text.
        let wide = StandardAnswers([StandardAnswer(id: "p", title: "p", keywords: ["ＰＭ２.５"], policy: nil, text: "t")])
        XCTAssertEqual(wide.suggestions(for: record(subject: "pm2.5超标", text: "")).count, 1)

        let draft = StandardAnswers.draft(library.answer("provident-fund")!, for: r)
        XCTAssertTrue(draft.hasPrefix("许志明：\n\n您咨询的问题"), draft)
        XCTAssertTrue(draft.hasSuffix("政策依据：《住房公积金管理条例》（国务院令第262号）"), draft)
        XCTAssertTrue(StandardAnswers.draft(library.answer("residence-permit")!, for: record(subject: "", text: "", name: nil))
            .hasPrefix("您好：\n"))
    }

    struct Rig {
        let store: InMemoryCaseStore
        let desk: AnswerDesk
    }

    func rig() -> Rig {
        let store = InMemoryCaseStore()
        let settings = FormSettings(intake: IntakeSettings(casePrefix: "BB", centerName: "蚌埠市市长热线服务中心", timeZone: H.shanghai),
                                    centerHead: "周主任", replyMailbox: "hotline@center.example", formSecret: Array("form-secret".utf8),
                                    deadlines: .shipped, units: UnitsRegistry(units: []))
        return Rig(store: store, desk: AnswerDesk(store: store, settings: settings, clock: FixedClock(H.at("2026-12-01T10:00")),
                                                  nonce: { "n1" }))
    }

    func add(_ rig: Rig, _ r: CaseRecord) throws {
        try rig.store.transaction { tx in
            try tx.insertCase(r)
            try tx.appendEvent(H.registered(r, at: H.at("2026-12-01T09:00")), to: r.number)
        }
    }

    func testADirectAnswerIsMailedAsAReplyRecordedAndTheCaseIsAnswered() throws {
        let rig = rig()
        let r = record(subject: "咨询：公积金提取", text: "离职后如何提取？")
        try add(rig, r)
        let text = StandardAnswers.draft(library.answer("provident-fund")!, for: r)
        let mail = try rig.desk.answer(r.number, text: text, standard: "provident-fund", clerk: "李文")
        XCTAssertEqual(mail.recipients, ["xu@example.cn"])
        let parsed = MailParser.parse(mail.raw)
        XCTAssertEqual(parsed.subject, "答复：[BB20261201-0001] 咨询：公积金提取")
        XCTAssertTrue(String(decoding: mail.raw, as: UTF8.self).contains("Subject: =?UTF-8?"), "RFC 2047")
        XCTAssertEqual(parsed.inReplyTo, ["<petition@example.cn>"])
        let replyTo = try XCTUnwrap(parsed.replyTo?.first?.address)
        XCTAssertTrue(replyTo.hasPrefix("hotline+bb20261201-0001."), replyTo)
        // The petitioner's own address of the case: found by its tag, and never a unit's trusted one.
        XCTAssertEqual(rig.desk.settings.replyAddress.petitionerCase(in: replyTo), r.number)
        XCTAssertNil(rig.desk.settings.replyAddress.caseNumber(in: replyTo))
        XCTAssertNil(rig.desk.settings.replyAddress.petitionerCase(in: rig.desk.settings.replyAddress.address(for: r.number)))
        XCTAssertEqual(parsed.references, ["<petition@example.cn>"], "threaded under the petitioner's mail")
        XCTAssertTrue(parsed.bodyText.contains("您咨询的问题"), parsed.bodyText)
        XCTAssertEqual(try rig.store.caseRecord(r.number)?.state, .answered)
        let event = try XCTUnwrap(try rig.store.events(of: r.number).last)
        XCTAssertEqual(event.type, "answer-sent")
        XCTAssertEqual(event.actor, "李文")
        XCTAssertEqual(event.shown["standard_answer"], "provident-fund")
        XCTAssertEqual(try rig.store.queuedMail(limit: 5, now: H.at("2026-12-01T10:00"), honourRetryTimes: false).count, 1)
        // Once: an answered case takes no second answer.
        XCTAssertThrowsError(try rig.desk.answer(r.number, text: text, clerk: "李文")) { XCTAssertEqual(($0 as? Refusal)?.kind, .notAllowed) }
    }

    func testAnAnswerThatFailsTheNormsOrHasNoAddressIsRefusedAndLeavesNoTrace() throws {
        let rig = rig()
        let r = record(subject: "咨询", text: "……")
        try add(rig, r)
        let refusals: [(String, Refusal.Kind, String)] = [
            ("锦绣花园物业公司：\n经查……", .usage, "addressed-to-petitioner"),
            ("许志明：\n根据《蚌埠市物业管理办法》，……", .usage, "policy-citations"),
            ("  ", .usage, "direct-answer"),
        ]
        for (text, kind, says) in refusals {
            XCTAssertThrowsError(try rig.desk.answer(r.number, text: text, clerk: "李文"), text) { e in
                XCTAssertEqual((e as? Refusal)?.kind, kind, "\(e)")
                XCTAssertTrue("\(e)".contains(says), "\(e)")
            }
        }
        XCTAssertThrowsError(try rig.desk.answer(r.number, text: "许志明：答复……", clerk: " "))
        // An emergency is dispatched, never answered at the front.
        var urgent = record(subject: "停水", text: "")
        urgent.number = CaseNumber(prefix: "BB", day: "20261201", sequence: 3)
        urgent.handlingClass = Decided(.generalEmergency, rule: "t")
        try add(rig, urgent)
        XCTAssertThrowsError(try rig.desk.answer(urgent.number, text: "许志明：答复……", clerk: "李文")) {
            XCTAssertTrue("\($0)".contains("an emergency: dispatch it"), "\($0)")
        }
        let noMail = record(subject: "咨询", text: "", email: nil)
        var other = noMail
        other.number = CaseNumber(prefix: "BB", day: "20261201", sequence: 2)
        try add(rig, other)
        XCTAssertThrowsError(try rig.desk.answer(other.number, text: "许志明：答复……", clerk: "李文")) {
            XCTAssertTrue("\($0)".contains("answer by phone"), "\($0)")
        }
        XCTAssertEqual(try rig.store.caseRecord(r.number)?.state, .registered)
        XCTAssertEqual(try rig.store.events(of: r.number).count, 1, "nothing recorded")
        XCTAssertTrue(try rig.store.outgoing(limit: 5).isEmpty)
    }
}
