import Foundation
import HotlineCore
import HotlineTestSupport
import XCTest

/// The clocks of a case as a pure fold of its history (issue 11, item 4), and what they call for
/// (item 5), on the shipped table and calendar. Every expected instant is worked out by hand in
/// the comment beside it.
final class CaseClocksTests: XCTestCase {
    typealias H = CaseHistory
    let rules = ClockRules(deadlines: .shipped)
    let number = CaseNumber(prefix: "BB", day: "20261201", sequence: 1)

    func clocks(_ record: CaseRecord, _ events: [CaseEvent]) -> CaseClocks {
        CaseClocks.computed(receivedAt: record.receivedAt, events: events, rules: rules)
    }

    /// A routine complaint received Tuesday 1 December 09:00, registered 09:05, assigned at 10:00
    /// for the 11:30 batch.
    func assignedComplaint() -> (CaseRecord, [CaseEvent]) {
        let r = H.record(number, received: H.at("2026-12-01T09:00"))
        return (r, [H.registered(r, at: H.at("2026-12-01T09:05")),
                    H.assigned("CG", at: H.at("2026-12-01T10:00"), leaves: H.at("2026-12-01T11:30"))])
    }

    func testRegistrationAndAssignmentSetTheFrontBackAndUnitClocks() throws {
        let (r, events) = assignedComplaint()
        let c = clocks(r, Array(events.prefix(1)))
        // Front: answer through a unit, 30 minutes from receipt: due 09:30, met at 09:05.
        XCTAssertEqual(c.front?.row, "front.answer-through-unit")
        XCTAssertEqual(c.front?.due, H.at("2026-12-01T09:30"))
        XCTAssertEqual(c.front?.status, .met)
        XCTAssertEqual(c.front?.late, false)
        // Back: the routine batches, 0 working days: the close of the same working day.
        XCTAssertEqual(c.back?.row, "back.routine-dispatch")
        XCTAssertEqual(c.back?.due, H.at("2026-12-01T17:30"))
        XCTAssertEqual(c.back?.status, .running)

        let a = clocks(r, events)
        XCTAssertEqual(a.back?.status, .met)
        XCTAssertEqual(a.back?.since, H.at("2026-12-01T11:30"), "met when the mail leaves in its batch")
        // Unit: 5 working days from the batch (Tue 1 Dec 11:30): Wed 2, Thu 3, Fri 4, Mon 7, Tue 8, at 17:30.
        let u = try XCTUnwrap(a.unit)
        XCTAssertEqual(u.row, "unit.complaint")
        XCTAssertEqual(u.start, H.at("2026-12-01T11:30"))
        XCTAssertEqual(u.due, H.at("2026-12-08T17:30"))
        XCTAssertEqual(u.unit, .workingDays)
        XCTAssertEqual(u.unitCode, "CG")
        XCTAssertEqual(u.calendarVersion, rules.clock.calendar.version)
        XCTAssertEqual(a.whole?.due, u.due, "the whole case falls due with its unit")
        XCTAssertEqual(a.whole?.start, r.receivedAt)
        let line = u.explanation(.shanghai)
        XCTAssertTrue(line.hasPrefix("unit: due 2026-12-08T17:30:00+08:00 — unit.complaint, 5 working-days from 2026-12-01T11:30:00+08:00"), line)
        XCTAssertTrue(line.contains("running"), line)
    }

    func testARegistrationAfterTheFrontLimitIsLateAndCallsForAnAlert() {
        let r = H.record(number, received: H.at("2026-12-01T09:00"), handlingClass: .majorEmergency)
        let c = clocks(r, [H.registered(r, at: H.at("2026-12-01T09:11"))])
        // Major emergency: 10 minutes at the front (09:10), 5 at the back from registration (09:16).
        XCTAssertEqual(c.front?.late, true)
        XCTAssertEqual(c.back?.row, "back.major-emergency")
        XCTAssertEqual(c.back?.due, H.at("2026-12-01T09:16"))
        XCTAssertEqual(c.dueActions(rules: rules, now: H.at("2026-12-01T09:12")), [.frontAlert])
        XCTAssertEqual(c.dueActions(rules: rules, now: H.at("2026-12-01T09:16")), [.frontAlert, .backAlert(round: 1)])
        XCTAssertEqual(c.nextActionAt(rules: rules, now: H.at("2026-12-01T09:11")), H.at("2026-12-01T09:11"))
    }

    func testTheReminderFallsAtThreeQuartersOfTheWorkingTimeAndTheSupervisionAtTheLimit() {
        let (r, events) = assignedComplaint()
        let c = clocks(r, events)
        // Working time from Tue 11:30 to Tue 8 Dec 17:30: 4 h on the first day + 5 × 7 h = 39 h; 75% is
        // 29.25 h: Tue 4 → Wed 7 → Thu 7 → Fri 7 (25 h), then 4.25 h on Mon 7 Dec: 08:30–12:00 and 45 min: 14:45.
        XCTAssertEqual(rules.reminderAt(c.unit!), H.at("2026-12-07T14:45"))
        XCTAssertEqual(c.dueActions(rules: rules, now: H.at("2026-12-07T14:44")), [])
        XCTAssertEqual(c.dueActions(rules: rules, now: H.at("2026-12-07T14:45")), [.reminder(round: 0)])
        XCTAssertEqual(c.nextActionAt(rules: rules, now: H.at("2026-12-02T09:00")), H.at("2026-12-07T14:45"))
        // Past the limit: the reminder is dropped (the supervision follows), round 1 is due.
        XCTAssertEqual(c.dueActions(rules: rules, now: H.at("2026-12-08T17:30")), [.supervision(round: 1)])
    }

    func testAReminderMissedAtNightWaitsForTheNextWorkingTimeBeforeTheLimit() {
        let (r, events) = assignedComplaint()
        let c = clocks(r, events)
        // A pass at 20:00 on Monday 7 Dec (after the 14:45 moment): not at night; Tuesday 08:30 it goes.
        XCTAssertEqual(c.dueActions(rules: rules, now: H.at("2026-12-07T20:00")), [])
        XCTAssertEqual(c.nextActionAt(rules: rules, now: H.at("2026-12-07T20:00")), H.at("2026-12-08T08:30"))
        XCTAssertEqual(c.dueActions(rules: rules, now: H.at("2026-12-08T08:30")), [.reminder(round: 0)])
    }

    func testAReminderAtNightWaitsForTheMorningOrComesForwardWhenTheLimitFallsAtNight() {
        // An emergency (1 day of 24 h) assigned Tue 1 Dec 12:00: due Wed 12:00; 75% is Wed 06:00, at
        // night: the morning's working hours come before the limit — Wed 08:30.
        let r = H.record(number, received: H.at("2026-12-01T11:50"), handlingClass: .generalEmergency)
        let c = clocks(r, [H.registered(r, at: H.at("2026-12-01T11:51")), H.assigned("WATER", at: H.at("2026-12-01T12:00"))])
        XCTAssertEqual(c.unit?.due, H.at("2026-12-02T12:00"))
        XCTAssertEqual(rules.reminderAt(c.unit!), H.at("2026-12-02T08:30"))
        // Assigned Wed 2 Dec 02:00: due Thu 02:00, at night; 75% is Wed 20:00 and no working time
        // comes before the limit: the reminder comes forward into Wed's last working hour, 16:30.
        let night = H.record(number, received: H.at("2026-12-02T01:50"), handlingClass: .generalEmergency)
        let n = clocks(night, [H.registered(night, at: H.at("2026-12-02T01:51")), H.assigned("WATER", at: H.at("2026-12-02T02:00"))])
        XCTAssertEqual(rules.reminderAt(n.unit!), H.at("2026-12-02T16:30"))
        // A moment exactly at 12:00 is not working time (the period ends there): it waits for 14:00.
        let noon = StageClock(stage: .unit, row: "unit.routine-online", start: H.at("2026-12-01T08:30"), amount: 1, unit: .workingHours,
                              calendarVersion: "", due: H.at("2026-12-01T17:30"), assumedYears: [], why: "")
        XCTAssertEqual(rules.clock.isWorkingTime(H.at("2026-12-01T12:00")), false)
        XCTAssertEqual(ClockRules(deadlines: .shipped, reminderShare: 0.5).reminderAt(noon), H.at("2026-12-01T14:00"))
        // Assigned Friday 4 Dec 20:00: due Saturday 20:00; no working time lies before it: no reminder.
        let friday = H.record(number, received: H.at("2026-12-04T19:50"), handlingClass: .generalEmergency)
        let f = clocks(friday, [H.registered(friday, at: H.at("2026-12-04T19:51")), H.assigned("WATER", at: H.at("2026-12-04T20:00"))])
        XCTAssertNil(rules.reminderAt(f.unit!))
        XCTAssertEqual(f.dueActions(rules: rules, now: H.at("2026-12-05T20:00")), [.supervision(round: 1)])
    }

    func testSupervisionRoundsCountAfreshOnceTheLimitPassedAndEscalate() {
        let (r, events) = assignedComplaint()
        // Round 1 on Wed 9 Dec 10:00, the limit (Tue 8th) passed: 5 working days afresh from then:
        // Thu 10, Fri 11, Mon 14, Tue 15, Wed 16 at 17:30.
        let one = clocks(r, events + [H.supervised("CG", round: 1, at: H.at("2026-12-09T10:00"))])
        XCTAssertEqual(one.unit?.round, 1)
        XCTAssertEqual(one.unit?.due, H.at("2026-12-16T17:30"))
        XCTAssertTrue(one.done.contains("unit.supervision.1"))
        XCTAssertEqual(one.dueActions(rules: rules, now: H.at("2026-12-16T17:30")), [.supervision(round: 2)])
        // Round 2 escalates: the center head is told at once, and again when round 2's limit passes.
        let two = clocks(r, events + [H.supervised("CG", round: 1, at: H.at("2026-12-09T10:00")),
                                      H.supervised("CG", round: 2, at: H.at("2026-12-17T09:00"))])
        XCTAssertEqual(two.unit?.due, H.at("2026-12-24T17:30"), "Fri 18, Mon 21, Tue 22, Wed 23, Thu 24")
        XCTAssertEqual(two.dueActions(rules: rules, now: H.at("2026-12-17T09:00")), [.escalated(round: 2)])
        let after = two.dueActions(rules: rules, now: H.at("2026-12-24T17:30"))
        XCTAssertEqual(after, [.escalated(round: 2), .roundLapsed(round: 2)], "no third sheet goes automatically")
        // A clerk's supervision while the limit is still ahead keeps it.
        let early = clocks(r, events + [H.supervised("CG", round: 1, at: H.at("2026-12-03T10:00"))])
        XCTAssertEqual(early.unit?.due, H.at("2026-12-08T17:30"))
        XCTAssertEqual(early.unit?.round, 1)
    }

    func testAReplyWithTheCenterStopsTheClockAndAReturnGivesThatTimeBack() {
        let (r, events) = assignedComplaint()
        // A paper reply received Thu 3 Dec 10:00 waits for confirmation: the clock stops there.
        let paper = events + [H.reply(.toConfirm(.init(kind: .unknown)), at: H.at("2026-12-03T10:00"))]
        let stopped = clocks(r, paper)
        XCTAssertEqual(stopped.unit?.status, .stopped)
        XCTAssertEqual(stopped.unit?.since, H.at("2026-12-03T10:00"))
        XCTAssertEqual(stopped.dueActions(rules: rules, now: H.at("2026-12-20T10:00")), [], "a stopped clock calls for nothing")
        // Confirmed on Mon 7 Dec 09:00 as an extension request: the clock runs again, and the working
        // time it was with the center (Thu 5.5 h, Fri 7 h, Mon 0.5 h: 13 h, two days rounded) is given
        // back: due Tue 8 → Thu 10.
        let resumed = clocks(r, paper + [H.reply(.extensionRequested(until: nil, reason: "需勘查"), at: H.at("2026-12-07T09:00"))])
        XCTAssertEqual(resumed.unit?.status, .running)
        XCTAssertEqual(resumed.unit?.givenBack, 2)
        XCTAssertEqual(resumed.unit?.due, H.at("2026-12-10T17:30"))
        // Granted until 18 Dec: the due instant moves there.
        let granted = clocks(r, paper + [H.reply(.extensionRequested(until: nil, reason: "需勘查"), at: H.at("2026-12-07T09:00")),
                                         H.extensionGranted(until: H.at("2026-12-18T17:30"), at: H.at("2026-12-07T10:00"))])
        XCTAssertEqual(granted.unit?.due, H.at("2026-12-18T17:30"))
        XCTAssertEqual(granted.whole?.due, H.at("2026-12-18T17:30"))

        // A signed answer on Fri 4 Dec 16:00, returned on review (退单) on Tue 8 Dec 09:00: 9 working
        // hours were with the center (Fri 1.5, Mon 7, Tue 0.5) — one working day, rounded: Tue 8 → Wed 9.
        let answered = events + [H.reply(.accepted(result: "已处理"), at: H.at("2026-12-04T16:00"))]
        let returned = clocks(r, answered + [H.reviewed(accepted: false, at: H.at("2026-12-08T09:00"))])
        XCTAssertEqual(returned.unit?.due, H.at("2026-12-09T17:30"))
        XCTAssertEqual(returned.unit?.status, .running)
        // Accepted instead: met at the answer's receipt, in time.
        let accepted = clocks(r, answered + [H.reviewed(accepted: true, at: H.at("2026-12-09T09:00"))])
        XCTAssertEqual(accepted.unit?.status, .met)
        XCTAssertEqual(accepted.unit?.since, H.at("2026-12-04T16:00"))
        XCTAssertEqual(accepted.unit?.late, false)
        XCTAssertEqual(accepted.whole?.status, .met)
        XCTAssertNil(accepted.nextActionAt(rules: rules, now: H.at("2026-12-09T09:00")), "nothing left to do")
    }

    func testATakeBackEndsTheUnitClockAndStartsTheBackOfficeAgain() {
        let (r, events) = assignedComplaint()
        let c = clocks(r, events + [H.reply(.takeBack(reason: "非我单位职责", late: false), at: H.at("2026-12-02T10:00"))])
        XCTAssertEqual(c.unit?.status, .ended)
        XCTAssertEqual(c.back?.status, .running)
        XCTAssertEqual(c.back?.round, 2)
        XCTAssertEqual(c.back?.due, H.at("2026-12-02T17:30"))
        XCTAssertEqual(c.dueActions(rules: rules, now: H.at("2026-12-02T17:30")), [.backAlert(round: 2)])
    }

    func testAHoldStopsTheClocksAndItsReleaseGivesTheHeldWorkingDaysBack() {
        let (r, events) = assignedComplaint()
        let held = clocks(r, events + [H.held("等待鉴定结果", at: H.at("2026-12-02T10:00"))])
        XCTAssertEqual(held.unit?.status, .held)
        XCTAssertEqual(held.dueActions(rules: rules, now: H.at("2026-12-30T10:00")), [], "a held clock calls for nothing")
        XCTAssertNil(held.nextActionAt(rules: rules, now: H.at("2026-12-02T10:00")))
        // Released Mon 7 Dec 09:00: 20 working hours held (Wed 5.5, Thu 7, Fri 7, Mon 0.5): three
        // working days, rounded: due Tue 8 → Fri 11.
        let released = clocks(r, events + [H.held("等待鉴定结果", at: H.at("2026-12-02T10:00")), H.released(at: H.at("2026-12-07T09:00"))])
        XCTAssertEqual(released.unit?.status, .running)
        XCTAssertEqual(released.unit?.due, H.at("2026-12-11T17:30"))
        XCTAssertEqual(released.unit?.givenBack, 3)
    }

    func testAClassChangeMovesTheRunningBackClockAndOutOfScopeEndsIt() {
        let r = H.record(number, received: H.at("2026-12-01T09:00"))
        let c = clocks(r, [H.registered(r, at: H.at("2026-12-01T09:05")),
                           H.classChanged(to: .generalEmergency, at: H.at("2026-12-01T09:10"))])
        XCTAssertEqual(c.back?.row, "back.general-emergency")
        XCTAssertEqual(c.back?.due, H.at("2026-12-01T09:20"), "15 minutes from the back clock's start")
        let guided = clocks(r, [H.registered(r, at: H.at("2026-12-01T09:05")),
                                CaseEvent(at: H.at("2026-12-01T09:10"), actor: "李文", .override(.init(
                                    field: .scope, from: "accepted", to: "out-of-scope:litigation", reason: nil, state: .guided)))])
        XCTAssertEqual(guided.back?.status, .ended)
        XCTAssertNil(guided.nextActionAt(rules: rules, now: H.at("2026-12-01T09:10")))
    }

    func testALimitPastTheLoadedCalendarIsProvisional() {
        // A complex matter (10 working days) assigned Thu 24 Dec 2026 runs into January 2027, which
        // no notice covers yet: counted on weekends only and marked.
        let r = H.record(number, received: H.at("2026-12-24T09:00"), handlingClass: .complex)
        let c = clocks(r, [H.registered(r, at: H.at("2026-12-24T09:01")), H.assigned("CG", at: H.at("2026-12-24T10:00"))])
        XCTAssertEqual(c.unit?.assumedYears, [2027])
        XCTAssertTrue(c.unit!.explanation(.shanghai).contains("provisional: no calendar for 2027"))
        XCTAssertEqual(c.unit?.due, H.at("2027-01-07T17:30"), "Dec 25, 28–31, Jan 1, 4–7: ten days, 1 January not yet known as a holiday")
    }

    func testClockEventsRoundTripThroughTheirStoredForm() throws {
        let (r, events) = assignedComplaint()
        var c = CaseClocks(receivedAt: r.receivedAt)
        var changes: [ClockChange] = []
        for e in events + [H.held("x", at: H.at("2026-12-02T10:00")), H.released(at: H.at("2026-12-07T09:00"))] {
            changes += c.apply(e, rules: rules)
        }
        XCTAssertFalse(changes.isEmpty)
        let bodies: [CaseEvent.Body] = changes.map { .clockChanged($0) } + [
            .clockHeld(reason: "等待"), .clockReleased(reason: nil),
            .clockAction(.init(kind: .reminder, due: .reminder(round: 0), messageID: "m@x", to: ["cg@gov.example"], reason: "75%")),
            .clockAction(.init(kind: .alert, due: .frontAlert, messageID: nil, to: [], reason: "late")),
        ]
        for b in bodies {
            let back = CaseEvent.Body.stored(type: b.type, data: b.storedData)
            if case .unrecognized = back { XCTFail("\(b.type) does not read back: \(b.storedData)") }
            XCTAssertEqual(back.type, b.type)
            XCTAssertEqual(back.fields(timeZone: .gmt).texts, b.fields(timeZone: .gmt).texts, b.type)
        }
    }

    func testAReassignmentAfterATakeBackGetsItsOwnRemindersAndRounds() {
        let (r, events) = assignedComplaint()
        // CG was pressed (round 1) and then asked the center to take the matter back; BSQ gets it.
        let history = events + [H.supervised("CG", round: 1, at: H.at("2026-12-09T10:00")),
                                H.reply(.takeBack(reason: "非本单位职责", late: true), at: H.at("2026-12-09T11:00")),
                                H.assigned("BSQ", at: H.at("2026-12-09T14:00"), form: 2)]
        let c = clocks(r, history)
        XCTAssertEqual(c.unit?.unitCode, "BSQ")
        XCTAssertEqual(c.unit?.round, 0)
        // 5 working days from Wed 9 Dec 14:00: Thu 10, Fri 11, Mon 14, Tue 15, Wed 16.
        XCTAssertEqual(c.unit?.due, H.at("2026-12-16T17:30"))
        XCTAssertNotNil(rules.reminderAt(c.unit!))
        XCTAssertEqual(c.dueActions(rules: rules, now: H.at("2026-12-16T17:30")), [.supervision(round: 1)],
                       "BSQ's own round 1, not CG's")
    }

    func testAHoldThatAReplyMeetsEndsWithTheReplyAndTheReleaseDoesNotRestartTheUnit() {
        let (r, events) = assignedComplaint()
        let history = events + [H.held("等待鉴定", at: H.at("2026-12-02T10:00")),
                                H.reply(.accepted(result: "已办结"), at: H.at("2026-12-03T10:00")),
                                H.reviewed(accepted: true, at: H.at("2026-12-04T10:00")),
                                H.released(at: H.at("2026-12-07T09:00"))]
        let c = clocks(r, history)
        XCTAssertEqual(c.unit?.status, .met)
        XCTAssertEqual(c.unit?.late, false)
        XCTAssertEqual(c.whole?.status, .met)
        XCTAssertNil(c.nextActionAt(rules: rules, now: H.at("2026-12-07T09:00")), "nothing to press on a finished case")
    }

    func testAnEarlySupervisionIsItsRoundsPressAndTheLimitBringsTheNextRound() {
        let (r, events) = assignedComplaint()
        let early = clocks(r, events + [H.supervised("CG", round: 1, at: H.at("2026-12-07T15:00"))])
        // Past the 75% moment (Mon 14:45) but pressed by the sheet itself: no reminder follows it.
        XCTAssertEqual(early.dueActions(rules: rules, now: H.at("2026-12-07T15:30")), [])
        XCTAssertEqual(early.nextActionAt(rules: rules, now: H.at("2026-12-07T15:30")), H.at("2026-12-08T17:30"))
        // Pressed once and still late: the sheet at the limit is round 2, which escalates.
        XCTAssertEqual(early.dueActions(rules: rules, now: H.at("2026-12-08T17:30")), [.supervision(round: 2)])
    }

    func testTheRoutineBackClockIsTheDayOfTheFirstBatch() {
        // Registered 09:00: the first batch is 11:30 today; all cleared today, by 17:30.
        let r = H.record(number, received: H.at("2026-12-01T08:59"))
        let morning = clocks(r, [H.registered(r, at: H.at("2026-12-01T09:00"))])
        XCTAssertEqual(morning.back?.start, H.at("2026-12-01T11:30"))
        XCTAssertEqual(morning.back?.due, H.at("2026-12-01T17:30"))
        // Registered 17:10, after the last batch (17:00): its first batch is tomorrow's 11:30, and it
        // is due tomorrow at 17:30 — never an alert it could not have avoided.
        let late = clocks(r, [H.registered(r, at: H.at("2026-12-01T17:10"))])
        XCTAssertEqual(late.back?.start, H.at("2026-12-02T11:30"))
        XCTAssertEqual(late.back?.due, H.at("2026-12-02T17:30"))
        XCTAssertTrue(late.back!.why.contains("counted from the next dispatch batch"))
        // Friday evening: Monday's batch.
        let friday = clocks(r, [H.registered(r, at: H.at("2026-12-04T18:00"))])
        XCTAssertEqual(friday.back?.due, H.at("2026-12-07T17:30"))
        // Batches configured at 10:00 only: a matter at 10:30 is cleared the next working day.
        let once = ClockRules(deadlines: .shipped, batchMinutes: [600])
        XCTAssertEqual(CaseClocks.computed(receivedAt: r.receivedAt, events: [H.registered(r, at: H.at("2026-12-01T10:30"))], rules: once).back?.due,
                       H.at("2026-12-02T17:30"))
        XCTAssertNotEqual(once.version, rules.version, "the batches are part of what the clocks were counted with")
    }
}
