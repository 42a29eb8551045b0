-- Look-ups of codes not stored here, by anyone, kept for a minute: a budget
-- across all accounts, so that many accounts together cannot enumerate codes.
-- In the database, so that a restart resets nothing.
CREATE TABLE unknown_lookups (
    at TEXT NOT NULL
) STRICT;
CREATE INDEX unknown_lookups_by_time ON unknown_lookups (at);
