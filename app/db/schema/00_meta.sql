-- Which election and which place or office this file belongs to.
CREATE TABLE file_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
