-- The election model: one election per file, its communities, places, contests, candidates.
CREATE TABLE election (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    district_name TEXT NOT NULL DEFAULT '',
    election_day  TEXT NOT NULL,           -- ISO date
    mode          TEXT NOT NULL CHECK (mode IN ('test', 'official')),
    rules         TEXT NOT NULL            -- JSON of app.election.rules.RuleSet
);

CREATE TABLE communities (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE resident_groups (
    id             INTEGER PRIMARY KEY,
    community_code TEXT NOT NULL REFERENCES communities(code),
    number         INTEGER NOT NULL,
    name           TEXT NOT NULL,
    UNIQUE (community_code, number)
);

CREATE TABLE households (
    id             INTEGER PRIMARY KEY,
    community_code TEXT NOT NULL REFERENCES communities(code),
    group_id       INTEGER REFERENCES resident_groups(id),
    number         TEXT NOT NULL,          -- 户号
    address        TEXT NOT NULL DEFAULT '',
    UNIQUE (community_code, number)
);
CREATE INDEX households_group ON households(group_id);

CREATE TABLE voting_places (
    code           TEXT PRIMARY KEY,
    community_code TEXT NOT NULL REFERENCES communities(code),
    kind           TEXT NOT NULL CHECK (kind IN ('central', 'station', 'mobile')),
    name           TEXT NOT NULL,
    address        TEXT NOT NULL DEFAULT ''
);

CREATE TABLE ballot_boxes (
    id         TEXT PRIMARY KEY,
    place_code TEXT NOT NULL REFERENCES voting_places(code),
    kind       TEXT NOT NULL CHECK (kind IN ('fixed', 'mobile')),
    name       TEXT NOT NULL
);

-- The resident groups each voting place serves.
CREATE TABLE place_groups (
    place_code TEXT NOT NULL REFERENCES voting_places(code),
    group_id   INTEGER NOT NULL REFERENCES resident_groups(id),
    PRIMARY KEY (place_code, group_id)
);
CREATE INDEX place_groups_group ON place_groups(group_id);

CREATE TABLE contests (
    id             TEXT PRIMARY KEY,
    community_code TEXT NOT NULL REFERENCES communities(code),
    kind           TEXT NOT NULL CHECK (kind IN ('committee', 'group_leader')),
    form           TEXT NOT NULL CHECK (form IN ('direct', 'household', 'representatives')),
    group_id       INTEGER REFERENCES resident_groups(id),
    name           TEXT NOT NULL,
    round          INTEGER NOT NULL DEFAULT 1,            -- 2 or more: a further round (另行选举)
    parent_contest TEXT REFERENCES contests(id)           -- the contest whose unfilled seats this round fills
);
CREATE INDEX contests_community ON contests(community_code);

CREATE TABLE positions (
    contest_id TEXT NOT NULL REFERENCES contests(id),
    id         TEXT NOT NULL,              -- director, deputy, member, leader, representative
    name       TEXT NOT NULL DEFAULT '',   -- empty: the official title for the id
    seats      INTEGER NOT NULL CHECK (seats > 0),
    rank       INTEGER NOT NULL,           -- 1 is the highest position (for aggregation)
    PRIMARY KEY (contest_id, id)
);

CREATE TABLE candidates (
    id            INTEGER PRIMARY KEY,
    contest_id    TEXT NOT NULL,
    position_id   TEXT NOT NULL,
    voter_id      INTEGER,                 -- the registered voter standing, when known
    name          TEXT NOT NULL,
    sex           TEXT NOT NULL CHECK (sex IN ('M', 'F')),
    birth_date    TEXT,
    ethnicity     TEXT NOT NULL DEFAULT '汉族',
    party         TEXT NOT NULL DEFAULT '',
    education     TEXT NOT NULL DEFAULT '',
    incumbent     INTEGER NOT NULL DEFAULT 0,
    review_status TEXT NOT NULL DEFAULT 'pending' CHECK (review_status IN ('pending', 'passed', 'rejected')),
    review_reason TEXT NOT NULL DEFAULT '',
    FOREIGN KEY (contest_id, position_id) REFERENCES positions(contest_id, id)
);
CREATE INDEX candidates_contest ON candidates(contest_id, position_id);

-- Unit (enterprise) representatives: chosen by consultation, recorded, not voted.
CREATE TABLE unit_representatives (
    id             INTEGER PRIMARY KEY,
    community_code TEXT NOT NULL REFERENCES communities(code),
    unit_name      TEXT NOT NULL,
    name           TEXT NOT NULL
);
