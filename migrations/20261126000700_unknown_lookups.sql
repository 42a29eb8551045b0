-- Look-ups of codes not stored here, kept for a minute: a budget across all
-- accounts, so that many accounts together cannot enumerate codes; and who
-- made them, so that once it is spent those accounts cannot go on probing
-- with codes that exist. In the database, so that a restart resets nothing.
CREATE TABLE unknown_lookups (
    user_id INTEGER NOT NULL,
    at      TEXT NOT NULL
) STRICT;
CREATE INDEX unknown_lookups_by_time ON unknown_lookups (at);
CREATE INDEX unknown_lookups_by_user ON unknown_lookups (user_id);
