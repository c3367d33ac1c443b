import Foundation

/// What one pass over the sources did; printed on one log line per pass.
public struct PassSummary: Sendable, Equatable, CustomStringConvertible {
    public var fetched = 0
    public var newCases = 0
    public var replies = 0
    public var duplicates = 0
    public var automatic = 0
    public var holding = 0
    public var quarantined = 0
    public var alreadyDone = 0
    public var sent = 0
    public var sendFailures = 0
    /// Sources that could not be read this pass, with the reason (the others were still read).
    public var sourceErrors: [String] = []
    /// Sources another live process was reading: skipped this pass (their lease names it).
    public var busySources: [BusySource] = []
    /// Messages a fault of ours (the store, the disk, a tool) kept from being taken in: each stays
    /// where it is, unfinished, for the next pass.
    public var leftInPlace = 0
    /// The first fault of ours this pass — never bad input: the source it struck stopped, and the
    /// messages not committed wait there for the next pass. Later ones are in the log.
    public var fault: IntakeFault?
    public var faults = 0
    /// What the clock did this pass.
    public var clock: ClockPass.Summary?

    public init() {}

    mutating func count(_ d: IntakeDisposition) {
        switch d {
        case .newCase: newCases += 1
        case .reply: replies += 1
        case .duplicate: duplicates += 1
        case .automatic: automatic += 1
        case .quarantined: quarantined += 1
        case .holding: holding += 1
        }
    }

    public var description: String {
        "fetched=\(fetched) new_cases=\(newCases) replies=\(replies) duplicates=\(duplicates) automatic=\(automatic) "
            + "holding=\(holding) quarantined=\(quarantined) already_done=\(alreadyDone) sent=\(sent) send_failures=\(sendFailures)"
            + (sourceErrors.isEmpty ? "" : " source_errors=\(sourceErrors.count)")
            + (busySources.isEmpty ? "" : " busy=\(busySources.count)")
            + (leftInPlace == 0 ? "" : " left_in_place=\(leftInPlace)")
            + (faults == 0 ? "" : " faults=\(faults)")
            + (clock.map { " \($0)" } ?? "")
    }

    mutating func record(_ f: IntakeFault) {
        if fault == nil { fault = f }
        faults += 1
    }
}

/// A mailbox skipped this pass because another live process holds its lease.
public struct BusySource: Sendable, Equatable, CustomStringConvertible {
    public var mailbox: String
    /// The holder's claimant id (`host boot pid-namespace pid start-time`).
    public var holder: String

    public init(mailbox: String, holder: String) {
        self.mailbox = mailbox
        self.holder = holder
    }

    public var description: String {
        "mailbox \(mailbox) is being read by another hotline process (\(holder)); skipped this pass"
    }
}

/// A failure of ours — the store could not commit (a full disk, a locked database, an I/O error),
/// the attachment vault could not write, a scanning tool could not run — as opposed to bad input,
/// which is quarantined with its reason (issue 9, item 3). A fault never quarantines: the message
/// stays at its source (a folder's file not moved; an IMAP message not moved), the source's drain
/// stops, `hotline run` exits 1, and the next pass takes the message in exactly once.
public struct IntakeFault: Error, Sendable, Equatable, CustomStringConvertible {
    /// What we were doing.
    public enum Step: String, Sendable, Equatable {
        case takingIn = "taking in"
        case scanning
        case leasingMailbox = "leasing the mailbox"
        case claimingMail = "claiming outgoing mail"
        case sending
        /// The clock's pass: recounting, reminders, supervision, alerts.
        case clock = "keeping the clocks"
        /// The server took a mail but the store could not record it: its claim is kept (it
        /// expires), so no other process sends it again before a clerk or the next pass sees it.
        case recordingSent = "recording a mail the server took"
    }

    public var step: Step
    /// The message it struck, when it struck one.
    public var message: SourceKey?
    /// What else names the place: an attachment, a mailbox, an outgoing Message-ID.
    public var detail: String?
    /// The error as it was reported (errors are not Equatable; their words are what a clerk reads).
    public var underlying: String

    public init(_ step: Step, message: SourceKey? = nil, detail: String? = nil, underlying: any Error) {
        self.init(step, message: message, detail: detail, reason: "\(underlying)")
    }

    /// A fault told in words (a scanning tool that could not run, as the scanner said it).
    public init(_ step: Step, message: SourceKey? = nil, detail: String? = nil, reason: String) {
        self.step = step
        self.message = message
        self.detail = detail
        self.underlying = reason
    }

    public var description: String {
        let what = [step.rawValue, detail, message.map { "of \($0)" }].compactMap { $0 }.joined(separator: " ")
        return "\(what) failed: \(underlying) — a fault of ours, not of the mail: "
            + "it stays where it is and the next pass takes it in"
    }
}
