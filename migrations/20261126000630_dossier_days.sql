-- Decision 766 and index 2 read every returned dossier of the period: with
-- its history that was most of the time of an index over a million
-- responses. Instead each returned dossier's lateness is decided once, when
-- it is settled (store::dossier_days::decide, asking domain::deadline: the
-- one home of "late", in working days), and stored with it together with its
-- return day in Vietnam; triggers sum them per day and grouping here, as
-- response_rollup does for responses. No SQL here computes a time.
--
-- Dossiers returned before this migration are decided by the application
-- the first time it opens the database with its rules (Store::with_deadlines):
-- the working-day calendar is configuration, which SQL cannot read.
ALTER TABLE dossiers ADD COLUMN return_day TEXT;    -- YYYY-MM-DD in Vietnam; NULL unless returned
-- 0 on time or early, 1 late, 2 late with a Form 04 apology; NULL unless
-- returned (or returned before this migration and not yet decided).
ALTER TABLE dossiers ADD COLUMN lateness INTEGER CHECK (lateness IN (0, 1, 2));
-- Index 2: 1 when every step finished by the office's promise, 0 when one
-- did not; NULL without steps or unless returned.
ALTER TABLE dossiers ADD COLUMN steps_on_time INTEGER CHECK (steps_on_time IN (0, 1));
-- Drew a counted "Không hài lòng" (kept by the triggers on responses below).
ALTER TABLE dossiers ADD COLUMN disliked INTEGER NOT NULL DEFAULT 0 CHECK (disliked IN (0, 1));

UPDATE dossiers SET disliked = 1 WHERE id IN (
    SELECT dossier_id FROM responses WHERE held = 0 AND superseded_by IS NULL
        AND overall IN ('not_satisfied', 'very_not_satisfied'));

CREATE INDEX dossiers_undecided ON dossiers (id) WHERE status = 10 AND lateness IS NULL;

-- Returned dossiers per return day in Vietnam and grouping.
CREATE TABLE dossier_days (
    day             TEXT NOT NULL,
    agency_code     TEXT NOT NULL,
    procedure_code  TEXT NOT NULL,
    commune_code    TEXT NOT NULL,         -- '-' when unknown
    channel         TEXT NOT NULL,
    returned        INTEGER NOT NULL DEFAULT 0,
    late            INTEGER NOT NULL DEFAULT 0,
    late_apologized INTEGER NOT NULL DEFAULT 0,
    disliked        INTEGER NOT NULL DEFAULT 0,
    stepped         INTEGER NOT NULL DEFAULT 0,   -- returned with step times
    steps_on_time   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, agency_code, procedure_code, commune_code, channel)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER dossier_days_insert AFTER INSERT ON dossiers WHEN NEW.lateness IS NOT NULL BEGIN
    INSERT INTO dossier_days (day, agency_code, procedure_code, commune_code, channel, returned, late, late_apologized, disliked, stepped, steps_on_time)
    VALUES (NEW.return_day, NEW.agency_code, NEW.procedure_code, coalesce(NEW.commune_code, '-'), NEW.channel, 1, NEW.lateness > 0, NEW.lateness = 2, NEW.disliked, NEW.steps_on_time IS NOT NULL, coalesce(NEW.steps_on_time, 0))
    ON CONFLICT (day, agency_code, procedure_code, commune_code, channel) DO UPDATE SET
        returned = returned + excluded.returned, late = late + excluded.late,
        late_apologized = late_apologized + excluded.late_apologized, disliked = disliked + excluded.disliked,
        stepped = stepped + excluded.stepped, steps_on_time = steps_on_time + excluded.steps_on_time;
END;

CREATE TRIGGER dossier_days_update AFTER UPDATE OF return_day, lateness, steps_on_time, disliked, agency_code, procedure_code, commune_code, channel ON dossiers BEGIN
    INSERT INTO dossier_days (day, agency_code, procedure_code, commune_code, channel, returned, late, late_apologized, disliked, stepped, steps_on_time)
    SELECT OLD.return_day, OLD.agency_code, OLD.procedure_code, coalesce(OLD.commune_code, '-'), OLD.channel, -1, -(OLD.lateness > 0), -(OLD.lateness = 2), -OLD.disliked, -(OLD.steps_on_time IS NOT NULL), -coalesce(OLD.steps_on_time, 0)
    WHERE OLD.lateness IS NOT NULL
    ON CONFLICT (day, agency_code, procedure_code, commune_code, channel) DO UPDATE SET
        returned = returned + excluded.returned, late = late + excluded.late,
        late_apologized = late_apologized + excluded.late_apologized, disliked = disliked + excluded.disliked,
        stepped = stepped + excluded.stepped, steps_on_time = steps_on_time + excluded.steps_on_time;
    INSERT INTO dossier_days (day, agency_code, procedure_code, commune_code, channel, returned, late, late_apologized, disliked, stepped, steps_on_time)
    SELECT NEW.return_day, NEW.agency_code, NEW.procedure_code, coalesce(NEW.commune_code, '-'), NEW.channel, 1, NEW.lateness > 0, NEW.lateness = 2, NEW.disliked, NEW.steps_on_time IS NOT NULL, coalesce(NEW.steps_on_time, 0)
    WHERE NEW.lateness IS NOT NULL
    ON CONFLICT (day, agency_code, procedure_code, commune_code, channel) DO UPDATE SET
        returned = returned + excluded.returned, late = late + excluded.late,
        late_apologized = late_apologized + excluded.late_apologized, disliked = disliked + excluded.disliked,
        stepped = stepped + excluded.stepped, steps_on_time = steps_on_time + excluded.steps_on_time;
END;

CREATE TRIGGER dossier_days_delete AFTER DELETE ON dossiers WHEN OLD.lateness IS NOT NULL BEGIN
    INSERT INTO dossier_days (day, agency_code, procedure_code, commune_code, channel, returned, late, late_apologized, disliked, stepped, steps_on_time)
    VALUES (OLD.return_day, OLD.agency_code, OLD.procedure_code, coalesce(OLD.commune_code, '-'), OLD.channel, -1, -(OLD.lateness > 0), -(OLD.lateness = 2), -OLD.disliked, -(OLD.steps_on_time IS NOT NULL), -coalesce(OLD.steps_on_time, 0))
    ON CONFLICT (day, agency_code, procedure_code, commune_code, channel) DO UPDATE SET
        returned = returned + excluded.returned, late = late + excluded.late,
        late_apologized = late_apologized + excluded.late_apologized, disliked = disliked + excluded.disliked,
        stepped = stepped + excluded.stepped, steps_on_time = steps_on_time + excluded.steps_on_time;
END;

-- Whether a dossier drew a counted "Không hài lòng" follows its responses:
-- a response counts unless held for review or replaced.
CREATE TRIGGER responses_disliked_insert AFTER INSERT ON responses
WHEN NEW.held = 0 AND NEW.superseded_by IS NULL AND NEW.overall IN ('not_satisfied', 'very_not_satisfied') BEGIN
    UPDATE dossiers SET disliked = 1 WHERE id = NEW.dossier_id AND disliked = 0;
END;

CREATE TRIGGER responses_disliked_update AFTER UPDATE OF held, superseded_by, overall ON responses BEGIN
    UPDATE dossiers SET disliked = EXISTS (
        SELECT 1 FROM responses r WHERE r.dossier_id = dossiers.id AND r.held = 0 AND r.superseded_by IS NULL
            AND r.overall IN ('not_satisfied', 'very_not_satisfied'))
    WHERE id IN (OLD.dossier_id, NEW.dossier_id);
END;

CREATE TRIGGER responses_disliked_delete AFTER DELETE ON responses BEGIN
    UPDATE dossiers SET disliked = EXISTS (
        SELECT 1 FROM responses r WHERE r.dossier_id = dossiers.id AND r.held = 0 AND r.superseded_by IS NULL
            AND r.overall IN ('not_satisfied', 'very_not_satisfied'))
    WHERE id = OLD.dossier_id;
END;
