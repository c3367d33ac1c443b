import HotlineCore

/// The feedback reader's twin: an attachment whose file name has a scripted entry comes back as
/// that feedback (with the attachment's real name and hash); one named in `unread` comes back as a
/// scan refused or stopped for that reason; others are not feedback sheets.
/// For tests of the return path without XML, keys or scanners.
public struct ScriptedFeedbackReader: FeedbackReading {
    public var script: [String: ReceivedFeedback]
    public var unread: [String: UnreadScan.Reason]

    public init(_ script: [String: ReceivedFeedback], unread: [String: UnreadScan.Reason] = [:]) {
        self.script = script
        self.unread = unread
    }

    public func readout(in attachments: [(stored: StoredAttachment, bytes: [UInt8])], role: MailboxRole) -> FeedbackReadout {
        let sheets: [ReceivedFeedback] = attachments.compactMap { a in
            guard var f = a.stored.originalName.flatMap({ script[$0] }) else { return nil }
            f.attachment = a.stored.storedName
            f.sha256 = a.stored.sha256
            return f
        }
        return FeedbackReadout(sheets: sheets, unreadScans: attachments.compactMap { a in
            a.stored.originalName.flatMap { unread[$0] }.map {
                UnreadScan(attachment: a.stored.storedName, originalName: a.stored.originalName, reason: $0, message: "scripted \($0.rawValue)")
            }
        })
    }
}
