import Foundation
import GRDB
import HotlineCore

/// Claims on outgoing mail and leases on mailboxes, each taken in one write transaction — SQLite
/// serialises writers, so two processes never take the same claim (issue 9, item 2).
extension SQLiteCaseStore {
    public func claimQueuedMail(limit: Int, afterID: Int64, now: Date, honourRetryTimes: Bool, by claimant: Claimant,
                                until: Date) throws -> [QueuedMail] {
        try writer.write { db in
            // Holders of live claims that have stopped (a killed process): their claims are free now.
            let holders = try String.fetchAll(db, sql: """
                SELECT DISTINCT claimed_by FROM outgoing WHERE status = 'queued' AND claimed_by IS NOT NULL
                AND claimed_by != ? AND claimed_until > ?
                """, arguments: [claimant.id, now])
            let stopped = holders.filter(claimant.hasStopped)
            let marks = databaseQuestionMarks(count: stopped.count)
            let rows = try Row.fetchAll(db, sql: """
                SELECT o.*, c.number FROM outgoing o LEFT JOIN "case" c ON c.id = o.case_id
                WHERE o.status = 'queued' AND o.id > ? AND (o.send_after IS NULL OR o.send_after <= ?)
                AND (? = 0 OR o.next_attempt_at IS NULL OR o.next_attempt_at <= ?)
                AND (o.claimed_by IS NULL OR o.claimed_by = ? OR o.claimed_until <= ?
                     \(stopped.isEmpty ? "" : "OR o.claimed_by IN (\(marks))"))
                ORDER BY o.id LIMIT ?
                """, arguments: StatementArguments([afterID, now, honourRetryTimes, now, claimant.id, now] as [(any DatabaseValueConvertible)?])
                    + StatementArguments(stopped) + StatementArguments([limit]))
            let claimed = rows.map(Session.queuedMail)
            for mail in claimed {
                try db.execute(sql: "UPDATE outgoing SET claimed_by = ?, claimed_until = ? WHERE id = ?",
                               arguments: [claimant.id, until, mail.id])
            }
            return claimed
        }
    }

    public func renewMailClaim(_ id: Int64, by claimant: Claimant, now: Date, until: Date) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: """
                UPDATE outgoing SET claimed_until = ? WHERE id = ? AND status = 'queued' AND claimed_by = ?
                """, arguments: [until, id, claimant.id])
            return db.changesCount == 1
        }
    }

    public func releaseMailClaims(by claimantID: String) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE outgoing SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ?",
                           arguments: [claimantID])
        }
    }

    public func leaseSource(_ source: String, by claimant: Claimant, now: Date, until: Date) throws -> String? {
        try writer.write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT holder, until FROM source_lease WHERE source = ?", arguments: [source]),
               !claimant.mayTake(heldBy: row["holder"], until: row["until"], now: now) {
                return row["holder"] as String
            }
            try db.execute(sql: """
                INSERT INTO source_lease (source, holder, until) VALUES (?, ?, ?)
                ON CONFLICT(source) DO UPDATE SET holder = excluded.holder, until = excluded.until
                """, arguments: [source, claimant.id, until])
            return nil
        }
    }

    public func releaseSource(_ source: String, by claimantID: String) throws {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM source_lease WHERE source = ? AND holder = ?", arguments: [source, claimantID])
        }
    }
}
