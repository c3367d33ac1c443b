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
            // Open clocks only, by two range searches of the partial index (an OR of the two would
            // walk the whole index); a store from before the clock has its open cases there with
            // version '' (migration v7).
            try String.fetchAll(db, sql: """
                SELECT number FROM (
                    SELECT c.number FROM case_clock k JOIN "case" c ON c.id = k.case_id WHERE k.open = 1 AND k.version < ?
                    UNION ALL
                    SELECT c.number FROM case_clock k JOIN "case" c ON c.id = k.case_id WHERE k.open = 1 AND k.version > ?
                ) LIMIT ?
                """, arguments: [version, version, limit]).compactMap(Session.number)
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
            // Not counted yet (a case from before the clock), or unreadable: counted afresh from the history.
            return nil
        }
        return StoredClocks(state: state, version: row["version"])
    }

    func saveClocks(_ clocks: StoredClocks, nextActionAt: Date?, for number: CaseNumber) throws {
        guard let id = try caseID(number) else { throw StoreConflict(description: "no case \(number)") }
        let json = String(decoding: try SQLiteCaseStore.clockEncoder.encode(clocks.state), as: UTF8.self)
        try db.cachedStatement(sql: """
            INSERT INTO case_clock (case_id, state, version, next_action_at, open) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(case_id) DO UPDATE SET state = excluded.state, version = excluded.version,
            next_action_at = excluded.next_action_at, open = excluded.open
            """).execute(arguments: [id, json, clocks.version, nextActionAt, clocks.state.stages.contains(where: \.isOpen)])
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
