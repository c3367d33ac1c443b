import Foundation
import HotlineCore
import XCTest

final class CaseStateTests: XCTestCase {
    func testTransitions() throws {
        XCTAssertEqual(try CaseState.guided.apply(.acceptScope), .registered)
        XCTAssertEqual(try CaseState.registered.apply(.rejectScope), .guided)
        XCTAssertEqual(try CaseState.registered.apply(.close), .closed)
        XCTAssertEqual(try CaseState.closed.apply(.reopen), .registered)
        XCTAssertThrowsError(try CaseState.closed.apply(.acceptScope))
        XCTAssertThrowsError(try CaseState.registered.apply(.acceptScope))
        // A direct answer (直接办理) from a registered case only; an answered case can only be closed.
        XCTAssertEqual(try CaseState.registered.apply(.answerDirectly), .answered)
        for s in CaseState.allCases where s != .registered { XCTAssertThrowsError(try s.apply(.answerDirectly), "\(s)") }
        XCTAssertEqual(try CaseState.answered.apply(.close), .closed)
        for t in [CaseState.Transition.assign, .requestInstruction, .supervise, .acceptFeedback, .reviewAccept, .answerDirectly] {
            XCTAssertThrowsError(try CaseState.answered.apply(t), "\(t)")
        }
    }

    func testClerkOverrideRecordsWhoWhatAndWhy() throws {
        let record = CaseRecord(
            number: CaseNumber(prefix: "BB", day: "20261128", sequence: 1), channel: .mayorMailbox, receivedAt: Date(),
            petitioner: Petitioner(), subject: "s", text: "t", attachments: [],
            kind: Decided(.opinion, rule: "kind.default"), handlingClass: Decided(.routine, rule: "class.by-kind: opinion"),
            keyMatter: Decided(false, rule: "key.default"),
            scope: Decided(.outOfScope(category: "judiciary"), rule: "scope.judiciary: text contains \"法院判决\""),
            state: .guided, rawSHA256: String(repeating: "0", count: 64), messageID: nil)
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let (r1, e1) = try ClerkOverride.kind(.complaint).apply(to: record, clerk: "李明", reason: "是投诉", at: at)
        XCTAssertEqual(r1.kind, Decided(.complaint, rule: "clerk: 李明 — 是投诉"))
        XCTAssertEqual(e1, CaseEvent(at: at, actor: "李明", .override(.init(field: .kind, from: "opinion", to: "complaint",
                                                                            reason: "是投诉", state: nil))))
        let (r2, e2) = try ClerkOverride.scope(.accepted).apply(to: record, clerk: "李明", reason: nil, at: at)
        XCTAssertEqual(r2.state, .registered)
        XCTAssertEqual(e2.body, .override(.init(field: .scope, from: "out-of-scope:judiciary", to: "accepted", reason: nil,
                                                state: .registered)))
        XCTAssertThrowsError(try ClerkOverride.kind(.opinion).apply(to: record, clerk: "李明", reason: nil, at: at))
        XCTAssertThrowsError(try ClerkOverride.kind(.complaint).apply(to: record, clerk: " ", reason: nil, at: at))
    }
}
