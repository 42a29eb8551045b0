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
CREATE INDEX dossiers_by_returned ON dossiers (returned_at) WHERE status = 10;

-- Where a survey conversation stands, per chat: the response being completed
-- and the question it is on.
CREATE TABLE survey_sessions (
    chat_id     INTEGER PRIMARY KEY,
    response_id INTEGER NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    step        TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

-- Counted responses summed per return day and grouping, kept by triggers, so
-- that the index over a million responses reads thousands of rows, not millions.
CREATE TABLE response_rollup (
    day            TEXT NOT NULL,        -- the return date in Vietnam
    agency_code    TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    district_code  TEXT NOT NULL,        -- '-' when unknown
    channel        TEXT NOT NULL,
    responses INTEGER NOT NULL DEFAULT 0,
    verified INTEGER NOT NULL DEFAULT 0,
    very_satisfied INTEGER NOT NULL DEFAULT 0,
    satisfied INTEGER NOT NULL DEFAULT 0,
    neutral INTEGER NOT NULL DEFAULT 0,
    not_satisfied INTEGER NOT NULL DEFAULT 0,
    very_not_satisfied INTEGER NOT NULL DEFAULT 0,
    idx1_sum INTEGER NOT NULL DEFAULT 0,
    idx1_n INTEGER NOT NULL DEFAULT 0,
    idx2_sum INTEGER NOT NULL DEFAULT 0,
    idx2_n INTEGER NOT NULL DEFAULT 0,
    idx3_sum INTEGER NOT NULL DEFAULT 0,
    idx3_n INTEGER NOT NULL DEFAULT 0,
    idx4_sum INTEGER NOT NULL DEFAULT 0,
    idx4_n INTEGER NOT NULL DEFAULT 0,
    idx5_sum INTEGER NOT NULL DEFAULT 0,
    idx5_n INTEGER NOT NULL DEFAULT 0,
    idx6_sum INTEGER NOT NULL DEFAULT 0,
    idx6_n INTEGER NOT NULL DEFAULT 0,
    idx7_sum INTEGER NOT NULL DEFAULT 0,
    idx7_n INTEGER NOT NULL DEFAULT 0,
    idx8_sum INTEGER NOT NULL DEFAULT 0,
    idx8_n INTEGER NOT NULL DEFAULT 0,
    idx9_sum INTEGER NOT NULL DEFAULT 0,
    idx9_n INTEGER NOT NULL DEFAULT 0,
    total_sum REAL NOT NULL DEFAULT 0,
    total_n INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, agency_code, procedure_code, district_code, channel)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER responses_rollup_insert AFTER INSERT ON responses BEGIN
    INSERT INTO response_rollup (day, agency_code, procedure_code, district_code, channel, responses, verified, very_satisfied, satisfied, neutral, not_satisfied, very_not_satisfied, idx1_sum, idx1_n, idx2_sum, idx2_n, idx3_sum, idx3_n, idx4_sum, idx4_n, idx5_sum, idx5_n, idx6_sum, idx6_n, idx7_sum, idx7_n, idx8_sum, idx8_n, idx9_sum, idx9_n, total_sum, total_n)
    SELECT date(NEW.returned_at, '+7 hours'), NEW.agency_code, NEW.procedure_code, coalesce(NEW.district_code, '-'), NEW.channel, 1, NEW.verified, (NEW.overall = 'very_satisfied'), (NEW.overall = 'satisfied'), (NEW.overall = 'neutral'), (NEW.overall = 'not_satisfied'), (NEW.overall = 'very_not_satisfied'), coalesce(NEW.idx1, 0), (NEW.idx1 IS NOT NULL), coalesce(NEW.idx2, 0), (NEW.idx2 IS NOT NULL), coalesce(NEW.idx3, 0), (NEW.idx3 IS NOT NULL), coalesce(NEW.idx4, 0), (NEW.idx4 IS NOT NULL), coalesce(NEW.idx5, 0), (NEW.idx5 IS NOT NULL), coalesce(NEW.idx6, 0), (NEW.idx6 IS NOT NULL), coalesce(NEW.idx7, 0), (NEW.idx7 IS NOT NULL), coalesce(NEW.idx8, 0), (NEW.idx8 IS NOT NULL), coalesce(NEW.idx9, 0), (NEW.idx9 IS NOT NULL), coalesce(NEW.total, 0), (NEW.total IS NOT NULL)
    WHERE NEW.held = 0 AND NEW.superseded_by IS NULL
    ON CONFLICT (day, agency_code, procedure_code, district_code, channel) DO UPDATE SET
        responses = responses + excluded.responses,
        verified = verified + excluded.verified,
        very_satisfied = very_satisfied + excluded.very_satisfied,
        satisfied = satisfied + excluded.satisfied,
        neutral = neutral + excluded.neutral,
        not_satisfied = not_satisfied + excluded.not_satisfied,
        very_not_satisfied = very_not_satisfied + excluded.very_not_satisfied,
        idx1_sum = idx1_sum + excluded.idx1_sum,
        idx1_n = idx1_n + excluded.idx1_n,
        idx2_sum = idx2_sum + excluded.idx2_sum,
        idx2_n = idx2_n + excluded.idx2_n,
        idx3_sum = idx3_sum + excluded.idx3_sum,
        idx3_n = idx3_n + excluded.idx3_n,
        idx4_sum = idx4_sum + excluded.idx4_sum,
        idx4_n = idx4_n + excluded.idx4_n,
        idx5_sum = idx5_sum + excluded.idx5_sum,
        idx5_n = idx5_n + excluded.idx5_n,
        idx6_sum = idx6_sum + excluded.idx6_sum,
        idx6_n = idx6_n + excluded.idx6_n,
        idx7_sum = idx7_sum + excluded.idx7_sum,
        idx7_n = idx7_n + excluded.idx7_n,
        idx8_sum = idx8_sum + excluded.idx8_sum,
        idx8_n = idx8_n + excluded.idx8_n,
        idx9_sum = idx9_sum + excluded.idx9_sum,
        idx9_n = idx9_n + excluded.idx9_n,
        total_sum = total_sum + excluded.total_sum,
        total_n = total_n + excluded.total_n;
END;

CREATE TRIGGER responses_rollup_update AFTER UPDATE ON responses BEGIN
    INSERT INTO response_rollup (day, agency_code, procedure_code, district_code, channel, responses, verified, very_satisfied, satisfied, neutral, not_satisfied, very_not_satisfied, idx1_sum, idx1_n, idx2_sum, idx2_n, idx3_sum, idx3_n, idx4_sum, idx4_n, idx5_sum, idx5_n, idx6_sum, idx6_n, idx7_sum, idx7_n, idx8_sum, idx8_n, idx9_sum, idx9_n, total_sum, total_n)
    SELECT date(OLD.returned_at, '+7 hours'), OLD.agency_code, OLD.procedure_code, coalesce(OLD.district_code, '-'), OLD.channel, -1, -OLD.verified, -(OLD.overall = 'very_satisfied'), -(OLD.overall = 'satisfied'), -(OLD.overall = 'neutral'), -(OLD.overall = 'not_satisfied'), -(OLD.overall = 'very_not_satisfied'), -coalesce(OLD.idx1, 0), -(OLD.idx1 IS NOT NULL), -coalesce(OLD.idx2, 0), -(OLD.idx2 IS NOT NULL), -coalesce(OLD.idx3, 0), -(OLD.idx3 IS NOT NULL), -coalesce(OLD.idx4, 0), -(OLD.idx4 IS NOT NULL), -coalesce(OLD.idx5, 0), -(OLD.idx5 IS NOT NULL), -coalesce(OLD.idx6, 0), -(OLD.idx6 IS NOT NULL), -coalesce(OLD.idx7, 0), -(OLD.idx7 IS NOT NULL), -coalesce(OLD.idx8, 0), -(OLD.idx8 IS NOT NULL), -coalesce(OLD.idx9, 0), -(OLD.idx9 IS NOT NULL), -coalesce(OLD.total, 0), -(OLD.total IS NOT NULL)
    WHERE OLD.held = 0 AND OLD.superseded_by IS NULL
    ON CONFLICT (day, agency_code, procedure_code, district_code, channel) DO UPDATE SET
        responses = responses + excluded.responses,
        verified = verified + excluded.verified,
        very_satisfied = very_satisfied + excluded.very_satisfied,
        satisfied = satisfied + excluded.satisfied,
        neutral = neutral + excluded.neutral,
        not_satisfied = not_satisfied + excluded.not_satisfied,
        very_not_satisfied = very_not_satisfied + excluded.very_not_satisfied,
        idx1_sum = idx1_sum + excluded.idx1_sum,
        idx1_n = idx1_n + excluded.idx1_n,
        idx2_sum = idx2_sum + excluded.idx2_sum,
        idx2_n = idx2_n + excluded.idx2_n,
        idx3_sum = idx3_sum + excluded.idx3_sum,
        idx3_n = idx3_n + excluded.idx3_n,
        idx4_sum = idx4_sum + excluded.idx4_sum,
        idx4_n = idx4_n + excluded.idx4_n,
        idx5_sum = idx5_sum + excluded.idx5_sum,
        idx5_n = idx5_n + excluded.idx5_n,
        idx6_sum = idx6_sum + excluded.idx6_sum,
        idx6_n = idx6_n + excluded.idx6_n,
        idx7_sum = idx7_sum + excluded.idx7_sum,
        idx7_n = idx7_n + excluded.idx7_n,
        idx8_sum = idx8_sum + excluded.idx8_sum,
        idx8_n = idx8_n + excluded.idx8_n,
        idx9_sum = idx9_sum + excluded.idx9_sum,
        idx9_n = idx9_n + excluded.idx9_n,
        total_sum = total_sum + excluded.total_sum,
        total_n = total_n + excluded.total_n;
    INSERT INTO response_rollup (day, agency_code, procedure_code, district_code, channel, responses, verified, very_satisfied, satisfied, neutral, not_satisfied, very_not_satisfied, idx1_sum, idx1_n, idx2_sum, idx2_n, idx3_sum, idx3_n, idx4_sum, idx4_n, idx5_sum, idx5_n, idx6_sum, idx6_n, idx7_sum, idx7_n, idx8_sum, idx8_n, idx9_sum, idx9_n, total_sum, total_n)
    SELECT date(NEW.returned_at, '+7 hours'), NEW.agency_code, NEW.procedure_code, coalesce(NEW.district_code, '-'), NEW.channel, 1, NEW.verified, (NEW.overall = 'very_satisfied'), (NEW.overall = 'satisfied'), (NEW.overall = 'neutral'), (NEW.overall = 'not_satisfied'), (NEW.overall = 'very_not_satisfied'), coalesce(NEW.idx1, 0), (NEW.idx1 IS NOT NULL), coalesce(NEW.idx2, 0), (NEW.idx2 IS NOT NULL), coalesce(NEW.idx3, 0), (NEW.idx3 IS NOT NULL), coalesce(NEW.idx4, 0), (NEW.idx4 IS NOT NULL), coalesce(NEW.idx5, 0), (NEW.idx5 IS NOT NULL), coalesce(NEW.idx6, 0), (NEW.idx6 IS NOT NULL), coalesce(NEW.idx7, 0), (NEW.idx7 IS NOT NULL), coalesce(NEW.idx8, 0), (NEW.idx8 IS NOT NULL), coalesce(NEW.idx9, 0), (NEW.idx9 IS NOT NULL), coalesce(NEW.total, 0), (NEW.total IS NOT NULL)
    WHERE NEW.held = 0 AND NEW.superseded_by IS NULL
    ON CONFLICT (day, agency_code, procedure_code, district_code, channel) DO UPDATE SET
        responses = responses + excluded.responses,
        verified = verified + excluded.verified,
        very_satisfied = very_satisfied + excluded.very_satisfied,
        satisfied = satisfied + excluded.satisfied,
        neutral = neutral + excluded.neutral,
        not_satisfied = not_satisfied + excluded.not_satisfied,
        very_not_satisfied = very_not_satisfied + excluded.very_not_satisfied,
        idx1_sum = idx1_sum + excluded.idx1_sum,
        idx1_n = idx1_n + excluded.idx1_n,
        idx2_sum = idx2_sum + excluded.idx2_sum,
        idx2_n = idx2_n + excluded.idx2_n,
        idx3_sum = idx3_sum + excluded.idx3_sum,
        idx3_n = idx3_n + excluded.idx3_n,
        idx4_sum = idx4_sum + excluded.idx4_sum,
        idx4_n = idx4_n + excluded.idx4_n,
        idx5_sum = idx5_sum + excluded.idx5_sum,
        idx5_n = idx5_n + excluded.idx5_n,
        idx6_sum = idx6_sum + excluded.idx6_sum,
        idx6_n = idx6_n + excluded.idx6_n,
        idx7_sum = idx7_sum + excluded.idx7_sum,
        idx7_n = idx7_n + excluded.idx7_n,
        idx8_sum = idx8_sum + excluded.idx8_sum,
        idx8_n = idx8_n + excluded.idx8_n,
        idx9_sum = idx9_sum + excluded.idx9_sum,
        idx9_n = idx9_n + excluded.idx9_n,
        total_sum = total_sum + excluded.total_sum,
        total_n = total_n + excluded.total_n;
END;

CREATE TRIGGER responses_rollup_delete AFTER DELETE ON responses BEGIN
    INSERT INTO response_rollup (day, agency_code, procedure_code, district_code, channel, responses, verified, very_satisfied, satisfied, neutral, not_satisfied, very_not_satisfied, idx1_sum, idx1_n, idx2_sum, idx2_n, idx3_sum, idx3_n, idx4_sum, idx4_n, idx5_sum, idx5_n, idx6_sum, idx6_n, idx7_sum, idx7_n, idx8_sum, idx8_n, idx9_sum, idx9_n, total_sum, total_n)
    SELECT date(OLD.returned_at, '+7 hours'), OLD.agency_code, OLD.procedure_code, coalesce(OLD.district_code, '-'), OLD.channel, -1, -OLD.verified, -(OLD.overall = 'very_satisfied'), -(OLD.overall = 'satisfied'), -(OLD.overall = 'neutral'), -(OLD.overall = 'not_satisfied'), -(OLD.overall = 'very_not_satisfied'), -coalesce(OLD.idx1, 0), -(OLD.idx1 IS NOT NULL), -coalesce(OLD.idx2, 0), -(OLD.idx2 IS NOT NULL), -coalesce(OLD.idx3, 0), -(OLD.idx3 IS NOT NULL), -coalesce(OLD.idx4, 0), -(OLD.idx4 IS NOT NULL), -coalesce(OLD.idx5, 0), -(OLD.idx5 IS NOT NULL), -coalesce(OLD.idx6, 0), -(OLD.idx6 IS NOT NULL), -coalesce(OLD.idx7, 0), -(OLD.idx7 IS NOT NULL), -coalesce(OLD.idx8, 0), -(OLD.idx8 IS NOT NULL), -coalesce(OLD.idx9, 0), -(OLD.idx9 IS NOT NULL), -coalesce(OLD.total, 0), -(OLD.total IS NOT NULL)
    WHERE OLD.held = 0 AND OLD.superseded_by IS NULL
    ON CONFLICT (day, agency_code, procedure_code, district_code, channel) DO UPDATE SET
        responses = responses + excluded.responses,
        verified = verified + excluded.verified,
        very_satisfied = very_satisfied + excluded.very_satisfied,
        satisfied = satisfied + excluded.satisfied,
        neutral = neutral + excluded.neutral,
        not_satisfied = not_satisfied + excluded.not_satisfied,
        very_not_satisfied = very_not_satisfied + excluded.very_not_satisfied,
        idx1_sum = idx1_sum + excluded.idx1_sum,
        idx1_n = idx1_n + excluded.idx1_n,
        idx2_sum = idx2_sum + excluded.idx2_sum,
        idx2_n = idx2_n + excluded.idx2_n,
        idx3_sum = idx3_sum + excluded.idx3_sum,
        idx3_n = idx3_n + excluded.idx3_n,
        idx4_sum = idx4_sum + excluded.idx4_sum,
        idx4_n = idx4_n + excluded.idx4_n,
        idx5_sum = idx5_sum + excluded.idx5_sum,
        idx5_n = idx5_n + excluded.idx5_n,
        idx6_sum = idx6_sum + excluded.idx6_sum,
        idx6_n = idx6_n + excluded.idx6_n,
        idx7_sum = idx7_sum + excluded.idx7_sum,
        idx7_n = idx7_n + excluded.idx7_n,
        idx8_sum = idx8_sum + excluded.idx8_sum,
        idx8_n = idx8_n + excluded.idx8_n,
        idx9_sum = idx9_sum + excluded.idx9_sum,
        idx9_n = idx9_n + excluded.idx9_n,
        total_sum = total_sum + excluded.total_sum,
        total_n = total_n + excluded.total_n;
END;
