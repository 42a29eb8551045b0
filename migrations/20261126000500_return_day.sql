-- The rollup is keyed by the day the dossier was returned in Vietnam, which
-- the application computes (domain::moment::local_date) and stores with the
-- response: no query carries a time-zone offset. Responses stored before
-- this migration get their day once, here, from the offset of Vietnam
-- (UTC+7, no daylight saving), the rule the old triggers applied.
--
-- The rollup also counts each level among verified responses, for
-- `[index] counts = "verified"`. The per-response Circular 01 total (the
-- known indices scaled up to 18) is dropped: a total exists only when all
-- nine indices are measured, which the application decides from the nine
-- means (domain::satisfaction).
DROP TRIGGER responses_rollup_insert;
DROP TRIGGER responses_rollup_update;
DROP TRIGGER responses_rollup_delete;
ALTER TABLE responses DROP COLUMN total;
ALTER TABLE response_rollup DROP COLUMN total_sum;
ALTER TABLE response_rollup DROP COLUMN total_n;

ALTER TABLE responses ADD COLUMN return_day TEXT;   -- YYYY-MM-DD in Vietnam
UPDATE responses SET return_day = date(returned_at, '+7 hours');

ALTER TABLE response_rollup ADD COLUMN verified_very_satisfied INTEGER NOT NULL DEFAULT 0;
ALTER TABLE response_rollup ADD COLUMN verified_satisfied INTEGER NOT NULL DEFAULT 0;
ALTER TABLE response_rollup ADD COLUMN verified_neutral INTEGER NOT NULL DEFAULT 0;
ALTER TABLE response_rollup ADD COLUMN verified_not_satisfied INTEGER NOT NULL DEFAULT 0;
ALTER TABLE response_rollup ADD COLUMN verified_very_not_satisfied INTEGER NOT NULL DEFAULT 0;

DELETE FROM response_rollup;
INSERT INTO response_rollup (day, agency_code, procedure_code, commune_code, channel, responses, verified, very_satisfied, satisfied, neutral, not_satisfied, very_not_satisfied, verified_very_satisfied, verified_satisfied, verified_neutral, verified_not_satisfied, verified_very_not_satisfied, idx1_sum, idx1_n, idx2_sum, idx2_n, idx3_sum, idx3_n, idx4_sum, idx4_n, idx5_sum, idx5_n, idx6_sum, idx6_n, idx7_sum, idx7_n, idx8_sum, idx8_n, idx9_sum, idx9_n)
SELECT r.return_day, r.agency_code, r.procedure_code, coalesce(r.commune_code, '-'), r.channel,
    sum(1), sum(r.verified), sum((r.overall = 'very_satisfied')), sum((r.overall = 'satisfied')), sum((r.overall = 'neutral')), sum((r.overall = 'not_satisfied')), sum((r.overall = 'very_not_satisfied')), sum((r.verified AND r.overall = 'very_satisfied')), sum((r.verified AND r.overall = 'satisfied')), sum((r.verified AND r.overall = 'neutral')), sum((r.verified AND r.overall = 'not_satisfied')), sum((r.verified AND r.overall = 'very_not_satisfied')), sum(coalesce(r.idx1, 0)), sum((r.idx1 IS NOT NULL)), sum(coalesce(r.idx2, 0)), sum((r.idx2 IS NOT NULL)), sum(coalesce(r.idx3, 0)), sum((r.idx3 IS NOT NULL)), sum(coalesce(r.idx4, 0)), sum((r.idx4 IS NOT NULL)), sum(coalesce(r.idx5, 0)), sum((r.idx5 IS NOT NULL)), sum(coalesce(r.idx6, 0)), sum((r.idx6 IS NOT NULL)), sum(coalesce(r.idx7, 0)), sum((r.idx7 IS NOT NULL)), sum(coalesce(r.idx8, 0)), sum((r.idx8 IS NOT NULL)), sum(coalesce(r.idx9, 0)), sum((r.idx9 IS NOT NULL))
FROM responses r WHERE r.held = 0 AND r.superseded_by IS NULL
GROUP BY 1, 2, 3, 4, 5;

CREATE TRIGGER responses_rollup_insert AFTER INSERT ON responses BEGIN
    INSERT INTO response_rollup (day, agency_code, procedure_code, commune_code, channel, responses, verified, very_satisfied, satisfied, neutral, not_satisfied, very_not_satisfied, verified_very_satisfied, verified_satisfied, verified_neutral, verified_not_satisfied, verified_very_not_satisfied, idx1_sum, idx1_n, idx2_sum, idx2_n, idx3_sum, idx3_n, idx4_sum, idx4_n, idx5_sum, idx5_n, idx6_sum, idx6_n, idx7_sum, idx7_n, idx8_sum, idx8_n, idx9_sum, idx9_n)
    SELECT NEW.return_day, NEW.agency_code, NEW.procedure_code, coalesce(NEW.commune_code, '-'), NEW.channel, 1, NEW.verified, (NEW.overall = 'very_satisfied'), (NEW.overall = 'satisfied'), (NEW.overall = 'neutral'), (NEW.overall = 'not_satisfied'), (NEW.overall = 'very_not_satisfied'), (NEW.verified AND NEW.overall = 'very_satisfied'), (NEW.verified AND NEW.overall = 'satisfied'), (NEW.verified AND NEW.overall = 'neutral'), (NEW.verified AND NEW.overall = 'not_satisfied'), (NEW.verified AND NEW.overall = 'very_not_satisfied'), coalesce(NEW.idx1, 0), (NEW.idx1 IS NOT NULL), coalesce(NEW.idx2, 0), (NEW.idx2 IS NOT NULL), coalesce(NEW.idx3, 0), (NEW.idx3 IS NOT NULL), coalesce(NEW.idx4, 0), (NEW.idx4 IS NOT NULL), coalesce(NEW.idx5, 0), (NEW.idx5 IS NOT NULL), coalesce(NEW.idx6, 0), (NEW.idx6 IS NOT NULL), coalesce(NEW.idx7, 0), (NEW.idx7 IS NOT NULL), coalesce(NEW.idx8, 0), (NEW.idx8 IS NOT NULL), coalesce(NEW.idx9, 0), (NEW.idx9 IS NOT NULL)
    WHERE NEW.held = 0 AND NEW.superseded_by IS NULL
    ON CONFLICT (day, agency_code, procedure_code, commune_code, channel) DO UPDATE SET
        responses = responses + excluded.responses,
        verified = verified + excluded.verified,
        very_satisfied = very_satisfied + excluded.very_satisfied,
        satisfied = satisfied + excluded.satisfied,
        neutral = neutral + excluded.neutral,
        not_satisfied = not_satisfied + excluded.not_satisfied,
        very_not_satisfied = very_not_satisfied + excluded.very_not_satisfied,
        verified_very_satisfied = verified_very_satisfied + excluded.verified_very_satisfied,
        verified_satisfied = verified_satisfied + excluded.verified_satisfied,
        verified_neutral = verified_neutral + excluded.verified_neutral,
        verified_not_satisfied = verified_not_satisfied + excluded.verified_not_satisfied,
        verified_very_not_satisfied = verified_very_not_satisfied + excluded.verified_very_not_satisfied,
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
        idx9_n = idx9_n + excluded.idx9_n;
END;

CREATE TRIGGER responses_rollup_update AFTER UPDATE ON responses BEGIN
    INSERT INTO response_rollup (day, agency_code, procedure_code, commune_code, channel, responses, verified, very_satisfied, satisfied, neutral, not_satisfied, very_not_satisfied, verified_very_satisfied, verified_satisfied, verified_neutral, verified_not_satisfied, verified_very_not_satisfied, idx1_sum, idx1_n, idx2_sum, idx2_n, idx3_sum, idx3_n, idx4_sum, idx4_n, idx5_sum, idx5_n, idx6_sum, idx6_n, idx7_sum, idx7_n, idx8_sum, idx8_n, idx9_sum, idx9_n)
    SELECT OLD.return_day, OLD.agency_code, OLD.procedure_code, coalesce(OLD.commune_code, '-'), OLD.channel, -1, -OLD.verified, -(OLD.overall = 'very_satisfied'), -(OLD.overall = 'satisfied'), -(OLD.overall = 'neutral'), -(OLD.overall = 'not_satisfied'), -(OLD.overall = 'very_not_satisfied'), -(OLD.verified AND OLD.overall = 'very_satisfied'), -(OLD.verified AND OLD.overall = 'satisfied'), -(OLD.verified AND OLD.overall = 'neutral'), -(OLD.verified AND OLD.overall = 'not_satisfied'), -(OLD.verified AND OLD.overall = 'very_not_satisfied'), -coalesce(OLD.idx1, 0), -(OLD.idx1 IS NOT NULL), -coalesce(OLD.idx2, 0), -(OLD.idx2 IS NOT NULL), -coalesce(OLD.idx3, 0), -(OLD.idx3 IS NOT NULL), -coalesce(OLD.idx4, 0), -(OLD.idx4 IS NOT NULL), -coalesce(OLD.idx5, 0), -(OLD.idx5 IS NOT NULL), -coalesce(OLD.idx6, 0), -(OLD.idx6 IS NOT NULL), -coalesce(OLD.idx7, 0), -(OLD.idx7 IS NOT NULL), -coalesce(OLD.idx8, 0), -(OLD.idx8 IS NOT NULL), -coalesce(OLD.idx9, 0), -(OLD.idx9 IS NOT NULL)
    WHERE OLD.held = 0 AND OLD.superseded_by IS NULL
    ON CONFLICT (day, agency_code, procedure_code, commune_code, channel) DO UPDATE SET
        responses = responses + excluded.responses,
        verified = verified + excluded.verified,
        very_satisfied = very_satisfied + excluded.very_satisfied,
        satisfied = satisfied + excluded.satisfied,
        neutral = neutral + excluded.neutral,
        not_satisfied = not_satisfied + excluded.not_satisfied,
        very_not_satisfied = very_not_satisfied + excluded.very_not_satisfied,
        verified_very_satisfied = verified_very_satisfied + excluded.verified_very_satisfied,
        verified_satisfied = verified_satisfied + excluded.verified_satisfied,
        verified_neutral = verified_neutral + excluded.verified_neutral,
        verified_not_satisfied = verified_not_satisfied + excluded.verified_not_satisfied,
        verified_very_not_satisfied = verified_very_not_satisfied + excluded.verified_very_not_satisfied,
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
        idx9_n = idx9_n + excluded.idx9_n;
    INSERT INTO response_rollup (day, agency_code, procedure_code, commune_code, channel, responses, verified, very_satisfied, satisfied, neutral, not_satisfied, very_not_satisfied, verified_very_satisfied, verified_satisfied, verified_neutral, verified_not_satisfied, verified_very_not_satisfied, idx1_sum, idx1_n, idx2_sum, idx2_n, idx3_sum, idx3_n, idx4_sum, idx4_n, idx5_sum, idx5_n, idx6_sum, idx6_n, idx7_sum, idx7_n, idx8_sum, idx8_n, idx9_sum, idx9_n)
    SELECT NEW.return_day, NEW.agency_code, NEW.procedure_code, coalesce(NEW.commune_code, '-'), NEW.channel, 1, NEW.verified, (NEW.overall = 'very_satisfied'), (NEW.overall = 'satisfied'), (NEW.overall = 'neutral'), (NEW.overall = 'not_satisfied'), (NEW.overall = 'very_not_satisfied'), (NEW.verified AND NEW.overall = 'very_satisfied'), (NEW.verified AND NEW.overall = 'satisfied'), (NEW.verified AND NEW.overall = 'neutral'), (NEW.verified AND NEW.overall = 'not_satisfied'), (NEW.verified AND NEW.overall = 'very_not_satisfied'), coalesce(NEW.idx1, 0), (NEW.idx1 IS NOT NULL), coalesce(NEW.idx2, 0), (NEW.idx2 IS NOT NULL), coalesce(NEW.idx3, 0), (NEW.idx3 IS NOT NULL), coalesce(NEW.idx4, 0), (NEW.idx4 IS NOT NULL), coalesce(NEW.idx5, 0), (NEW.idx5 IS NOT NULL), coalesce(NEW.idx6, 0), (NEW.idx6 IS NOT NULL), coalesce(NEW.idx7, 0), (NEW.idx7 IS NOT NULL), coalesce(NEW.idx8, 0), (NEW.idx8 IS NOT NULL), coalesce(NEW.idx9, 0), (NEW.idx9 IS NOT NULL)
    WHERE NEW.held = 0 AND NEW.superseded_by IS NULL
    ON CONFLICT (day, agency_code, procedure_code, commune_code, channel) DO UPDATE SET
        responses = responses + excluded.responses,
        verified = verified + excluded.verified,
        very_satisfied = very_satisfied + excluded.very_satisfied,
        satisfied = satisfied + excluded.satisfied,
        neutral = neutral + excluded.neutral,
        not_satisfied = not_satisfied + excluded.not_satisfied,
        very_not_satisfied = very_not_satisfied + excluded.very_not_satisfied,
        verified_very_satisfied = verified_very_satisfied + excluded.verified_very_satisfied,
        verified_satisfied = verified_satisfied + excluded.verified_satisfied,
        verified_neutral = verified_neutral + excluded.verified_neutral,
        verified_not_satisfied = verified_not_satisfied + excluded.verified_not_satisfied,
        verified_very_not_satisfied = verified_very_not_satisfied + excluded.verified_very_not_satisfied,
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
        idx9_n = idx9_n + excluded.idx9_n;
END;

CREATE TRIGGER responses_rollup_delete AFTER DELETE ON responses BEGIN
    INSERT INTO response_rollup (day, agency_code, procedure_code, commune_code, channel, responses, verified, very_satisfied, satisfied, neutral, not_satisfied, very_not_satisfied, verified_very_satisfied, verified_satisfied, verified_neutral, verified_not_satisfied, verified_very_not_satisfied, idx1_sum, idx1_n, idx2_sum, idx2_n, idx3_sum, idx3_n, idx4_sum, idx4_n, idx5_sum, idx5_n, idx6_sum, idx6_n, idx7_sum, idx7_n, idx8_sum, idx8_n, idx9_sum, idx9_n)
    SELECT OLD.return_day, OLD.agency_code, OLD.procedure_code, coalesce(OLD.commune_code, '-'), OLD.channel, -1, -OLD.verified, -(OLD.overall = 'very_satisfied'), -(OLD.overall = 'satisfied'), -(OLD.overall = 'neutral'), -(OLD.overall = 'not_satisfied'), -(OLD.overall = 'very_not_satisfied'), -(OLD.verified AND OLD.overall = 'very_satisfied'), -(OLD.verified AND OLD.overall = 'satisfied'), -(OLD.verified AND OLD.overall = 'neutral'), -(OLD.verified AND OLD.overall = 'not_satisfied'), -(OLD.verified AND OLD.overall = 'very_not_satisfied'), -coalesce(OLD.idx1, 0), -(OLD.idx1 IS NOT NULL), -coalesce(OLD.idx2, 0), -(OLD.idx2 IS NOT NULL), -coalesce(OLD.idx3, 0), -(OLD.idx3 IS NOT NULL), -coalesce(OLD.idx4, 0), -(OLD.idx4 IS NOT NULL), -coalesce(OLD.idx5, 0), -(OLD.idx5 IS NOT NULL), -coalesce(OLD.idx6, 0), -(OLD.idx6 IS NOT NULL), -coalesce(OLD.idx7, 0), -(OLD.idx7 IS NOT NULL), -coalesce(OLD.idx8, 0), -(OLD.idx8 IS NOT NULL), -coalesce(OLD.idx9, 0), -(OLD.idx9 IS NOT NULL)
    WHERE OLD.held = 0 AND OLD.superseded_by IS NULL
    ON CONFLICT (day, agency_code, procedure_code, commune_code, channel) DO UPDATE SET
        responses = responses + excluded.responses,
        verified = verified + excluded.verified,
        very_satisfied = very_satisfied + excluded.very_satisfied,
        satisfied = satisfied + excluded.satisfied,
        neutral = neutral + excluded.neutral,
        not_satisfied = not_satisfied + excluded.not_satisfied,
        very_not_satisfied = very_not_satisfied + excluded.very_not_satisfied,
        verified_very_satisfied = verified_very_satisfied + excluded.verified_very_satisfied,
        verified_satisfied = verified_satisfied + excluded.verified_satisfied,
        verified_neutral = verified_neutral + excluded.verified_neutral,
        verified_not_satisfied = verified_not_satisfied + excluded.verified_not_satisfied,
        verified_very_not_satisfied = verified_very_not_satisfied + excluded.verified_very_not_satisfied,
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
        idx9_n = idx9_n + excluded.idx9_n;
END;

-- Decision 766 asks, of every dossier returned in the period, whether it drew
-- a counted "Không hài lòng": this partial index answers from the index alone.
CREATE INDEX responses_disliked ON responses (dossier_id)
    WHERE held = 0 AND superseded_by IS NULL AND overall IN ('not_satisfied', 'very_not_satisfied');

-- And which of them waited for the citizen (status 5 or 6), whose waits the
-- deadline rules then read.
CREATE INDEX dossier_events_waits ON dossier_events (dossier_id) WHERE status IN (5, 6);
