-- Candidates area: the election committee (选举委员会), relatives, the qualification review steps.
-- The candidates table itself is in 10_election.sql; candidates.review_status is the outcome of the steps here.

-- One election committee per community and how it was formed (推选).
CREATE TABLE election_committees (
    community_code TEXT PRIMARY KEY REFERENCES communities(code),
    formed_by      TEXT NOT NULL CHECK (formed_by IN ('residents_meeting', 'representatives_meeting',
                                                     'group_meetings')),
    formed_on      TEXT NOT NULL               -- ISO date
);

CREATE TABLE committee_members (
    id             INTEGER PRIMARY KEY,
    community_code TEXT NOT NULL REFERENCES election_committees(community_code),
    voter_id       INTEGER REFERENCES voters(id),
    name           TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('chair', 'vice_chair', 'member')),  -- 主任, 副主任, 委员
    status         TEXT NOT NULL DEFAULT 'serving' CHECK (status IN ('serving', 'stepped_down')),
    status_reason  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX committee_members_community ON committee_members(community_code);
CREATE INDEX committee_members_voter ON committee_members(voter_id);

-- Close relatives (近亲属) among voters: one row per pair, the smaller voter id first.
CREATE TABLE relatives (
    voter_a  INTEGER NOT NULL REFERENCES voters(id),
    voter_b  INTEGER NOT NULL REFERENCES voters(id),
    relation TEXT NOT NULL CHECK (relation IN ('spouse', 'parent_child', 'sibling', 'grandparent',
                                               'in_law', 'other')),
    CHECK (voter_a < voter_b),
    PRIMARY KEY (voter_a, voter_b)
);
CREATE INDEX relatives_b ON relatives(voter_b);

-- Each decision of the qualification review (资格审查): the community's, then the district's joint review (联审).
-- The latest decision of each step counts; earlier ones stay as the record.
CREATE TABLE candidate_reviews (
    id           INTEGER PRIMARY KEY,
    candidate_id INTEGER NOT NULL REFERENCES candidates(id),
    step         TEXT NOT NULL CHECK (step IN ('community', 'district')),
    status       TEXT NOT NULL CHECK (status IN ('passed', 'rejected')),
    reason       TEXT NOT NULL DEFAULT '',
    reviewer     TEXT NOT NULL,
    reviewed_at  TEXT NOT NULL
);
CREATE INDEX candidate_reviews_candidate ON candidate_reviews(candidate_id, step);
