-- Every change to the voter register (四增四减, imports, duplicates resolved), with its reason and who made it.
CREATE TABLE register_changes (
    id       INTEGER PRIMARY KEY,
    time     TEXT NOT NULL,                -- ISO time with UTC offset
    action   TEXT NOT NULL CHECK (action IN ('import', 'add', 'remove', 'resolve_duplicate')),
    voter_id INTEGER REFERENCES voters(id),  -- NULL for a whole import
    reason   TEXT NOT NULL,                -- a code from app.register.maintenance (newly_18, died ...)
    note     TEXT NOT NULL DEFAULT '',     -- free text; never an ID number in clear
    actor    TEXT NOT NULL
);
CREATE INDEX register_changes_voter ON register_changes(voter_id);
