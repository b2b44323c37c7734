-- The voter register. The full ID number is never stored: only a keyed hash and the masked form.
-- The CHECKs compare with = and OR, not IN (...): SQLite 3.40 costs ~1.4 us per IN list per row inserted.
CREATE TABLE voters (
    id             INTEGER PRIMARY KEY,
    community_code TEXT NOT NULL REFERENCES communities(code),
    group_id       INTEGER REFERENCES resident_groups(id),
    household_id   INTEGER REFERENCES households(id),
    name           TEXT NOT NULL,
    sex            TEXT NOT NULL CHECK (sex = 'M' OR sex = 'F'),
    birth_date     TEXT NOT NULL,          -- ISO date
    id_hash        TEXT NOT NULL,          -- HMAC-SHA256 of the normalised ID number, hex
    id_masked      TEXT NOT NULL,          -- 110105********002X
    ethnicity      TEXT NOT NULL DEFAULT '汉族',
    category       TEXT NOT NULL DEFAULT 'hukou' CHECK (category = 'hukou' OR category = 'resident' OR category = 'other'),
    address        TEXT NOT NULL DEFAULT '',
    place_code     TEXT REFERENCES voting_places(code),
    status         TEXT NOT NULL DEFAULT 'active' CHECK (status = 'active' OR status = 'removed'),
    status_reason  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX voters_community_group ON voters(community_code, group_id);
CREATE INDEX voters_household ON voters(household_id);
CREATE INDEX voters_id_hash ON voters(id_hash);
CREATE INDEX voters_place ON voters(place_code);

-- The register key: a random secret of the district, carried to stations in their setup, used to
-- hash ID numbers (exact lookup, finding one person across the district) and to sign voter cards.
CREATE TABLE register_key (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    key     BLOB NOT NULL,
    created TEXT NOT NULL
);
