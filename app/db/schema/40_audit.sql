-- The audit log: append-only, each entry chained to the one before by a SHA-256 hash.
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY CHECK (seq > 0),
    time      TEXT NOT NULL,               -- ISO time from the program's clock
    user_name TEXT NOT NULL,
    role      TEXT NOT NULL,
    event     TEXT NOT NULL,               -- a code declared in app/audit/events.py
    details   TEXT NOT NULL,               -- canonical JSON, never an ID number in clear
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
