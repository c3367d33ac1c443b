import Foundation
import GRDB
import HotlineCore

/// The case store in SQLite (WAL), the embedded default. One file; GRDB over the system libsqlite3.
///
/// Raw messages live in the database itself, so the bytes and the case they opened are committed
/// in the same transaction (issue 2, item 5). Events are append-only: triggers refuse UPDATE and
/// DELETE on them.
public final class SQLiteCaseStore: CaseStore, Sendable {
    let writer: any DatabaseWriter

    /// Opens (creating and migrating as needed) the store at `path`. A write waits up to
    /// `busyTimeout` seconds for another process's transaction, then fails as a fault of ours
    /// (the message stays at its source for the next pass).
    public init(path: String, busyTimeout: TimeInterval = 10) throws {
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.prepareDatabase { db in
            // WAL with NORMAL sync: a commit survives a process crash; an OS crash may lose the
            // last transactions but never corrupts the file.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        writer = try DatabasePool(path: path, configuration: config)
        // A store a newer program has migrated is never opened by an older one: it would misread
        // what the newer schema added (issue 10: typed events are version 2 data).
        if try writer.read({ try SQLiteCaseStore.migrator.hasBeenSuperseded($0) }) {
            throw StoreTooNew(path: path)
        }
        try SQLiteCaseStore.migrator.migrate(writer)
    }

    /// The store was migrated by a newer version of hotline than this one.
    public struct StoreTooNew: Error, CustomStringConvertible {
        public var path: String
        public var description: String {
            "\(path) was upgraded by a newer version of hotline; run that version (this one would misread it)"
        }
    }

    /// A store in memory (tests, benchmarks of the pure path).
    public init() throws {
        writer = try DatabaseQueue()
        try SQLiteCaseStore.migrator.migrate(writer)
    }

    public func transaction<T>(_ body: (any CaseStoreSession) throws -> T) throws -> T {
        try writer.write { db in try body(Session(db: db)) }
    }

    public func cases(_ filter: CaseFilter) throws -> [CaseRecord] {
        try writer.read { db in
            var clauses: [String] = []
            var args: [any DatabaseValueConvertible] = []
            if let s = filter.state { clauses.append("state = ?"); args.append(s.rawValue) }
            if let k = filter.kind { clauses.append("kind = ?"); args.append(k.rawValue) }
            if let c = filter.handlingClass { clauses.append("handling_class = ?"); args.append(c.rawValue) }
            if let d = filter.since { clauses.append("received_at >= ?"); args.append(d) }
            if let d = filter.until { clauses.append("received_at < ?"); args.append(d) }
            var sql = "SELECT * FROM \"case\""
            if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
            // Allocation order breaks ties: the number's text would put -10000 before -9999.
            sql += " ORDER BY received_at, id"
            if let l = filter.limit { sql += " LIMIT \(max(0, l))" }
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map { try Session.caseRecord($0, db: db) }
        }
    }

    public func caseRecord(_ number: CaseNumber) throws -> CaseRecord? {
        try writer.read { db in try Session(db: db).caseRecord(number) }
    }

    public func events(of number: CaseNumber) throws -> [CaseEvent] {
        try writer.read { db in try Session(db: db).events(of: number) }
    }

    public func intakeEntries(limit: Int) throws -> [IntakeEntry] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM (SELECT i.*, c.number FROM intake i LEFT JOIN "case" c ON c.id = i.case_id
                ORDER BY i.id DESC LIMIT ?) ORDER BY id
                """, arguments: [limit]).map(Session.intakeEntry)
        }
    }

    public func rawMessage(sha256: String) throws -> [UInt8]? {
        try writer.read { db in
            try Data.fetchOne(db, sql: "SELECT bytes FROM raw_message WHERE sha256 = ?", arguments: [sha256]).map { [UInt8]($0) }
        }
    }

    public func queuedMail(limit: Int, now: Date, honourRetryTimes: Bool) throws -> [QueuedMail] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT o.*, c.number FROM outgoing o LEFT JOIN "case" c ON c.id = o.case_id
                WHERE o.status = 'queued' AND (o.send_after IS NULL OR o.send_after <= ?)
                AND (? = 0 OR o.next_attempt_at IS NULL OR o.next_attempt_at <= ?)
                ORDER BY o.id LIMIT ?
                """, arguments: [now, honourRetryTimes, now, limit]).map(Session.queuedMail)
        }
    }

    public func forms(of number: CaseNumber) throws -> [IssuedForm] {
        try writer.read { db in try Session(db: db).forms(of: number) }
    }

    public func holding(limit: Int) throws -> [IntakeEntry] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT i.*, NULL AS number FROM intake i WHERE i.disposition = 'holding'
                AND NOT EXISTS (SELECT 1 FROM event e WHERE e.holding_source = i.source || ':' || i.source_key)
                ORDER BY i.id LIMIT ?
                """, arguments: [limit]).map(Session.intakeEntry)
        }
    }

    public func form(_ number: FormNumber) throws -> IssuedForm? {
        try writer.read { db in
            try Row.fetchOne(db, sql: """
                SELECT f.*, c.number AS case_number FROM form f JOIN "case" c ON c.id = f.case_id WHERE f.number = ?
                """, arguments: [number.description]).flatMap(Session.issuedForm)
        }
    }

    public func outgoing(limit: Int) throws -> [QueuedMail] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT o.*, c.number FROM outgoing o LEFT JOIN "case" c ON c.id = o.case_id ORDER BY o.id DESC LIMIT ?
                """, arguments: [limit]).map(Session.queuedMail)
        }
    }

    public func markSent(_ id: Int64, proof: String, at: Date) throws {
        try writer.write { db in
            try db.execute(sql: """
                UPDATE outgoing SET status = 'sent', proof = ?, sent_at = ?, attempts = attempts + 1,
                claimed_by = NULL, claimed_until = NULL WHERE id = ?
                """, arguments: [proof, at, id])
        }
    }

    public func markFailed(_ id: Int64, error: String, retryAt: Date?, at: Date) throws {
        try writer.write { db in
            try db.execute(sql: """
                UPDATE outgoing SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
                status = CASE WHEN ? IS NULL THEN 'failed' ELSE status END, claimed_by = NULL, claimed_until = NULL
                WHERE id = ?
                """, arguments: [error, retryAt, retryAt, id])
        }
    }
}
