import Foundation
import GRDB
import HotlineCore

/// The clocks of each case (issue 11, item 4): the fold's state in `case_clock`, with its next
/// action indexed, and each stage in `stage_clock` for `hotline due`.
extension SQLiteCaseStore {
    public func casesWithClockActions(dueBy: Date, limit: Int) throws -> [CaseNumber] {
        try writer.read { db in
            try String.fetchAll(db, sql: """
                SELECT c.number FROM case_clock k JOIN "case" c ON c.id = k.case_id
                WHERE k.next_action_at IS NOT NULL AND k.next_action_at <= ? ORDER BY k.next_action_at LIMIT ?
                """, arguments: [dueBy, limit]).compactMap(Session.number)
        }
    }

    public func casesToRecount(version: String, limit: Int) throws -> [CaseNumber] {
        try writer.read { db in
            // Two index ranges (`version < ? OR version > ?`), then the open cases never counted.
            var numbers = try String.fetchAll(db, sql: """
                SELECT c.number FROM case_clock k JOIN "case" c ON c.id = k.case_id
                WHERE k.version < ? OR k.version > ? LIMIT ?
                """, arguments: [version, version, limit])
            if numbers.count < limit {
                numbers += try String.fetchAll(db, sql: """
                    SELECT c.number FROM "case" c LEFT JOIN case_clock k ON k.case_id = c.id
                    WHERE k.case_id IS NULL AND c.state NOT IN ('guided', 'closed', 'reviewed') LIMIT ?
                    """, arguments: [limit - numbers.count])
            }
            return numbers.compactMap(Session.number)
        }
    }

    public func openClocks(dueBy: Date?, unit: String?, limit: Int) throws -> [OpenClock] {
        try writer.read { db in
            var sql = """
                SELECT c.number, k.state, s.stage FROM stage_clock s JOIN "case" c ON c.id = s.case_id
                JOIN case_clock k ON k.case_id = s.case_id WHERE s.status = 'running'
                """
            var args: [any DatabaseValueConvertible] = []
            if let dueBy { sql += " AND s.due <= ?"; args.append(dueBy) }
            if let unit { sql += " AND s.stage = 'unit' AND s.unit_code = ?"; args.append(unit) }
            sql += " ORDER BY s.due LIMIT ?"
            args.append(limit)
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).compactMap { row in
                guard let number = Session.number(row["number"]), let state = Session.clockState(row["state"]),
                      let stage = ClockStage(rawValue: row["stage"]),
                      let clock = state.stages.first(where: { $0.stage == stage }) else { return nil }
                return OpenClock(caseNumber: number, clock: clock)
            }
        }
    }

    public func clocks(of number: CaseNumber) throws -> StoredClocks? {
        try writer.read { db in try Session(db: db).clocks(of: number) }
    }
}

extension SQLiteCaseStore.Session {
    func clocks(of number: CaseNumber) throws -> StoredClocks? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT k.state, k.version FROM case_clock k JOIN "case" c ON c.id = k.case_id WHERE c.number = ?
            """), arguments: [number.description]) else { return nil }
        guard let state = Self.clockState(row["state"]) else {
            // Written by this program; unreadable means another version wrote it: counted afresh.
            return nil
        }
        return StoredClocks(state: state, version: row["version"])
    }

    func saveClocks(_ clocks: StoredClocks, nextActionAt: Date?, for number: CaseNumber) throws {
        guard let id = try caseID(number) else { throw StoreConflict(description: "no case \(number)") }
        let json = String(decoding: try SQLiteCaseStore.clockEncoder.encode(clocks.state), as: UTF8.self)
        try db.cachedStatement(sql: """
            INSERT INTO case_clock (case_id, state, version, next_action_at) VALUES (?, ?, ?, ?)
            ON CONFLICT(case_id) DO UPDATE SET state = excluded.state, version = excluded.version,
            next_action_at = excluded.next_action_at
            """).execute(arguments: [id, json, clocks.version, nextActionAt])
        try db.cachedStatement(sql: "DELETE FROM stage_clock WHERE case_id = ?").execute(arguments: [id])
        let insert = try db.cachedStatement(sql: """
            INSERT INTO stage_clock (case_id, stage, rule, start, amount, unit, calendar_version, due, provisional, round, status, unit_code)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for c in clocks.state.stages {
            try insert.execute(arguments: [id, c.stage.rawValue, c.row, c.start, c.amount, c.unit.rawValue, c.calendarVersion, c.due,
                                           c.assumedYears.isEmpty ? nil : c.assumedYears.map(String.init).joined(separator: ","),
                                           c.round, c.status.rawValue, c.unitCode])
        }
    }

    static func clockState(_ json: String?) -> CaseClocks? {
        guard let json else { return nil }
        return try? JSONDecoder().decode(CaseClocks.self, from: Data(json.utf8))
    }
}

extension SQLiteCaseStore {
    static var clockEncoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = .sortedKeys
        return e
    }
}
