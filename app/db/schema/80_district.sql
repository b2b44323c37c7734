-- The district's merge (汇总): problems found across stations and how each was resolved, and the lock that
-- makes the merged results official. Once locked, no package may be imported into or removed from this file.

-- One decision per problem (second ballot in two places, one person registered in two communities, ...).
-- `problem_key` is the stable key the merge gives the problem; it never holds an ID number in clear.
CREATE TABLE district_problem_resolutions (
    id          INTEGER PRIMARY KEY,
    problem_key TEXT NOT NULL,
    resolution  TEXT NOT NULL,
    resolved_by TEXT NOT NULL,
    resolved_at TEXT NOT NULL
);
CREATE INDEX district_problem_resolutions_key ON district_problem_resolutions(problem_key);

-- The official lock: the merged results as canonical JSON and their SHA-256, at most one row, for ever.
CREATE TABLE district_results_lock (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    locked_by TEXT NOT NULL,
    locked_at TEXT NOT NULL,
    results   TEXT NOT NULL,
    sha256    TEXT NOT NULL
);

CREATE TRIGGER district_results_lock_no_update BEFORE UPDATE ON district_results_lock
BEGIN
    SELECT RAISE(ABORT, 'the district results are locked');
END;

CREATE TRIGGER district_results_lock_no_delete BEFORE DELETE ON district_results_lock
BEGIN
    SELECT RAISE(ABORT, 'the district results are locked');
END;

CREATE TRIGGER district_locked_no_import BEFORE INSERT ON imported_packages
WHEN EXISTS (SELECT 1 FROM district_results_lock)
BEGIN
    SELECT RAISE(ABORT, 'the district results are locked');
END;

CREATE TRIGGER district_locked_no_removal BEFORE DELETE ON imported_packages
WHEN EXISTS (SELECT 1 FROM district_results_lock)
BEGIN
    SELECT RAISE(ABORT, 'the district results are locked');
END;

-- No trigger on inserting into imported_rows: rows are only ever written by an import, in the same
-- transaction as their package's row in imported_packages, which the trigger above refuses once locked
-- (a trigger per row cost about a third of the rows' own insert time).

CREATE TRIGGER district_locked_no_row_change BEFORE UPDATE ON imported_rows
WHEN EXISTS (SELECT 1 FROM district_results_lock)
BEGIN
    SELECT RAISE(ABORT, 'the district results are locked');
END;

CREATE TRIGGER district_locked_no_row_removal BEFORE DELETE ON imported_rows
WHEN EXISTS (SELECT 1 FROM district_results_lock)
BEGIN
    SELECT RAISE(ABORT, 'the district results are locked');
END;

CREATE TRIGGER district_locked_no_resolution BEFORE INSERT ON district_problem_resolutions
WHEN EXISTS (SELECT 1 FROM district_results_lock)
BEGIN
    SELECT RAISE(ABORT, 'the district results are locked');
END;
