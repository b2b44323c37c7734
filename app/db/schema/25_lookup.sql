-- The clerk's search index (查找选民), one row per voter, rebuilt from `voters` by
-- app.register.lookup_index. It holds no ID number: only the last 4 digits (as in the masked form)
-- and the last 6 (the birth day from birth_date followed by those 4).
-- It also holds what a found voter's row shows (`removed`, `shown`), so that a lookup reads one
-- row per voter found; the triggers below keep them in step with the register.
CREATE TABLE lookup_index (
    voter_id         INTEGER PRIMARY KEY,
    community_code   TEXT NOT NULL,
    name             TEXT NOT NULL,        -- the name as searched (clean_name)
    surname          TEXT NOT NULL,
    pinyin           TEXT NOT NULL,        -- zhangxiaoming: lowercase, the surname read as a surname
    initials         TEXT NOT NULL,        -- zxm
    surname_initials TEXT NOT NULL,        -- 张xm
    id_last4         TEXT NOT NULL,
    id_last6         TEXT NOT NULL,
    household        TEXT NOT NULL DEFAULT '',  -- 户号
    group_id         INTEGER,                    -- voters.group_id (for the triggers below)
    removed          INTEGER NOT NULL DEFAULT 0, -- voters.status = 'removed'
    -- What the found voter's row shows, in one text: the name as registered, the masked ID number, the
    -- group's name, the household number and the place (its own, else the group's first fixed place),
    -- joined by char(31), the unit separator (a space stands for one in all but the name)
    shown            TEXT NOT NULL DEFAULT ''
);
-- Each index is (key, name, community_code): an exact key reads its voters in name order and a
-- prefix reads them in (key, name) order, straight from the index, and "same community first"
-- filters on the index alone; a query stops after one page. The indexes of the commonest kinds
-- (name, full pinyin) also cover the shown row (voter_id first, so equal names keep voter order),
-- so a page of twenty is read from the index alone.
CREATE INDEX lookup_index_name ON lookup_index(name, community_code, voter_id, shown, removed);
CREATE INDEX lookup_index_pinyin ON lookup_index(pinyin, name, community_code, voter_id, shown, removed);
CREATE INDEX lookup_index_initials ON lookup_index(initials, name, community_code);
CREATE INDEX lookup_index_surname_initials ON lookup_index(surname_initials, name, community_code);
CREATE INDEX lookup_index_last4 ON lookup_index(id_last4, name, community_code);
CREATE INDEX lookup_index_last6 ON lookup_index(id_last6, name, community_code);
CREATE INDEX lookup_index_household ON lookup_index(household, name, community_code);
CREATE INDEX lookup_index_group ON lookup_index(group_id);

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

-- The shown row follows the register: each trigger works `shown` out again from the register through
-- this view, the same way app.register.lookup_index.build_lookup_index does (shown_text). A voter's
-- search keys (name, pinyin ...) are refreshed by app.register.lookup_index.index_voters, which writers
-- of names call.
CREATE VIEW lookup_shown AS
SELECT v.id AS voter_id,
       v.name || char(31) || v.id_masked || char(31) || replace(COALESCE(g.name, ''), char(31), ' ')
       || char(31) || replace(COALESCE(h.number, ''), char(31), ' ') || char(31)
       || replace(COALESCE(v.place_code, (SELECT pg.place_code FROM place_groups pg
                                         JOIN voting_places p ON p.code = pg.place_code
                                         WHERE pg.group_id = v.group_id
                                         ORDER BY p.kind = 'mobile', pg.place_code LIMIT 1), ''), char(31), ' ')
       AS shown
FROM voters v LEFT JOIN resident_groups g ON g.id = v.group_id LEFT JOIN households h ON h.id = v.household_id;

CREATE TRIGGER lookup_index_voter_changed AFTER UPDATE OF name, community_code, id_masked, group_id, household_id, place_code, status ON voters
BEGIN
    UPDATE lookup_index SET community_code = NEW.community_code, group_id = NEW.group_id,
        household = COALESCE((SELECT h.number FROM households h WHERE h.id = NEW.household_id), ''),
        removed = (NEW.status = 'removed'),
        shown = (SELECT s.shown FROM lookup_shown s WHERE s.voter_id = lookup_index.voter_id)
    WHERE voter_id = NEW.id;
END;

CREATE TRIGGER lookup_index_voter_deleted AFTER DELETE ON voters
BEGIN
    DELETE FROM lookup_index WHERE voter_id = OLD.id;
END;

CREATE TRIGGER lookup_index_group_renamed AFTER UPDATE OF name ON resident_groups
BEGIN
    UPDATE lookup_index SET shown = (SELECT s.shown FROM lookup_shown s WHERE s.voter_id = lookup_index.voter_id)
    WHERE group_id = NEW.id;
END;

CREATE TRIGGER lookup_index_household_renumbered AFTER UPDATE OF number ON households
BEGIN
    UPDATE lookup_index SET household = NEW.number, shown = (SELECT s.shown FROM lookup_shown s WHERE s.voter_id = lookup_index.voter_id)
    WHERE voter_id IN (SELECT v.id FROM voters v WHERE v.household_id = NEW.id);
END;

-- A group's place changes with place_groups and with a voting place's kind (a mobile box comes after the
-- fixed places).
CREATE TRIGGER lookup_index_place_group_added AFTER INSERT ON place_groups
BEGIN
    UPDATE lookup_index SET shown = (SELECT s.shown FROM lookup_shown s WHERE s.voter_id = lookup_index.voter_id)
    WHERE group_id = NEW.group_id;
END;

CREATE TRIGGER lookup_index_place_group_removed AFTER DELETE ON place_groups
BEGIN
    UPDATE lookup_index SET shown = (SELECT s.shown FROM lookup_shown s WHERE s.voter_id = lookup_index.voter_id)
    WHERE group_id = OLD.group_id;
END;

CREATE TRIGGER lookup_index_place_group_changed AFTER UPDATE ON place_groups
BEGIN
    UPDATE lookup_index SET shown = (SELECT s.shown FROM lookup_shown s WHERE s.voter_id = lookup_index.voter_id)
    WHERE group_id IN (OLD.group_id, NEW.group_id);
END;

CREATE TRIGGER lookup_index_place_kind_changed AFTER UPDATE OF code, kind ON voting_places
BEGIN
    UPDATE lookup_index SET shown = (SELECT s.shown FROM lookup_shown s WHERE s.voter_id = lookup_index.voter_id)
    WHERE group_id IN (SELECT pg.group_id FROM place_groups pg WHERE pg.place_code IN (OLD.code, NEW.code));
END;
