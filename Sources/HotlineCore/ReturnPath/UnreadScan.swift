/// A scan the reader refused or could not finish (issue 9, item 6): a picture declaring a size no
/// fax has (a decompression bomb), a tool stopped at its deadline, the message's scanning time used
/// up. Never silent: intake names it on the intake log and on the case, so a reply whose sheet
/// could not be scanned is not filed as if it had none.
public struct UnreadScan: Sendable, Equatable {
    public enum Reason: String, Sendable, Codable {
        /// Refused before any tool ran: a declared picture larger than any fax page.
        case pictureTooLarge = "picture-too-large"
        /// A tool ran past its deadline and was stopped.
        case timedOut = "timed-out"
        /// The message's scanning time was used up before this one.
        case budgetSpent = "budget-spent"
        /// A fault of ours, not of the scan: a tool missing or that could not start, a work file
        /// that could not be written (a full disk). Intake leaves such a message at its source
        /// for the next pass (issue 9, item 3) instead of filing it as if it had no sheet.
        case toolFailed = "tool-failed"
        /// Anything else: malformed, unreadable, too large.
        case unreadable
    }

    /// The attachment's stored name.
    public var attachment: String
    /// The name the sender gave it, for the clerk.
    public var originalName: String?
    public var reason: Reason
    /// What the scanner said.
    public var message: String

    public init(attachment: String, originalName: String?, reason: Reason, message: String) {
        self.attachment = attachment
        self.originalName = originalName
        self.reason = reason
        self.message = message
    }

    /// One line for the intake log.
    public var summary: String { "\(originalName ?? attachment): \(reason.rawValue): \(message)" }
}

/// What the feedback reader found in one message: the sheets, and the scans it could not read.
public struct FeedbackReadout: Sendable, Equatable {
    public var sheets: [ReceivedFeedback]
    public var unreadScans: [UnreadScan]

    public init(sheets: [ReceivedFeedback], unreadScans: [UnreadScan] = []) {
        self.sheets = sheets
        self.unreadScans = unreadScans
    }
}
