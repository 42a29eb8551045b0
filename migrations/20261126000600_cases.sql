-- Citizen feedback (phản ánh, kiến nghị): a case per piece of feedback, its
-- photos (Telegram file ids only, never bytes) and its history.

-- A citizen as staff see them: "Người dân #k". The number hides the chat id;
-- erasing the citizen deletes this row and leaves their cases anonymous.
CREATE TABLE case_citizens (
    no      INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL UNIQUE
) STRICT;

CREATE TABLE cases (
    id             INTEGER PRIMARY KEY,
    number         TEXT NOT NULL UNIQUE,               -- PA-YYMMDD-NNNN (domain::case::CaseNumber)
    opened_day     TEXT NOT NULL,                      -- the local day of the number, YYYY-MM-DD
    day_seq        INTEGER NOT NULL CHECK (day_seq BETWEEN 1 AND 9999),
    citizen_no     INTEGER REFERENCES case_citizens (no) ON DELETE SET NULL,
    subject        TEXT NOT NULL CHECK (subject IN ('dossier', 'agency', 'procedure', 'province')),
    dossier_id     INTEGER REFERENCES dossiers (id) ON DELETE SET NULL,
    procedure_code TEXT,
    -- The agency that holds the case now; NULL: the province's intake chat.
    agency_code    TEXT,
    kind           TEXT NOT NULL CHECK (kind IN ('delay', 'attitude', 'papers', 'proposal', 'other')),
    body           TEXT CHECK (length(body) <= 2000),  -- NULL once erased by retention
    language       TEXT NOT NULL CHECK (language IN ('vi', 'en', 'km')),
    publish        INTEGER NOT NULL CHECK (publish IN (0, 1)),
    held           INTEGER NOT NULL CHECK (held IN (0, 1)),   -- a flood: kept for review, not routed
    state          TEXT NOT NULL CHECK (state IN
                       ('received', 'acknowledged', 'forwarded', 'answered', 'reopened', 'closed', 'withdrawn')),
    assignee       INTEGER,                            -- the staff user who took it
    due_day        TEXT NOT NULL,                      -- the local day by which it is answered
    reopened       INTEGER NOT NULL DEFAULT 0 CHECK (reopened IN (0, 1)),
    answer         TEXT,
    answered_at    TEXT,
    rating         TEXT CHECK (rating IN ('satisfied', 'not_satisfied')),
    -- The case's message in its staff chat, which staff answer by replying to.
    staff_chat_id    INTEGER,
    staff_message_id INTEGER,
    opened_at      TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (opened_day, day_seq)
) STRICT;
CREATE INDEX cases_by_citizen ON cases (citizen_no, state);
CREATE INDEX cases_by_agency ON cases (agency_code, state, due_day);
CREATE INDEX cases_by_update ON cases (updated_at);
CREATE INDEX cases_by_staff_message ON cases (staff_chat_id, staff_message_id);

CREATE TABLE case_photos (
    case_id  INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position BETWEEN 1 AND 3),
    file_id  TEXT NOT NULL,
    PRIMARY KEY (case_id, position)
) STRICT;

-- Append-only: who did what to a case, and when.
CREATE TABLE case_events (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL CHECK (actor IN ('citizen', 'staff', 'admin', 'system')),
    actor_user INTEGER,                                -- the staff or admin user; never the citizen's
    action     TEXT NOT NULL,
    from_state TEXT,
    to_state   TEXT NOT NULL,
    note       TEXT
) STRICT;
CREATE INDEX case_events_by_case ON case_events (case_id, id);
