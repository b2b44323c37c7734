-- Packages between stations and the district (数据包交换): signing keys, exports, imports.

-- This file's own Ed25519 signing key: a station's (made when its setup is loaded) or the district's.
-- The private key stays in this file; whoever holds the file can sign as this place.
CREATE TABLE exchange_own_key (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    role        TEXT NOT NULL CHECK (role IN ('station', 'district')),
    private_key BLOB NOT NULL,             -- raw 32 bytes
    public_key  BLOB NOT NULL,             -- raw 32 bytes
    created     TEXT NOT NULL
);

-- A station file: the district key its setup came from (pinned by the fingerprint on the setup sheet).
CREATE TABLE exchange_district_key (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    public_key  BLOB NOT NULL,
    fingerprint TEXT NOT NULL,
    loaded      TEXT NOT NULL
);

-- The district file: its X25519 sealing key (密封密钥). Stations seal the personal data in their result
-- packages to the public half; only this private half opens it. It never leaves the district file.
CREATE TABLE exchange_own_sealing_key (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    private_key BLOB NOT NULL CHECK (length(private_key) = 32),
    public_key  BLOB NOT NULL CHECK (length(public_key) = 32),
    created     TEXT NOT NULL
);

-- A station file: the district's public sealing key, from the signed setup package (or copied when the
-- district made the station file itself). A result package is sealed to it; without it none is written.
CREATE TABLE exchange_district_sealing_key (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    public_key  BLOB NOT NULL CHECK (length(public_key) = 32),
    fingerprint TEXT NOT NULL,
    loaded      TEXT NOT NULL
);

-- The district file: each one-time setup code (初始化码) it issued, with the setup package the code opens,
-- so the office can print it again. The district file is encrypted; the audit log notes only that a code
-- was issued, never the code.
CREATE TABLE exchange_setup_codes (
    package_id  TEXT PRIMARY KEY,          -- first 16 hex characters of the package's manifest SHA-256
    place_code  TEXT NOT NULL,
    file        TEXT NOT NULL,
    setup_code  TEXT NOT NULL,             -- as printed: XXXX-XXXX-XXXX-XXXX-XXXX
    issued      TEXT NOT NULL
);

-- A station file: every result package exported, by its sequence number (reserved before writing).
CREATE TABLE exchange_exports (
    sequence INTEGER PRIMARY KEY CHECK (sequence > 0),
    created  TEXT NOT NULL,
    file     TEXT NOT NULL DEFAULT '',
    digest   TEXT NOT NULL DEFAULT ''     -- SHA-256 of the signed manifest, once written and verified
);

-- The district file: station keys checked against the station's printed result record (pinned on paper).
-- Without a pin the key of the first imported package is trusted (trust on first use).
CREATE TABLE exchange_station_pins (
    place_code  TEXT PRIMARY KEY,
    public_key  BLOB,                      -- NULL when only the fingerprint was typed in
    fingerprint TEXT NOT NULL,
    pinned      TEXT NOT NULL
);

-- The district file: the result packages now imported (removing one deletes its row).
CREATE TABLE imported_packages (
    package_id  TEXT PRIMARY KEY,          -- first 16 hex characters of the manifest's SHA-256
    digest      TEXT NOT NULL UNIQUE,      -- SHA-256 of the signed manifest
    place_code  TEXT NOT NULL,
    sequence    INTEGER NOT NULL,
    public_key  BLOB NOT NULL,
    fingerprint TEXT NOT NULL,
    created     TEXT NOT NULL,             -- when the station made it
    manifest    TEXT NOT NULL,
    UNIQUE (place_code, sequence)
);

-- The district file: rows of the stations' tables, one per (station, table, key), shared by every
-- package that carried the same row (a later package repeats the earlier rows). A station's packages
-- only grow (the import refuses one that drops a row kept from that station, or an older one), so each
-- imported package carries every row the station's earlier ones brought: a row needs only the package
-- that first brought it (`package_id`); removing that package hands the row to the station's next
-- imported package, or removes it when there is none.
CREATE TABLE imported_rows (
    place_code TEXT NOT NULL,
    table_name TEXT NOT NULL,
    row_key    TEXT NOT NULL,              -- canonical JSON of the row's primary key values
    data       TEXT NOT NULL,              -- canonical JSON object of the row
    package_id TEXT NOT NULL,              -- the imported package that brought it first
    PRIMARY KEY (place_code, table_name, row_key)
) WITHOUT ROWID;

-- The district file's import log: every attempt, imported, already imported, rejected or removed.
CREATE TABLE package_import_log (
    id         INTEGER PRIMARY KEY,
    time       TEXT NOT NULL,
    file       TEXT NOT NULL,
    package_id TEXT,
    place_code TEXT,
    sequence   INTEGER,
    status     TEXT NOT NULL CHECK (status IN ('imported', 'already_imported', 'rejected', 'removed')),
    code       TEXT NOT NULL DEFAULT '',
    reason     TEXT NOT NULL DEFAULT '',  -- in English (the source text); shown translated
    user_name  TEXT NOT NULL
);

-- Convenience views of the imported poll books for the merge and the dashboard.
CREATE VIEW imported_issuance_events AS
    SELECT place_code AS station,
           json_extract(data, '$.place_code') AS place_code,
           json_extract(data, '$.seq') AS seq,
           json_extract(data, '$.event') AS event,
           json_extract(data, '$.contest_id') AS contest_id,
           json_extract(data, '$.voter_id') AS voter_id,
           json_extract(data, '$.household_id') AS household_id,
           json_extract(data, '$.ballot_kind') AS ballot_kind,
           json_extract(data, '$.box_id') AS box_id,
           json_extract(data, '$.count') AS count,
           json_extract(data, '$.time') AS time,
           data
    FROM imported_rows WHERE table_name = 'issuance_events';
