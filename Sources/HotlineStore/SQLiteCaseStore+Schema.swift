import GRDB
import HotlineCore

extension SQLiteCaseStore {
    /// The schema, as migrations from day one (GRDB `DatabaseMigrator`). Never edit a shipped
    /// migration; add the next one.
    /// Public so that a test can build a store as an earlier version left it (`migrate(_:upTo:)`).
    public static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1: cases, events, intake log, raw messages, outgoing spool") { db in
            try db.execute(sql: """
                CREATE TABLE raw_message (
                    sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
                    size INTEGER NOT NULL,
                    bytes BLOB NOT NULL
                );
                CREATE TABLE case_counter (
                    prefix_day TEXT PRIMARY KEY,
                    last INTEGER NOT NULL CHECK (last > 0)
                );
                CREATE TABLE "case" (
                    id INTEGER PRIMARY KEY,
                    number TEXT NOT NULL UNIQUE,
                    prefix TEXT NOT NULL,
                    day TEXT NOT NULL CHECK (length(day) = 8),
                    sequence INTEGER NOT NULL CHECK (sequence > 0),
                    channel TEXT NOT NULL,
                    received_at DATETIME NOT NULL,
                    petitioner_name TEXT,
                    petitioner_address TEXT,
                    petitioner_phone TEXT,
                    petitioner_email TEXT,
                    subject TEXT NOT NULL,
                    text TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('complaint','report','criticism','opinion','suggestion','consultation','request-for-help')),
                    kind_rule TEXT NOT NULL,
                    handling_class TEXT NOT NULL CHECK (handling_class IN ('routine','general-emergency','major-emergency','complex')),
                    class_rule TEXT NOT NULL,
                    key_matter INTEGER NOT NULL CHECK (key_matter IN (0, 1)),
                    key_rule TEXT NOT NULL,
                    scope TEXT NOT NULL CHECK (scope = 'accepted' OR scope LIKE 'out-of-scope:%'),
                    scope_rule TEXT NOT NULL,
                    state TEXT NOT NULL,
                    raw_sha256 TEXT NOT NULL REFERENCES raw_message(sha256),
                    message_id TEXT,
                    UNIQUE (prefix, day, sequence)
                );
                CREATE INDEX case_received ON "case"(received_at);
                CREATE INDEX case_state ON "case"(state, received_at);
                CREATE TABLE attachment (
                    id INTEGER PRIMARY KEY,
                    case_id INTEGER NOT NULL REFERENCES "case"(id),
                    original_name TEXT,
                    stored_name TEXT NOT NULL CHECK (stored_name NOT LIKE '%/%' AND stored_name NOT LIKE '%\\%' AND stored_name NOT LIKE '.%'),
                    content_type TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    sha256 TEXT NOT NULL,
                    part_path TEXT NOT NULL,
                    UNIQUE (case_id, stored_name, part_path)
                );
                CREATE TABLE event (
                    id INTEGER PRIMARY KEY,
                    case_id INTEGER NOT NULL REFERENCES "case"(id),
                    at DATETIME NOT NULL,
                    actor TEXT NOT NULL,
                    type TEXT NOT NULL,
                    data TEXT NOT NULL
                );
                CREATE INDEX event_case ON event(case_id, id);
                CREATE TRIGGER event_append_only_update BEFORE UPDATE ON event
                    BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END;
                CREATE TRIGGER event_append_only_delete BEFORE DELETE ON event
                    BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END;
                CREATE TABLE intake (
                    id INTEGER PRIMARY KEY,
                    source TEXT NOT NULL,
                    source_key TEXT NOT NULL,
                    raw_sha256 TEXT REFERENCES raw_message(sha256),
                    message_id TEXT,
                    dedup_key TEXT,
                    disposition TEXT NOT NULL CHECK (disposition IN ('case','reply','duplicate','automatic','quarantined','holding')),
                    case_id INTEGER REFERENCES "case"(id),
                    reason TEXT NOT NULL,
                    at DATETIME NOT NULL,
                    UNIQUE (source, source_key),
                    CHECK ((disposition IN ('case','reply','duplicate')) = (case_id IS NOT NULL))
                );
                CREATE INDEX intake_dedup ON intake(dedup_key) WHERE dedup_key IS NOT NULL;
                CREATE INDEX intake_message_id ON intake(message_id) WHERE message_id IS NOT NULL;
                CREATE TABLE outgoing (
                    id INTEGER PRIMARY KEY,
                    case_id INTEGER REFERENCES "case"(id),
                    purpose TEXT NOT NULL,
                    message_id TEXT NOT NULL UNIQUE,
                    recipients TEXT NOT NULL,
                    raw BLOB NOT NULL,
                    status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','sent','failed')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT,
                    proof TEXT,
                    created_at DATETIME NOT NULL,
                    sent_at DATETIME
                );
                CREATE INDEX outgoing_queued ON outgoing(id) WHERE status = 'queued';
                """)
        }
        m.registerMigration("v2: retry times for the outgoing spool") { db in
            try db.execute(sql: """
                ALTER TABLE outgoing ADD COLUMN next_attempt_at DATETIME;
                CREATE INDEX outgoing_due ON outgoing(next_attempt_at) WHERE status = 'queued';
                """)
        }
        m.registerMigration("v3: issued forms, form numbers, dispatch batches") { db in
            try db.execute(sql: """
                CREATE TABLE form_counter (
                    kind_year TEXT PRIMARY KEY,
                    last INTEGER NOT NULL CHECK (last > 0)
                );
                CREATE TABLE form (
                    id INTEGER PRIMARY KEY,
                    number TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL CHECK (kind IN ('approval','assignment','supervision','feedback')),
                    case_id INTEGER NOT NULL REFERENCES "case"(id),
                    issued_at DATETIME NOT NULL,
                    actor TEXT NOT NULL,
                    recipients TEXT NOT NULL,
                    unit_code TEXT,
                    deadline DATETIME,
                    refers_to TEXT REFERENCES form(number),
                    xml BLOB NOT NULL,
                    odt BLOB NOT NULL
                );
                CREATE INDEX form_case ON form(case_id, id);
                CREATE TRIGGER form_immutable BEFORE UPDATE ON form
                    BEGIN SELECT RAISE(ABORT, 'issued forms are never changed'); END;
                ALTER TABLE outgoing ADD COLUMN send_after DATETIME;
                """)
        }
        m.registerMigration("v4: issued forms are never deleted") { db in
            try db.execute(sql: """
                CREATE TRIGGER form_never_deleted BEFORE DELETE ON form
                    BEGIN SELECT RAISE(ABORT, 'issued forms are never deleted'); END;
                """)
        }
        m.registerMigration("v5: claims on outgoing mail and leases on mailboxes (several processes on one store)") { db in
            try db.execute(sql: """
                ALTER TABLE outgoing ADD COLUMN claimed_by TEXT;
                ALTER TABLE outgoing ADD COLUMN claimed_until DATETIME;
                CREATE TABLE source_lease (
                    source TEXT PRIMARY KEY,
                    holder TEXT NOT NULL,
                    until DATETIME NOT NULL
                );
                """)
        }
        m.registerMigration("v6: typed case events (version 2 data) and the holding item in its own column") { db in
            // The only rewrite events ever get: a row whose data reads as the typed event it records,
            // and whose version 2 text form says exactly what its version 1 data said, is written
            // back as version 2. Any other row is left byte for byte (version 1 still reads, or it
            // shows as unrecognized; never dropped) — so a later change of the codec cannot make
            // this migration lose what an old store holds. In batches: events carry mail texts.
            try db.execute(sql: """
                DROP TRIGGER event_append_only_update;
                ALTER TABLE event ADD COLUMN holding_source TEXT;
                """)
            let update = try db.makeStatement(sql: "UPDATE event SET data = ?, holding_source = ? WHERE id = ?")
            var last: Int64 = 0
            while true {
                let rows = try Row.fetchAll(db, sql: "SELECT id, type, data FROM event WHERE id > ? ORDER BY id LIMIT 500",
                                            arguments: [last])
                guard let end = rows.last else { break }
                last = end["id"]
                for row in rows {
                    let data: String = row["data"]
                    let body = CaseEvent.Body.stored(type: row["type"], data: data)
                    if case .unrecognized = body { continue }
                    let same = EventFields.stored(data).map { old, version in
                        version == 1 && EventFields.sameContent(old.texts, body.fields(timeZone: .gmt).texts)
                    } ?? false
                    guard same || body.holdingSource != nil else { continue }
                    try update.execute(arguments: [same ? body.storedData : data, body.holdingSource, row["id"] as Int64])
                }
            }
            try db.execute(sql: """
                CREATE TRIGGER event_append_only_update BEFORE UPDATE ON event
                    BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END;
                CREATE INDEX event_holding_source ON event(holding_source) WHERE holding_source IS NOT NULL;
                """)
        }
        m.registerMigration("v7: the clocks of each case, with the next action indexed") { db in
            // `state` is the fold's state (JSON, `CaseClocks`), `version` the rules it was counted
            // with; `stage_clock` is its denormal form for `hotline due`, one row per stage, with
            // how each due instant was computed. Rewritten whole with each change of the case.
            try db.execute(sql: """
                CREATE TABLE case_clock (
                    case_id INTEGER PRIMARY KEY REFERENCES "case"(id),
                    state TEXT NOT NULL,
                    version TEXT NOT NULL,
                    next_action_at DATETIME,
                    open INTEGER NOT NULL CHECK (open IN (0, 1))
                );
                CREATE INDEX case_clock_next ON case_clock(next_action_at) WHERE next_action_at IS NOT NULL;
                CREATE INDEX case_clock_open_version ON case_clock(version) WHERE open = 1;
                CREATE TABLE stage_clock (
                    case_id INTEGER NOT NULL REFERENCES "case"(id),
                    stage TEXT NOT NULL CHECK (stage IN ('front','back','unit','case')),
                    rule TEXT NOT NULL,
                    start DATETIME NOT NULL,
                    amount REAL NOT NULL,
                    unit TEXT NOT NULL,
                    calendar_version TEXT NOT NULL,
                    due DATETIME NOT NULL,
                    provisional TEXT,
                    round INTEGER NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('running','stopped','held','met','ended')),
                    unit_code TEXT,
                    PRIMARY KEY (case_id, stage)
                );
                CREATE INDEX stage_clock_running ON stage_clock(due) WHERE status = 'running';
                """)
            // The open cases of a store from before the clock, to be counted by the next pass from
            // their history (version '' is no rules' version): found by the index, never by a scan.
            try db.execute(sql: """
                INSERT INTO case_clock (case_id, state, version, next_action_at, open)
                SELECT id, '', '', NULL, 1 FROM "case" WHERE state NOT IN ('guided', 'closed', 'reviewed')
                """)
        }
        return m
    }
}
