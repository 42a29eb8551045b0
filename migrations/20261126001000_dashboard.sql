-- The staff dashboard's logins. A login link is signed and says when it was
-- made; the table only remembers which links were opened, so that each
-- works once. Rows older than a link's life are deleted at the next login.
CREATE TABLE dashboard_used_links (
    link_id TEXT PRIMARY KEY,
    used_at TEXT NOT NULL
) STRICT;

-- A session opened by a login link. The cookie holds the session's id; the
-- table keeps only its SHA-256, so that reading the database does not give
-- a way in.
CREATE TABLE dashboard_sessions (
    id_hash    TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL,
    scope      TEXT,              -- JSON array of agency codes; NULL: every agency
    lang       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX dashboard_sessions_by_user ON dashboard_sessions (user_id);
