-- Counting (计票) at a station: ballots entered one by one or tally-sheet totals, per contest and box, and the
-- certified result. SECRECY (无记名投票): no table here has a voter id, household, issuance sequence or time. A
-- counted ballot's key is random; the tables are WITHOUT ROWID so not even a hidden rowid keeps entry order.
-- The stack number (position in the box's pile as read out) exists only while a box is being counted and is
-- cleared when its double entry is reconciled and at certification.

-- How each box of a contest is counted: ballot by ballot or from a tally sheet (计票单), and its issued figure
-- when this file's poll book does not hold it (a box brought in from another station).
CREATE TABLE count_boxes (
    contest_id     TEXT NOT NULL REFERENCES contests(id),
    box_id         TEXT NOT NULL REFERENCES ballot_boxes(id),
    mode           TEXT NOT NULL DEFAULT 'ballots' CHECK (mode IN ('ballots', 'sheet')),
    double_entry   INTEGER NOT NULL DEFAULT 0 CHECK (double_entry IN (0, 1)),
    reconciled     INTEGER NOT NULL DEFAULT 0 CHECK (reconciled IN (0, 1)),  -- double entry compared, agreed
    issued_entered INTEGER CHECK (issued_entered >= 0),
    sheet          TEXT,                   -- JSON tally sheet: collected, invalid, votes per position
    PRIMARY KEY (contest_id, box_id)
) WITHOUT ROWID;

-- Counted ballots, in the engine's section form: {"position": ["name", ...] | {"names": [...], "undecided": true}}.
CREATE TABLE counted_ballots (
    ballot_id  TEXT NOT NULL PRIMARY KEY,  -- random and opaque: not sequential, no time in it
    contest_id TEXT NOT NULL REFERENCES contests(id),
    box_id     TEXT NOT NULL REFERENCES ballot_boxes(id),
    entry_pass INTEGER NOT NULL DEFAULT 1 CHECK (entry_pass IN (1, 2)),   -- 2: the second counter's entry
    stack_no   INTEGER CHECK (stack_no > 0),
    sections   TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('decided', 'undecided')),
    UNIQUE (contest_id, box_id, entry_pass, stack_no)
) WITHOUT ROWID;
CREATE INDEX counted_ballots_box ON counted_ballots(contest_id, box_id, entry_pass);

-- The certified result of a contest: canonical JSON and its SHA-256; nothing counted may change afterwards.
CREATE TABLE certified_results (
    contest_id   TEXT NOT NULL PRIMARY KEY REFERENCES contests(id),
    result       TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    certified_by TEXT NOT NULL,
    certified_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER certified_results_no_update BEFORE UPDATE ON certified_results
BEGIN
    SELECT RAISE(ABORT, 'certified results are read-only');
END;

CREATE TRIGGER certified_results_no_delete BEFORE DELETE ON certified_results
BEGIN
    SELECT RAISE(ABORT, 'certified results are read-only');
END;

CREATE TRIGGER counted_ballots_certified_insert BEFORE INSERT ON counted_ballots
WHEN EXISTS (SELECT 1 FROM certified_results WHERE contest_id = NEW.contest_id)
BEGIN
    SELECT RAISE(ABORT, 'certified results are read-only');
END;

CREATE TRIGGER counted_ballots_certified_update BEFORE UPDATE ON counted_ballots
WHEN EXISTS (SELECT 1 FROM certified_results WHERE contest_id IN (OLD.contest_id, NEW.contest_id))
BEGIN
    SELECT RAISE(ABORT, 'certified results are read-only');
END;

CREATE TRIGGER counted_ballots_certified_delete BEFORE DELETE ON counted_ballots
WHEN EXISTS (SELECT 1 FROM certified_results WHERE contest_id = OLD.contest_id)
BEGIN
    SELECT RAISE(ABORT, 'certified results are read-only');
END;

CREATE TRIGGER count_boxes_certified_insert BEFORE INSERT ON count_boxes
WHEN EXISTS (SELECT 1 FROM certified_results WHERE contest_id = NEW.contest_id)
BEGIN
    SELECT RAISE(ABORT, 'certified results are read-only');
END;

CREATE TRIGGER count_boxes_certified_update BEFORE UPDATE ON count_boxes
WHEN EXISTS (SELECT 1 FROM certified_results WHERE contest_id IN (OLD.contest_id, NEW.contest_id))
BEGIN
    SELECT RAISE(ABORT, 'certified results are read-only');
END;

CREATE TRIGGER count_boxes_certified_delete BEFORE DELETE ON count_boxes
WHEN EXISTS (SELECT 1 FROM certified_results WHERE contest_id = OLD.contest_id)
BEGIN
    SELECT RAISE(ABORT, 'certified results are read-only');
END;
