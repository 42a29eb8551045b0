-- Agencies that handle dossiers, with their names in each language the bot speaks.
CREATE TABLE agencies (
    code          TEXT PRIMARY KEY,
    name_vi       TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    name_km       TEXT NOT NULL,
    district_code TEXT,                  -- GSO code of the district-level unit; NULL for provincial bodies
    staff_chat_id INTEGER                -- where low ratings are posted (survey issue)
) STRICT;

-- Administrative procedures (TTHC) by national code.
CREATE TABLE procedures (
    code            TEXT PRIMARY KEY,
    name_vi         TEXT NOT NULL,
    name_en         TEXT NOT NULL,
    name_km         TEXT NOT NULL,
    sector          TEXT NOT NULL,
    processing_days INTEGER NOT NULL CHECK (processing_days >= 0)
) STRICT;

-- Dossiers: codes, dates and statuses only. No applicant names, ID numbers or phones.
CREATE TABLE dossiers (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,  -- upper case, as DossierCode::parse makes it
    procedure_code TEXT NOT NULL REFERENCES procedures (code),
    agency_code    TEXT NOT NULL REFERENCES agencies (code),
    district_code  TEXT,
    channel        TEXT NOT NULL CHECK (channel IN ('direct', 'online', 'postal')),
    received_at    TEXT NOT NULL,          -- RFC 3339, UTC
    due_at         TEXT NOT NULL,          -- promised return date (ngày hẹn trả), YYYY-MM-DD in Vietnam
    returned_at    TEXT,                   -- RFC 3339, UTC
    status         INTEGER NOT NULL CHECK (status BETWEEN 1 AND 10),
    status_at      TEXT NOT NULL,          -- when the current status was reached
    updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX dossiers_by_agency ON dossiers (agency_code);
CREATE INDEX dossiers_by_procedure ON dossiers (procedure_code);

-- Every status a dossier went through, from whichever source told us.
CREATE TABLE dossier_events (
    id         INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    event_id   TEXT,                       -- the sender's id; a repeat is accepted once
    status     INTEGER NOT NULL CHECK (status BETWEEN 1 AND 10),
    at         TEXT NOT NULL,
    note       TEXT,
    source     TEXT NOT NULL CHECK (source IN ('import', 'api', 'pull')),
    UNIQUE (dossier_id, event_id)
) STRICT;
CREATE INDEX dossier_events_by_dossier ON dossier_events (dossier_id, at);

-- Who follows which dossier; `verified` when they came through the receipt's signed link.
CREATE TABLE follows (
    user_id    INTEGER NOT NULL REFERENCES citizens (user_id) ON DELETE CASCADE,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    verified   INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, dossier_id)
) STRICT;
CREATE INDEX follows_by_dossier ON follows (dossier_id);

-- Messages to send away from any update, drained by the outbox worker.
-- state: pending -> sending -> sent | failed; 'sending' rows found at start-up
-- were in flight when the process stopped and become 'uncertain', never resent.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    chat_id     INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL,             -- JSON, rendered in the recipient's language when sent
    state       TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'uncertain')),
    not_before  TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    created_at  TEXT NOT NULL,
    done_at     TEXT
) STRICT;
CREATE INDEX outbox_due ON outbox (state, not_before);

-- Server-side secrets made on first start (the deep-link signing key), unless configured.
CREATE TABLE secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

ALTER TABLE citizens ADD COLUMN unreachable_since TEXT;  -- set on 403: blocked the bot or deleted the account
