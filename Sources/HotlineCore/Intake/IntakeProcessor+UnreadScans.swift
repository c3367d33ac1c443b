import Foundation

extension IntakeProcessor {
    /// Names every scan that was refused or could not finish (issue 9, item 6) on the intake log —
    /// the entry's reason — and, when the message opened or joined a case, as a `scan-not-read`
    /// event on it: a reply whose scan timed out is not filed as if it had no sheet, silently.
    func recordUnreadScans(_ a: IntakeAnalysis, outcome: inout Outcome, tx: any CaseStoreSession, now: Date) throws {
        guard !a.unreadScans.isEmpty else { return }
        outcome.reason += " — scan not read: " + a.unreadScans.map(\.summary).joined(separator: "; ")
        for scan in a.unreadScans {
            logger.warning("scan not read", metadata: ["attachment": "\(scan.attachment)", "reason": "\(scan.reason.rawValue)",
                                                       "case.id": "\(outcome.caseNumber?.description ?? "-")"])
        }
        guard let number = outcome.caseNumber, outcome.disposition == .newCase || outcome.disposition == .reply else { return }
        try Self.appendUnreadScans(a.unreadScans, to: number, actor: CaseEvent.system, tx: tx, now: now)
    }

    /// One `scan-not-read` event per scan, with the attachment, the reason and the scanner's words.
    static func appendUnreadScans(_ scans: [UnreadScan], to number: CaseNumber, actor: String, tx: any CaseStoreSession,
                                  now: Date) throws {
        for scan in scans {
            try tx.appendEvent(CaseEvent(at: now, actor: actor, .scanNotRead(scan)), to: number)
        }
    }
}
