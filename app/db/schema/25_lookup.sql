-- The clerk's search index (查找选民), one row per voter, rebuilt from `voters` by
-- app.register.lookup_index. It holds no ID number: only the last 4 digits (as in the masked form)
-- and the last 6 (the birth day from birth_date followed by those 4).
CREATE TABLE lookup_index (
    voter_id         INTEGER PRIMARY KEY,
    community_code   TEXT NOT NULL,
    name             TEXT NOT NULL,
    surname          TEXT NOT NULL,
    given            TEXT NOT NULL,
    pinyin           TEXT NOT NULL,        -- zhangxiaoming: lowercase, the surname read as a surname
    initials         TEXT NOT NULL,        -- zxm
    surname_initials TEXT NOT NULL,        -- 张xm
    id_last4         TEXT NOT NULL,
    id_last6         TEXT NOT NULL,
    household        TEXT NOT NULL DEFAULT ''   -- 户号
);
-- Each index is (key, name, community_code): an exact key reads its voters in name order and a
-- prefix reads them in (key, name) order, straight from the index, and "same community first"
-- filters on the index alone; a query stops after one page.
CREATE INDEX lookup_index_name ON lookup_index(name, community_code);
CREATE INDEX lookup_index_pinyin ON lookup_index(pinyin, name, community_code);
CREATE INDEX lookup_index_initials ON lookup_index(initials, name, community_code);
CREATE INDEX lookup_index_surname_initials ON lookup_index(surname_initials, name, community_code);
CREATE INDEX lookup_index_last4 ON lookup_index(id_last4, name, community_code);
CREATE INDEX lookup_index_last6 ON lookup_index(id_last6, name, community_code);
CREATE INDEX lookup_index_household ON lookup_index(household, name, community_code);

-- Name n-grams for "contains": every 1- and 2-character piece of a name that does not start it
-- (a piece at the start is a prefix, found through lookup_index_name). FTS5's trigram tokenizer
-- matches nothing under 3 characters, and most Chinese names have 2 or 3.
CREATE TABLE lookup_grams (
    gram           TEXT NOT NULL,
    name           TEXT NOT NULL,
    voter_id       INTEGER NOT NULL,
    community_code TEXT NOT NULL,
    PRIMARY KEY (gram, name, voter_id)
) WITHOUT ROWID;

-- When the index was last built in full and how many voters it held.
CREATE TABLE lookup_state (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    built_at TEXT NOT NULL,
    voters   INTEGER NOT NULL
);
