-- Roles given in the chat (/grant) or by `hailong roles grant`. The
-- configuration's admins and staff are not here: the file stays their home.
CREATE TABLE granted_roles (
    user_id      INTEGER PRIMARY KEY,
    role         TEXT NOT NULL CHECK (role IN ('staff', 'admin')),
    granted_by   INTEGER,                 -- the admin's user id; NULL: the operator (CLI)
    granted_at   TEXT NOT NULL
) STRICT;

-- A staff grant's agencies; none: every agency.
CREATE TABLE granted_agencies (
    user_id     INTEGER NOT NULL REFERENCES granted_roles (user_id) ON DELETE CASCADE,
    agency_code TEXT NOT NULL,
    PRIMARY KEY (user_id, agency_code)
) STRICT;

-- Every privileged action, append-only: the triggers refuse to change or
-- remove a row.
CREATE TABLE audit (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor_user INTEGER,                   -- NULL: the operator at the server (CLI)
    action     TEXT NOT NULL,
    target     TEXT,
    detail     TEXT
) STRICT;
CREATE INDEX audit_by_time ON audit (at);

CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
