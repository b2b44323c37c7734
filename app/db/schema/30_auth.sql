-- Users of this file and their roles. Passwords are kept only as argon2id hashes.
-- A removed user keeps its row (removed_at set) so its name stays reserved and the audit log stays readable.
CREATE TABLE users (
    name            TEXT PRIMARY KEY,
    display_name    TEXT NOT NULL DEFAULT '',
    role            TEXT NOT NULL CHECK (role IN ('clerk', 'chief', 'district_admin', 'counter')),
    password_hash   TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    last_failed_at  TEXT,                    -- ISO time of the last wrong password
    locked          INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    created_at      TEXT NOT NULL,
    changed_at      TEXT NOT NULL,
    removed_at      TEXT
);

-- Settings of sign-in on this file (idle_minutes ...).
CREATE TABLE auth_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
