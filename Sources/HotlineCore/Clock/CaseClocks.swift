import Foundation

/// A case's clocks, one per stage (issue 11, item 4): a pure fold of its history over the rule
/// table and the calendar. `computed` folds the whole history; the store keeps the fold's state and
/// folds each new event onto it (`ClockedStore`), and the two must agree (a property test).
///
/// What each event does (README, "The clock"):
/// - `registered`: the front clock ran from receipt and is met now; the back clock starts (an
///   accepted case) by its class's row (a provincial transfer by its own).
/// - a class change moves a running back clock to its new row; out of scope ends the open clocks;
///   back in scope starts the back clock again.
/// - an approval or assignment sheet meets the back clock when the mail leaves (its batch); the
///   assignment starts the unit clock from then, by the matter's row.
/// - a supervision sheet while the limit is still ahead keeps it; once it has passed, the round
///   gets the row's limit afresh from the sheet (as the sheet prints).
/// - a reply with the center (awaiting review or confirmation) stops the unit clock at its receipt;
///   accepted on review, the clock is met at that receipt; returned (退单), set aside or found to be
///   an extension request, it runs again and the time the reply was with the center is given back.
/// - a take-back (回单) ends the unit clock and starts the back clock again (re-dispatch).
/// - a granted extension moves the unit's due instant to the granted date.
/// - a clerk's hold stops every running clock; the release gives the held time back.
public struct CaseClocks: Sendable, Equatable, Codable {
    public var receivedAt: Date
    public var kind: MatterKind?
    public var handlingClass: HandlingClass?
    public var channel: Channel?
    public var front: StageClock?
    public var back: StageClock?
    public var unit: StageClock?
    public var whole: StageClock?
    /// A clerk's hold: since when, and why.
    public var holdSince: Date?
    public var holdReason: String?
    /// Times the back clock started (a take-back starts it again): its alert is once per start.
    public var backRound = 0
    /// When the back clock last started (registration, a take-back): a class change counts from it.
    public var backStartedAt: Date?
    /// Reminders, sheets and alerts issued (`unit.reminder.0`, `unit.supervision.1`, `back.alert.1`).
    public var done: [String] = []

    public init(receivedAt: Date) { self.receivedAt = receivedAt }

    public var stages: [StageClock] { [front, back, unit, whole].compactMap { $0 } }

    /// The clocks a whole history gives.
    public static func computed(receivedAt: Date, events: [CaseEvent], rules: ClockRules) -> CaseClocks {
        var c = CaseClocks(receivedAt: receivedAt)
        for e in events { _ = c.apply(e, rules: rules) }
        return c
    }

    /// Folds one event; returns what it changed, for the history.
    public mutating func apply(_ e: CaseEvent, rules: ClockRules) -> [ClockChange] {
        var changes: [ClockChange] = []
        let t = e.at
        switch e.body {
        case .registered(let r):
            kind = r.kind.value
            handlingClass = r.handlingClass.value
            channel = r.channel
            if var f = rules.started(.front, row: rules.frontRow(r.handlingClass.value), at: receivedAt, why: "received") {
                f.status = .met
                f.since = t
                f.late = t > f.due
                front = f
                changes.append(.init(.met, f))
            }
            if r.scope.value == .accepted, r.state == .registered { startBack(at: t, why: "registered", rules, &changes) }
        case .override(let o):
            switch o.field {
            case .kind: kind = MatterKind(rawValue: o.to) ?? kind
            case .handlingClass:
                handlingClass = HandlingClass(rawValue: o.to) ?? handlingClass
                if let b = back, b.status == .running, let c = handlingClass, let ch = channel,
                   rules.backRow(c, channel: ch) != b.row,
                   var moved = rules.started(.back, row: rules.backRow(c, channel: ch), at: backStartedAt ?? b.start,
                                             why: "class changed to \(o.to)") {
                    moved.round = b.round
                    // What holds gave back stays given (in the new row's unit when it has one).
                    if b.givenBack > 0, b.unit == moved.unit, let later = rules.clock.add(b.givenBack, moved.unit, to: moved.due) {
                        moved.due = later.instant
                        moved.givenBack = b.givenBack
                    }
                    back = moved
                    changes.append(.init(.moved, moved, previousDue: b.due))
                }
            case .keyMatter, .scope: break
            }
            switch o.state {
            case .guided?, .closed?: endAll(at: t, why: o.state == .guided ? "out of scope" : "closed", &changes)
            case .registered?: startBack(at: t, why: "back in scope", rules, &changes)
            default: break
            }
        case .formIssued(let i):
            let left = i.sendAfter ?? t
            switch i.detail {
            case .approval:
                // A provincial transfer's row includes obtaining the leader's instruction: its
                // back clock runs on to the dispatch.
                if channel != .provincialTransfer { meet(\.back, at: t, why: "approval sheet \(i.form) went up", &changes) }
            case .assignment(let code, _, _, _):
                meet(\.back, at: left, why: "assignment sheet \(i.form) left", &changes)
                if let k = kind, let c = handlingClass,
                   var u = rules.started(.unit, row: rules.deadlines.row(kind: k, handlingClass: c).id, at: left,
                                         why: "assignment sheet \(i.form)") {
                    // Reminders and rounds are counted per assignment (as the sheets number them).
                    done.removeAll { $0.hasPrefix("unit.") }
                    u.unitCode = code
                    if holdSince != nil { u.status = .held; u.since = max(t, left) }
                    unit = u
                    changes.append(.init(.started, u))
                    followUnit(receivedAt: receivedAt, &changes)
                }
            case .supervision(_, let round, _, _):
                done.append("unit.supervision.\(round)")
                guard var u = unit, u.isOpen else { break }
                let before = u.due
                u.round = round
                if u.due <= t, let fresh = rules.clock.add(u.amount, u.unit, to: t) {
                    u.start = t
                    u.due = fresh.instant
                    u.assumedYears = fresh.assumedYears
                    u.calendarVersion = fresh.calendarVersion
                    u.givenBack = 0
                    u.why = "supervision sheet \(i.form), round \(round): the limit passed, counted afresh"
                } else {
                    // The sheet is this round's press: no reminder of the round follows it.
                    u.why = "supervision sheet \(i.form), round \(round): the limit stands"
                    done.append(ClockDue.reminder(round: round).key)
                }
                unit = u
                changes.append(.init(.moved, u, previousDue: before))
                followUnit(receivedAt: receivedAt, &changes)
            }
        case .unitReply(let r):
            switch r.outcome {
            case .accepted, .toConfirm: stopUnit(at: r.received ?? t, rules, &changes)
            case .takeBack:
                if var u = unit, u.isOpen {
                    u.status = .ended
                    u.since = r.received ?? t
                    u.why = "taken back (回单)"
                    unit = u
                    changes.append(.init(.ended, u))
                }
                startBack(at: t, why: "taken back by the unit: to dispatch again", rules, &changes)
            case .extensionRequested: resumeUnit(at: t, why: "the paper reply asks for more time", rules, &changes)
            default: break
            }
        case .paperSuperseded:
            resumeUnit(at: t, why: "the paper reply was set aside", rules, &changes)
        case .extensionDecided(let d):
            if let until = d.until, var u = unit, u.isOpen {
                let before = u.due
                u.due = until
                u.assumedYears = []
                u.why = "extension granted: \(d.reason)"
                unit = u
                changes.append(.init(.moved, u, previousDue: before))
                followUnit(receivedAt: receivedAt, &changes)
            }
        case .reviewed(let r):
            switch r.decision {
            case .accepted:
                if var u = unit, u.status == .stopped {
                    u.status = .met
                    u.late = (u.since ?? t) > u.due
                    u.why = "the answer was accepted on review"
                    unit = u
                    changes.append(.init(.met, u))
                }
                meet(\.whole, at: t, why: "the center accepted the unit's answer", &changes)
            case .returned:
                resumeUnit(at: t, why: "returned to the unit (退单)", rules, &changes)
            }
        case .clockHeld(let reason):
            holdSince = t
            holdReason = reason
            for path in [\CaseClocks.back, \CaseClocks.unit, \CaseClocks.whole] {
                guard var c = self[keyPath: path], c.status == .running else { continue }
                c.status = .held
                c.since = t
                c.why = "held: \(reason)"
                self[keyPath: path] = c
                changes.append(.init(.held, c))
            }
        case .clockReleased(let reason):
            holdSince = nil
            holdReason = nil
            for path in [\CaseClocks.back, \CaseClocks.unit, \CaseClocks.whole] {
                guard var c = self[keyPath: path], c.status == .held else { continue }
                let before = c.due
                giveBack(&c, until: t, rules)
                c.status = .running
                c.since = nil
                c.why = "released" + (reason.map { ": \($0)" } ?? "") + "; the held time is given back"
                self[keyPath: path] = c
                changes.append(.init(.released, c, previousDue: before))
            }
            followUnit(receivedAt: receivedAt, &changes)
        case .clockAction(let a):
            done.append(a.key)
        case .answered:
            // Answered at the front (直接办理): nothing to dispatch, the case's loop done.
            meet(\.back, at: t, why: "answered directly", &changes)
            endAll(at: t, why: "answered directly", &changes)
        default:
            break
        }
        return changes
    }

    // MARK: the steps

    private mutating func startBack(at t: Date, why: String, _ rules: ClockRules, _ changes: inout [ClockChange]) {
        guard let c = handlingClass, let ch = channel, var b = rules.started(.back, row: rules.backRow(c, channel: ch), at: t, why: why) else { return }
        backRound += 1
        backStartedAt = t
        b.round = backRound
        if holdSince != nil { b.status = .held; b.since = t }
        back = b
        changes.append(.init(.started, b))
    }

    private mutating func meet(_ path: WritableKeyPath<CaseClocks, StageClock?>, at t: Date, why: String, _ changes: inout [ClockChange]) {
        guard var c = self[keyPath: path], c.isOpen else { return }
        c.status = .met
        c.since = t
        c.late = t > c.due
        c.why = why
        self[keyPath: path] = c
        changes.append(.init(.met, c))
    }

    private mutating func endAll(at t: Date, why: String, _ changes: inout [ClockChange]) {
        for path in [\CaseClocks.back, \CaseClocks.unit, \CaseClocks.whole] {
            guard var c = self[keyPath: path], c.isOpen else { continue }
            c.status = .ended
            c.since = t
            c.why = why
            self[keyPath: path] = c
            changes.append(.init(.ended, c))
        }
    }

    private mutating func stopUnit(at t: Date, _ rules: ClockRules, _ changes: inout [ClockChange]) {
        guard var u = unit, u.status == .running || u.status == .held else { return }
        // Never before what was already given back (a paper reply set aside, then the signed sheet).
        let at = max(t, u.countedTo ?? t)
        // A reply while held ends the unit's hold: the held time up to the reply is given back.
        if u.status == .held { giveBack(&u, until: at, rules) }
        u.status = .stopped
        u.since = at
        u.why = "the unit's reply is with the center"
        unit = u
        changes.append(.init(.stopped, u))
    }

    private mutating func resumeUnit(at t: Date, why: String, _ rules: ClockRules, _ changes: inout [ClockChange]) {
        guard var u = unit, u.status == .stopped else { return }
        let before = u.due
        giveBack(&u, until: t, rules)
        u.status = holdSince == nil ? .running : .held
        u.since = holdSince == nil ? nil : t
        u.why = why + "; the time the reply was with the center is given back"
        unit = u
        changes.append(.init(.resumed, u, previousDue: before))
        followUnit(receivedAt: receivedAt, &changes)
    }

    /// Moves the due instant later by what passed from `since` to `until`, in the clock's unit.
    private func giveBack(_ c: inout StageClock, until: Date, _ rules: ClockRules) {
        guard let since = c.since else { return }
        c.countedTo = max(until, c.countedTo ?? until)
        let span = rules.clock.givenBack(c.unit, from: since, to: until)
        guard span > 0, let moved = rules.clock.add(span, c.unit, to: c.due) else { return }
        c.due = moved.instant
        c.assumedYears = Array(Set(c.assumedYears).union(moved.assumedYears)).sorted()
        c.givenBack += span
    }

    /// The whole case falls due with its unit: started from receipt, it follows the unit's due.
    private mutating func followUnit(receivedAt: Date, _ changes: inout [ClockChange]) {
        guard let u = unit, u.isOpen else { return }
        if var w = whole, w.isOpen {
            guard w.due != u.due || w.row != u.row else { return }
            let before = w.due
            w.due = u.due
            w.row = u.row
            w.assumedYears = u.assumedYears
            w.calendarVersion = u.calendarVersion
            w.why = "follows the unit's limit"
            whole = w
            changes.append(.init(.moved, w, previousDue: before))
        } else if whole == nil || whole?.isOpen == false {
            let w = StageClock(stage: .whole, row: u.row, start: receivedAt, amount: u.amount, unit: u.unit,
                               calendarVersion: u.calendarVersion, due: u.due, assumedYears: u.assumedYears,
                               status: holdSince == nil ? .running : .held, since: holdSince,
                               why: "from receipt to the unit's limit")
            whole = w
            changes.append(.init(.started, w))
        }
    }
}

extension CaseEvent.Body {
    /// Whether the event can start, stop or move a clock, or records a clock's action: only these
    /// are folded (a notice queued, a citizen's reply, a clock's own change are not).
    public var movesClocks: Bool {
        switch self {
        case .registered, .override, .formIssued, .unitReply, .paperSuperseded, .extensionDecided, .reviewed, .clockHeld,
             .clockReleased, .clockAction, .answered: true
        case .mailDefects, .noticeQueued, .noAcknowledgement, .replyReceived, .scanNotRead, .holdingAttached, .feedbackConfirmed,
             .clockChanged, .unrecognized, .replySent: false
        }
    }
}
