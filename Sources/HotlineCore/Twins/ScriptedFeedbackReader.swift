/// The feedback reader's twin: an attachment whose file name has a scripted entry comes back as
/// that feedback (with the attachment's real name and hash); others are not feedback sheets.
/// For tests of the return path without XML, keys or scanners.
public struct ScriptedFeedbackReader: FeedbackReading {
    public var script: [String: ReceivedFeedback]

    public init(_ script: [String: ReceivedFeedback]) {
        self.script = script
    }

    public func feedback(in attachments: [(stored: StoredAttachment, bytes: [UInt8])], role: MailboxRole) -> [ReceivedFeedback] {
        attachments.compactMap { a in
            guard var f = a.stored.originalName.flatMap({ script[$0] }) else { return nil }
            f.attachment = a.stored.storedName
            f.sha256 = a.stored.sha256
            return f
        }
    }
}
