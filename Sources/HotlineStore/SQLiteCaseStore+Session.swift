import CSQLite3
import Foundation
import GRDB
import HotlineCore

extension SQLiteCaseStore {
    /// The intake operations on one open write transaction.
    struct Session: CaseStoreSession {
        let db: Database
        /// Row ids of the cases this transaction touched: a new case's events, attachments, intake
        /// entry and acknowledgement all need it.
        final class IDs {
            var byNumber: [CaseNumber: Int64] = [:]
        }
        let ids = IDs()

        func caseID(_ number: CaseNumber) throws -> Int64? {
            if let id = ids.byNumber[number] { return id }
            let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM \"case\" WHERE number = ?"),
                                        arguments: [number.description])
            if let id { ids.byNumber[number] = id }
            return id
        }

        func intakeEntry(for source: SourceKey) throws -> IntakeEntry? {
            try Row.fetchOne(db.cachedStatement(sql: """
                SELECT i.*, c.number FROM intake i LEFT JOIN "case" c ON c.id = i.case_id
                WHERE i.source = ? AND i.source_key = ?
                """), arguments: [source.source, source.key]).map(Session.intakeEntry)
        }

        func caseForDedupKey(_ key: String) throws -> CaseNumber? {
            try String.fetchOne(db.cachedStatement(sql: """
                SELECT c.number FROM intake i JOIN "case" c ON c.id = i.case_id
                WHERE i.dedup_key = ? AND i.disposition IN ('case', 'reply') ORDER BY i.id LIMIT 1
                """), arguments: [key]).flatMap(Session.number)
        }

        func caseCited(byMessageIDs ids: [String]) throws -> CaseNumber? {
            for id in ids {
                if let n = try String.fetchOne(db.cachedStatement(sql: """
                    SELECT c.number FROM outgoing o JOIN "case" c ON c.id = o.case_id WHERE o.message_id = ?
                    UNION ALL
                    SELECT c.number FROM intake i JOIN "case" c ON c.id = i.case_id
                    WHERE i.message_id = ? AND i.disposition IN ('case', 'reply')
                    LIMIT 1
                    """), arguments: [id, id]).flatMap(Session.number) {
                    return n
                }
            }
            return nil
        }

        func caseRecord(_ number: CaseNumber) throws -> CaseRecord? {
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM \"case\" WHERE number = ?"),
                                             arguments: [number.description]) else { return nil }
            return try Session.caseRecord(row, db: db)
        }

        /// Inserts a zero-filled BLOB of the right size and writes the bytes into it in 1 MiB steps
        /// (SQLite incremental BLOB I/O): binding a 20 MB message would copy it whole.
        func storeRawMessage(sha256: String, bytes: [UInt8]) throws {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO raw_message (sha256, size, bytes) VALUES (?, ?, zeroblob(?))")
                .execute(arguments: [sha256, bytes.count, bytes.count])
            guard db.changesCount == 1, !bytes.isEmpty else { return }
            guard let connection = db.sqliteConnection else { throw StoreConflict(description: "database connection closed") }
            var blob: OpaquePointer?
            let rowID = db.lastInsertedRowID
            guard sqlite3_blob_open(connection, "main", "raw_message", "bytes", rowID, 1, &blob) == SQLITE_OK, let blob else {
                throw StoreConflict(description: "cannot open the raw message BLOB: \(String(cString: sqlite3_errmsg(connection)))")
            }
            defer { sqlite3_blob_close(blob) }
            try bytes.withUnsafeBytes { buf in
                var offset = 0
                while offset < buf.count {
                    let n = min(1 << 20, buf.count - offset)
                    guard sqlite3_blob_write(blob, buf.baseAddress! + offset, Int32(n), Int32(offset)) == SQLITE_OK else {
                        throw StoreConflict(description: "cannot write the raw message: \(String(cString: sqlite3_errmsg(connection)))")
                    }
                    offset += n
                }
            }
        }

        func allocateCaseNumber(prefix: String, day: String) throws -> CaseNumber {
            let key = prefix + day
            try db.cachedStatement(sql: """
                INSERT INTO case_counter (prefix_day, last) VALUES (?, 1)
                ON CONFLICT (prefix_day) DO UPDATE SET last = last + 1
                """).execute(arguments: [key])
            let last = try Int.fetchOne(db.cachedStatement(sql: "SELECT last FROM case_counter WHERE prefix_day = ?"),
                                        arguments: [key]) ?? 1
            return CaseNumber(prefix: prefix, day: day, sequence: last)
        }

        func insertCase(_ r: CaseRecord) throws {
            try db.cachedStatement(sql: """
                INSERT INTO "case" (number, prefix, day, sequence, channel, received_at, petitioner_name, petitioner_address,
                    petitioner_phone, petitioner_email, subject, text, kind, kind_rule, handling_class, class_rule,
                    key_matter, key_rule, scope, scope_rule, state, raw_sha256, message_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                    r.number.description, r.number.prefix, r.number.day, r.number.sequence, r.channel.rawValue, r.receivedAt,
                    r.petitioner.name, r.petitioner.address, r.petitioner.phone, r.petitioner.email, r.subject, r.text,
                    r.kind.value.rawValue, r.kind.rule, r.handlingClass.value.rawValue, r.handlingClass.rule,
                    r.keyMatter.value, r.keyMatter.rule, r.scope.value.text, r.scope.rule, r.state.rawValue,
                    r.rawSHA256, r.messageID,
                ])
            ids.byNumber[r.number] = db.lastInsertedRowID
        }

        func updateCase(_ r: CaseRecord) throws {
            try db.execute(sql: """
                UPDATE "case" SET kind = ?, kind_rule = ?, handling_class = ?, class_rule = ?, key_matter = ?, key_rule = ?,
                    scope = ?, scope_rule = ?, state = ?, petitioner_name = ?, petitioner_address = ?, petitioner_phone = ?,
                    petitioner_email = ?
                WHERE number = ?
                """, arguments: [
                    r.kind.value.rawValue, r.kind.rule, r.handlingClass.value.rawValue, r.handlingClass.rule,
                    r.keyMatter.value, r.keyMatter.rule, r.scope.value.text, r.scope.rule, r.state.rawValue,
                    r.petitioner.name, r.petitioner.address, r.petitioner.phone, r.petitioner.email, r.number.description,
                ])
            guard db.changesCount == 1 else { throw StoreConflict(description: "no case \(r.number)") }
        }

        func addAttachments(_ attachments: [StoredAttachment], to number: CaseNumber) throws {
            guard let id = try caseID(number) else { throw StoreConflict(description: "no case \(number)") }
            for a in attachments {
                try db.cachedStatement(sql: """
                    INSERT OR IGNORE INTO attachment (case_id, original_name, stored_name, content_type, size, sha256, part_path)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [id, a.originalName, a.storedName, a.contentType, a.size, a.sha256, a.partPath])
            }
        }

        func appendEvent(_ e: CaseEvent, to number: CaseNumber) throws {
            guard let id = try caseID(number) else { throw StoreConflict(description: "no case \(number)") }
            try db.cachedStatement(sql: "INSERT INTO event (case_id, at, actor, type, data, holding_source) VALUES (?, ?, ?, ?, ?, ?)")
                .execute(arguments: [id, e.at, e.actor, e.type, e.body.storedData, e.holdingSource])
        }

        func recordIntake(_ e: IntakeEntry) throws {
            let caseID = try e.caseNumber.flatMap { try self.caseID($0) }
            try db.cachedStatement(sql: """
                INSERT INTO intake (source, source_key, raw_sha256, message_id, dedup_key, disposition, case_id, reason, at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [e.source.source, e.source.key, e.rawSHA256, e.messageID, e.dedupKey,
                                         e.disposition.rawValue, caseID, e.reason, e.at])
        }

        func queueOutgoing(_ m: OutgoingMail) throws {
            let caseID = try m.caseNumber.flatMap { try self.caseID($0) }
            let recipients = String(decoding: try Session.json.encode(m.recipients), as: UTF8.self)
            try db.cachedStatement(sql: """
                INSERT INTO outgoing (case_id, purpose, message_id, recipients, raw, created_at, send_after)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [caseID, m.purpose, m.messageID, recipients, Data(m.raw), Date(), m.sendAfter])
        }

        func allocateFormNumber(kind: FormKind, year: Int) throws -> FormNumber {
            let key = "\(kind.rawValue):\(year)"
            try db.cachedStatement(sql: """
                INSERT INTO form_counter (kind_year, last) VALUES (?, 1)
                ON CONFLICT (kind_year) DO UPDATE SET last = last + 1
                """).execute(arguments: [key])
            let last = try Int.fetchOne(db.cachedStatement(sql: "SELECT last FROM form_counter WHERE kind_year = ?"),
                                        arguments: [key]) ?? 1
            return FormNumber(kind: kind, year: year, sequence: last)
        }

        func insertForm(_ f: IssuedForm) throws {
            guard let caseID = try caseID(f.caseNumber) else { throw StoreConflict(description: "no case \(f.caseNumber)") }
            let recipients = String(decoding: try Session.json.encode(f.recipients), as: UTF8.self)
            try db.cachedStatement(sql: """
                INSERT INTO form (number, kind, case_id, issued_at, actor, recipients, unit_code, deadline, refers_to, xml, odt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [f.number.description, f.kind.rawValue, caseID, f.issuedAt, f.actor, recipients,
                                         f.unitCode, f.deadline, f.refersTo?.description, Data(f.xml), Data(f.odt)])
        }

        func forms(of number: CaseNumber) throws -> [IssuedForm] {
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT f.*, c.number AS case_number FROM form f JOIN "case" c ON c.id = f.case_id
                WHERE c.number = ? ORDER BY f.id
                """), arguments: [number.description]).map { row in
                guard let form = Session.issuedForm(row) else {
                    throw StoreConflict(description: "form row \(row["number"] as String? ?? "?") of case \(number) is unreadable")
                }
                return form
            }
        }

        func events(of number: CaseNumber) throws -> [CaseEvent] {
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT e.at, e.actor, e.type, e.data FROM event e JOIN "case" c ON c.id = e.case_id
                WHERE c.number = ? ORDER BY e.id
                """), arguments: [number.description]).map { row in
                CaseEvent(at: row["at"], actor: row["actor"], .stored(type: row["type"], data: row["data"]))
            }
        }

        func events(of number: CaseNumber, last count: Int) throws -> [CaseEvent] {
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT e.at, e.actor, e.type, e.data FROM event e JOIN "case" c ON c.id = e.case_id
                WHERE c.number = ? ORDER BY e.id DESC LIMIT ?
                """), arguments: [number.description, count]).reversed().map { row in
                CaseEvent(at: row["at"], actor: row["actor"], .stored(type: row["type"], data: row["data"]))
            }
        }

        func caseOfOurMail(messageIDs: [String], purposes: [String]) throws -> CaseNumber? {
            for id in messageIDs {
                guard let row = try Row.fetchOne(db.cachedStatement(sql: """
                    SELECT c.number, o.purpose FROM outgoing o JOIN "case" c ON c.id = o.case_id WHERE o.message_id = ?
                    """), arguments: [id]) else { continue }
                if purposes.contains(row["purpose"] as String) { return Session.number(row["number"] as String) }
            }
            return nil
        }

        func sentAt(messageID: String) throws -> Date? {
            try Date.fetchOne(db.cachedStatement(sql: "SELECT sent_at FROM outgoing WHERE message_id = ? AND status = 'sent'"),
                              arguments: [messageID])
        }

        func caseHoldingAttached(source: String) throws -> CaseNumber? {
            try String.fetchOne(db.cachedStatement(sql: """
                SELECT c.number FROM event e JOIN "case" c ON c.id = e.case_id
                WHERE e.holding_source = ? LIMIT 1
                """), arguments: [source]).flatMap(Session.number)
        }

        static func issuedForm(_ row: Row) -> IssuedForm? {
            guard let number = FormNumber(row["number"] as String),
                  let caseNumber = Session.number(row["case_number"] as String) else { return nil }
            let recipients = (try? JSONDecoder().decode([String].self, from: Data((row["recipients"] as String).utf8))) ?? []
            let xml: Data = row["xml"]
            let odt: Data = row["odt"]
            return IssuedForm(number: number, caseNumber: caseNumber, issuedAt: row["issued_at"], actor: row["actor"],
                              recipients: recipients, unitCode: row["unit_code"], deadline: row["deadline"],
                              refersTo: (row["refers_to"] as String?).flatMap(FormNumber.init), xml: [UInt8](xml), odt: [UInt8](odt))
        }

        // MARK: rows → values

        static let json: JSONEncoder = {
            let e = JSONEncoder()
            e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return e
        }()

        static func number(_ text: String) -> CaseNumber? { CaseNumber(stored: text) }

        static func caseRecord(_ row: Row, db: Database) throws -> CaseRecord {
            let id: Int64 = row["id"]
            let attachments = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM attachment WHERE case_id = ? ORDER BY id"),
                                               arguments: [id]).map { a in
                StoredAttachment(originalName: a["original_name"], storedName: a["stored_name"], contentType: a["content_type"],
                                 size: a["size"], sha256: a["sha256"], partPath: a["part_path"])
            }
            let scopeText: String = row["scope"]
            return CaseRecord(
                number: CaseNumber(prefix: row["prefix"], day: row["day"], sequence: row["sequence"]),
                channel: Channel(rawValue: row["channel"]) ?? .email,
                receivedAt: row["received_at"],
                petitioner: Petitioner(name: row["petitioner_name"], address: row["petitioner_address"],
                                       phone: row["petitioner_phone"], email: row["petitioner_email"]),
                subject: row["subject"], text: row["text"], attachments: attachments,
                kind: Decided(MatterKind(rawValue: row["kind"]) ?? .opinion, rule: row["kind_rule"]),
                handlingClass: Decided(HandlingClass(rawValue: row["handling_class"]) ?? .routine, rule: row["class_rule"]),
                keyMatter: Decided(row["key_matter"], rule: row["key_rule"]),
                scope: Decided(ScopeDecision(text: scopeText) ?? .accepted, rule: row["scope_rule"]),
                state: CaseState(rawValue: row["state"]) ?? .registered,
                rawSHA256: row["raw_sha256"], messageID: row["message_id"])
        }

        static func intakeEntry(_ row: Row) -> IntakeEntry {
            IntakeEntry(source: SourceKey(source: row["source"], key: row["source_key"]), rawSHA256: row["raw_sha256"],
                        messageID: row["message_id"], dedupKey: row["dedup_key"],
                        disposition: IntakeDisposition(rawValue: row["disposition"]) ?? .quarantined,
                        caseNumber: (row["number"] as String?).flatMap(number), reason: row["reason"], at: row["at"])
        }

        static func queuedMail(_ row: Row) -> QueuedMail {
            let recipients = (try? JSONDecoder().decode([String].self, from: Data((row["recipients"] as String).utf8))) ?? []
            let raw: Data = row["raw"]
            return QueuedMail(
                id: row["id"],
                mail: OutgoingMail(caseNumber: (row["number"] as String?).flatMap(number), purpose: row["purpose"],
                                   messageID: row["message_id"], recipients: recipients, raw: [UInt8](raw),
                                   sendAfter: row["send_after"]),
                status: QueuedMail.Status(rawValue: row["status"]) ?? .queued, attempts: row["attempts"],
                lastError: row["last_error"], proof: row["proof"], nextAttemptAt: row["next_attempt_at"], sentAt: row["sent_at"])
        }
    }
}
