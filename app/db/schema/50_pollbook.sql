-- The poll book (选民签到/发票记录) of election day: poll states, issuance events, the state derived from them.
-- Secrecy: nothing here holds ballot content, and counting tables must share no key, order or time with it.

-- Each change of a station's poll state (setup -> open -> closed -> counting -> certified), append-only.
CREATE TABLE poll_state_changes (
    place_code TEXT NOT NULL,
    seq        INTEGER NOT NULL CHECK (seq > 0),
    previous   TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('setup', 'open', 'closed', 'counting', 'certified')),
    user_name  TEXT NOT NULL,
    time       TEXT NOT NULL,
    PRIMARY KEY (place_code, seq)
);

-- Every poll-book action as an append-only event keyed by (place_code, seq); current state is derived.
-- The poll book's tables are WITHOUT ROWID and carry only the indexes a query needs: an issuance then
-- writes three pages (audit entry, event, ballot), and on an encrypted file each page written costs its
-- encryption and MAC.
CREATE TABLE issuance_events (
    place_code     TEXT NOT NULL,          -- the voting place whose file recorded the event
    seq            INTEGER NOT NULL CHECK (seq > 0),
    event          TEXT NOT NULL CHECK (event IN (
                       'receive', 'issue', 'undo', 'spoil_exchange', 'mobile_out', 'mobile_unused',
                       'mobile_return')),
    contest_id     TEXT,
    voter_id       INTEGER,                -- whose ballot it is (the principal for a proxy ballot)
    household_id   INTEGER,                -- set for household-form contests
    ballot_kind    TEXT CHECK (ballot_kind IN ('in_person', 'proxy', 'mobile', 'household')),
    proxy_voter_id INTEGER,                -- the voter who holds the written authorisation
    auth_no        TEXT,                   -- number of the written authorisation (委托书编号)
    box_id         TEXT,
    count          INTEGER,                -- ballots received (receive), ballots found voted (mobile_return)
    clerk          TEXT NOT NULL,
    authorised_by  TEXT,                   -- the chief who allowed an exception (another place)
    time           TEXT NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    ref_place      TEXT,                   -- the issuing event an undo, spoil or unused return refers to
    ref_seq        INTEGER,
    PRIMARY KEY (place_code, seq)
) WITHOUT ROWID;

CREATE TRIGGER issuance_events_no_update BEFORE UPDATE ON issuance_events
BEGIN
    SELECT RAISE(ABORT, 'issuance events are append-only');
END;

CREATE TRIGGER issuance_events_no_delete BEFORE DELETE ON issuance_events
BEGIN
    SELECT RAISE(ABORT, 'issuance events are append-only');
END;

CREATE TRIGGER poll_state_changes_no_update BEFORE UPDATE ON poll_state_changes
BEGIN
    SELECT RAISE(ABORT, 'poll state changes are append-only');
END;

CREATE TRIGGER poll_state_changes_no_delete BEFORE DELETE ON poll_state_changes
BEGIN
    SELECT RAISE(ABORT, 'poll state changes are append-only');
END;

-- Active ballots, derived from issuance_events in the same transaction: one row per (voter, contest),
-- keyed voter first, as the desk and the lookup ask for a voter's ballots.
CREATE TABLE issuances (
    contest_id     TEXT NOT NULL,
    voter_id       INTEGER NOT NULL,
    household_id   INTEGER,                -- only for household-form contests: one ballot per household
    kind           TEXT NOT NULL CHECK (kind IN ('in_person', 'proxy', 'mobile', 'household')),
    proxy_voter_id INTEGER,
    auth_no        TEXT,
    box_id         TEXT,
    place_code     TEXT NOT NULL,          -- the issuing event
    seq            INTEGER NOT NULL,
    clerk          TEXT NOT NULL,
    time           TEXT NOT NULL,
    PRIMARY KEY (voter_id, contest_id),
    FOREIGN KEY (place_code, seq) REFERENCES issuance_events(place_code, seq)
) WITHOUT ROWID;
CREATE UNIQUE INDEX issuances_one_per_household ON issuances(contest_id, household_id)
    WHERE household_id IS NOT NULL;
CREATE INDEX issuances_proxy ON issuances(proxy_voter_id) WHERE proxy_voter_id IS NOT NULL;
