-- One invitation per dossier and follower, and at most one reminder.
CREATE TABLE survey_invites (
    dossier_id  INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    chat_id     INTEGER NOT NULL,
    invited_at  TEXT NOT NULL,
    reminded_at TEXT,
    PRIMARY KEY (dossier_id, chat_id)
) STRICT;

-- Satisfaction responses. A response replaced within the replace window keeps
-- its row (history) and points at its successor; only rows with
-- superseded_by IS NULL AND held = 0 count in the index.
CREATE TABLE responses (
    id            INTEGER PRIMARY KEY,
    dossier_id    INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL,
    verified      INTEGER NOT NULL CHECK (verified IN (0, 1)),   -- reached through the receipt's signed link
    held          INTEGER NOT NULL CHECK (held IN (0, 1)),       -- over the daily limit: kept for review, not counted
    superseded_by INTEGER REFERENCES responses (id),
    scale         INTEGER NOT NULL CHECK (scale IN (3, 5)),
    overall       TEXT NOT NULL CHECK (overall IN
                      ('very_satisfied', 'satisfied', 'neutral', 'not_satisfied', 'very_not_satisfied')),
    convenience   TEXT CHECK (convenience IN
                      ('very_satisfied', 'satisfied', 'neutral', 'not_satisfied', 'very_not_satisfied')),
    attitude      TEXT CHECK (attitude IN
                      ('very_satisfied', 'satisfied', 'neutral', 'not_satisfied', 'very_not_satisfied')),
    agencies      INTEGER CHECK (agencies BETWEEN 0 AND 2),  -- index 4 as the citizen answers it
    went_well     TEXT,                  -- comma-separated chips: time, attitude, procedure, information, result
    went_badly    TEXT,
    comment       TEXT CHECK (length(comment) <= 1000),
    -- Circular 01/2018 indices, 0..2; NULL where neither history nor answer says.
    idx1 INTEGER, idx2 INTEGER, idx3 INTEGER, idx4 INTEGER, idx5 INTEGER,
    idx6 INTEGER, idx7 INTEGER, idx8 INTEGER, idx9 INTEGER,
    total         REAL,                  -- the known indices scaled to 0..18
    -- Copied from the dossier when the response is made, so that the index
    -- groups a million responses without a join.
    agency_code    TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    district_code  TEXT,
    channel        TEXT NOT NULL,
    returned_at    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX responses_by_dossier ON responses (dossier_id, user_id);
CREATE INDEX responses_by_user_day ON responses (user_id, created_at);
CREATE INDEX responses_by_returned ON responses (returned_at);
CREATE INDEX dossiers_by_returned ON dossiers (returned_at) WHERE status = 10;

-- Where a survey conversation stands, per chat: the response being completed
-- and the question it is on.
CREATE TABLE survey_sessions (
    chat_id     INTEGER PRIMARY KEY,
    response_id INTEGER NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    step        TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
