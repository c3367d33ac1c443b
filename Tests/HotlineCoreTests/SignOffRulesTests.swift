import Foundation
import HotlineCore
import HotlineTestSupport
import XCTest

/// RULES.md §8, one named check at a time: a good answer passes; each defect fails exactly its check.
final class SignOffRulesTests: XCTestCase {
    static let number = CaseNumber(prefix: "BB", day: "20261130", sequence: 7)
    static let fk = FormNumber(kind: .feedback, year: 2026, sequence: 3)

    static func leader(_ name: String) -> GovernmentUnit.Leader { .init(name: name, title: "局长", publicKeyPEM: nil, keySource: nil) }

    static let cg = GovernmentUnit(code: "CG", name: "蚌埠市城市管理局", tier: .two, parent: nil, email: "cg@gov.example",
                                   hotlineContact: nil, leaderInCharge: leader("孙立"), principalLeader: leader("钱进"))
    static let bsq = GovernmentUnit(code: "BSQ", name: "蚌山区人民政府", tier: .two, parent: nil, email: "bsq@gov.example",
                                    hotlineContact: nil, leaderInCharge: leader("张明"), principalLeader: leader("李强"))
    static let ns = GovernmentUnit(code: "BSQ-NS", name: "南山街道办事处", tier: .three, parent: "BSQ", email: "ns@gov.example",
                                   hotlineContact: nil, leaderInCharge: leader("王芳"), principalLeader: leader("赵刚"))

    static func record() -> CaseRecord {
        CaseRecord(number: number, channel: .mayorMailbox, receivedAt: Date(), petitioner: Petitioner(name: "张三"), subject: "噪音",
                   text: "噪音扰民", attachments: [], kind: Decided(.complaint, rule: "t"), handlingClass: Decided(.routine, rule: "t"),
                   keyMatter: Decided(false, rule: "t"), scope: Decided(.accepted, rule: "t"), state: .assigned,
                   rawSHA256: String(repeating: "0", count: 64), messageID: nil)
    }

    static func answer() -> FeedbackSheet.Answer {
        var a = FeedbackSheet.Answer.complete(
            result: "张三您好：经查，该工地未办理夜间施工许可，已责令停止夜间施工，依据《中华人民共和国噪声污染防治法》处以罚款。",
            petitionerContact: "12月3日电话联系张三")
        a.citations = [.init(title: "《中华人民共和国噪声污染防治法》", documentNumber: "主席令第104号")]
        return a
    }

    static func feedback(_ a: FeedbackSheet.Answer, signature: ReceivedFeedback.Signature = .signed(by: "CG", as: .principalLeader),
                         medium: ReceivedFeedback.Medium = .xml, caseNumber: CaseNumber = number, form: FormNumber = fk)
        -> ReceivedFeedback {
        return ReceivedFeedback(medium: medium, attachment: "a.xml", sha256: "x", answer: a,
            caseNumber: caseNumber, formNumber: form, signature: signature)
    }

    func context(_ unit: GovernmentUnit = cg, heavy: Bool = true) -> SignOffRules.Context {
        .init(record: Self.record(), unit: unit, parent: unit.parent == "BSQ" ? Self.bsq : nil, heavyItem: heavy,
              issuedFeedbackForms: [Self.fk])
    }

    func testAGoodAnswerPasses() {
        XCTAssertEqual(SignOffRules.failures(Self.feedback(Self.answer()), context()), [])
    }

    func testEachDefectFailsItsOwnCheck() {
        typealias Edit = (inout FeedbackSheet.Answer) -> Void
        let table: [(String, Edit, ReceivedFeedback.Signature, SignOffRules.Check)] = [
            ("no sign-off", { $0.signOff = nil }, .signed(by: "CG", as: .principalLeader), .signedByLeader),
            ("leader in charge on a heavy item", { $0.signOff = .init(name: "孙立", title: "副局长") },
             .signed(by: "CG", as: .principalLeader), .signedByLeader),
            ("someone else signs off", { $0.signOff = .init(name: "路人甲", title: "科员") }, .signed(by: "CG", as: .principalLeader),
             .signedByLeader),
            ("key of the leader in charge", { _ in }, .signed(by: "CG", as: .leaderInCharge), .signedByLeader),
            ("key of another unit", { _ in }, .signed(by: "BSQ", as: .principalLeader), .signedByLeader),
            ("tampered", { _ in }, .invalid(["digest mismatch"]), .signature),
            ("unsigned XML", { _ in }, .none, .signature),
            ("no responsible person", { $0.responsiblePerson = nil }, .signed(by: "CG", as: .principalLeader), .responsible),
            ("no handler phone", { $0.handlerPhone = " " }, .signed(by: "CG", as: .principalLeader), .handler),
            ("no result", { $0.result = nil }, .signed(by: "CG", as: .principalLeader), .directAnswer),
            ("addressed to a unit", { $0.result = "蚌埠市城市管理局：经查……" }, .signed(by: "CG", as: .principalLeader),
             .addressedToPetitioner),
            ("citation without number", { $0.citations[0].documentNumber = "" }, .signed(by: "CG", as: .principalLeader), .citations),
            ("policy named, none cited", { $0.citations = [] }, .signed(by: "CG", as: .principalLeader), .citations),
            ("no satisfaction", { $0.satisfaction = nil }, .signed(by: "CG", as: .principalLeader), .satisfaction),
            ("no contact", { $0.petitionerContact = "" }, .signed(by: "CG", as: .principalLeader), .satisfaction),
            ("extension without date", { $0.extensionReason = "需协调" }, .signed(by: "CG", as: .principalLeader), .extensionRequest),
            ("take-back without reason", { $0.notOurDutyReason = " " }, .signed(by: "CG", as: .principalLeader), .takeBackRequest),
        ]
        for (label, edit, signature, expected) in table {
            var a = Self.answer()
            edit(&a)
            let failures = SignOffRules.failures(Self.feedback(a, signature: signature), context())
            XCTAssertEqual(failures.map(\.check), [expected], "\(label): \(failures)")
            XCTAssertFalse(failures.first?.message.isEmpty ?? true, label)
        }
    }

    func testRoutineRepliesAreSignedByTheLeaderInCharge() {
        var a = Self.answer()
        a.signOff = .init(name: "孙立", title: "副局长")
        XCTAssertEqual(SignOffRules.failures(Self.feedback(a, signature: .signed(by: "CG", as: .leaderInCharge)),
                                             context(heavy: false)), [])
    }

    func testATierThreeReplyComesThroughItsTierTwoUnit() {
        var a = Self.answer()
        a.signOff = .init(name: "赵刚", title: "主任")
        let viaParent = Self.feedback(a, signature: .signed(by: "BSQ", as: .principalLeader))
        XCTAssertEqual(SignOffRules.failures(viaParent, context(Self.ns)).map(\.check), [.countersign])
        a.countersignUnit = "蚌山区人民政府"
        a.countersign = .init(name: "李强", title: "区长")
        XCTAssertEqual(SignOffRules.failures(Self.feedback(a, signature: .signed(by: "BSQ", as: .principalLeader)), context(Self.ns)), [])
        // Signed by the street office itself, without going up: refused.
        let direct = SignOffRules.failures(Self.feedback(a, signature: .signed(by: "BSQ-NS", as: .principalLeader)), context(Self.ns))
        XCTAssertEqual(direct.map(\.check), [.signedByLeader])
    }

    func testASheetReplayedFromAnotherCaseFails() {
        let other = CaseNumber(prefix: "BB", day: "20261130", sequence: 8)
        let failures = SignOffRules.failures(Self.feedback(Self.answer(), caseNumber: other,
                                                           form: FormNumber(kind: .feedback, year: 2026, sequence: 9)), context())
        XCTAssertEqual(failures.map(\.check), [.sameCase, .sameCase], "\(failures)")
    }

    func testTakeBackAndExtensionRequestsNeedOnlyTheirOwnFieldsAndASignOff() {
        var back = FeedbackSheet.Answer()
        back.notOurDutyReason = "该事项属于市场监管部门职责"
        back.signOff = .init(name: "钱进", title: "局长")
        XCTAssertEqual(SignOffRules.failures(Self.feedback(back), context()), [])
        var ext = FeedbackSheet.Answer()
        ext.extensionUntil = Date()
        ext.extensionReason = "需协调多个部门"
        ext.signOff = .init(name: "钱进", title: "局长")
        XCTAssertEqual(SignOffRules.failures(Self.feedback(ext), context()), [])
    }
}
