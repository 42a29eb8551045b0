-- Circular 01's scores move from a column per index (responses.idx1..idx9,
-- response_rollup.idxN_sum and idxN_n, with trigger arithmetic per column)
-- into rows keyed by the index's number: `response_scores` holds one score
-- of one response, `index_rollup` sums the scores of counted responses per
-- return day, grouping and index. An index added to
-- domain::satisfaction::INDICES then needs no column and no trigger here.
-- The level counts stay in response_rollup. As before, no SQL computes a
-- time: the day is responses.return_day, computed by the application.

-- The old triggers name the idx columns, which cannot be dropped under them.
DROP TRIGGER responses_rollup_insert;
DROP TRIGGER responses_rollup_update;
DROP TRIGGER responses_rollup_delete;

-- One score 0..2 of one response for the index_no-th index of INDICES. A
-- response's user may be erased (/forget): its scores stay with it.
CREATE TABLE response_scores (
    response_id INTEGER NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    index_no    INTEGER NOT NULL CHECK (index_no >= 1),
    score       INTEGER NOT NULL CHECK (score BETWEEN 0 AND 2),
    PRIMARY KEY (response_id, index_no)
) STRICT, WITHOUT ROWID;

INSERT INTO response_scores (response_id, index_no, score)
          SELECT id, 1, idx1 FROM responses WHERE idx1 IS NOT NULL
UNION ALL SELECT id, 2, idx2 FROM responses WHERE idx2 IS NOT NULL
UNION ALL SELECT id, 3, idx3 FROM responses WHERE idx3 IS NOT NULL
UNION ALL SELECT id, 4, idx4 FROM responses WHERE idx4 IS NOT NULL
UNION ALL SELECT id, 5, idx5 FROM responses WHERE idx5 IS NOT NULL
UNION ALL SELECT id, 6, idx6 FROM responses WHERE idx6 IS NOT NULL
UNION ALL SELECT id, 7, idx7 FROM responses WHERE idx7 IS NOT NULL
UNION ALL SELECT id, 8, idx8 FROM responses WHERE idx8 IS NOT NULL
UNION ALL SELECT id, 9, idx9 FROM responses WHERE idx9 IS NOT NULL;

-- The scores of counted responses (held = 0, superseded_by IS NULL) summed
-- per return day in Vietnam, grouping and index, kept by the triggers below,
-- so that the index reads days × groups × indices rows, not every score.
CREATE TABLE index_rollup (
    day            TEXT NOT NULL,
    agency_code    TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    commune_code   TEXT NOT NULL,        -- '-' when unknown
    channel        TEXT NOT NULL,
    index_no       INTEGER NOT NULL,
    score_sum      INTEGER NOT NULL DEFAULT 0,
    scored         INTEGER NOT NULL DEFAULT 0,   -- how many counted responses carry a score
    PRIMARY KEY (day, agency_code, procedure_code, commune_code, channel, index_no)
) STRICT, WITHOUT ROWID;

INSERT INTO index_rollup (day, agency_code, procedure_code, commune_code, channel, index_no, score_sum, scored)
SELECT r.return_day, r.agency_code, r.procedure_code, coalesce(r.commune_code, '-'), r.channel, s.index_no,
       sum(s.score), count(*)
FROM response_scores s JOIN responses r ON r.id = s.response_id
WHERE r.held = 0 AND r.superseded_by IS NULL
GROUP BY 1, 2, 3, 4, 5, 6;

ALTER TABLE responses DROP COLUMN idx1;
ALTER TABLE responses DROP COLUMN idx2;
ALTER TABLE responses DROP COLUMN idx3;
ALTER TABLE responses DROP COLUMN idx4;
ALTER TABLE responses DROP COLUMN idx5;
ALTER TABLE responses DROP COLUMN idx6;
ALTER TABLE responses DROP COLUMN idx7;
ALTER TABLE responses DROP COLUMN idx8;
ALTER TABLE responses DROP COLUMN idx9;
ALTER TABLE response_rollup DROP COLUMN idx1_sum;
ALTER TABLE response_rollup DROP COLUMN idx1_n;
ALTER TABLE response_rollup DROP COLUMN idx2_sum;
ALTER TABLE response_rollup DROP COLUMN idx2_n;
ALTER TABLE response_rollup DROP COLUMN idx3_sum;
ALTER TABLE response_rollup DROP COLUMN idx3_n;
ALTER TABLE response_rollup DROP COLUMN idx4_sum;
ALTER TABLE response_rollup DROP COLUMN idx4_n;
ALTER TABLE response_rollup DROP COLUMN idx5_sum;
ALTER TABLE response_rollup DROP COLUMN idx5_n;
ALTER TABLE response_rollup DROP COLUMN idx6_sum;
ALTER TABLE response_rollup DROP COLUMN idx6_n;
ALTER TABLE response_rollup DROP COLUMN idx7_sum;
ALTER TABLE response_rollup DROP COLUMN idx7_n;
ALTER TABLE response_rollup DROP COLUMN idx8_sum;
ALTER TABLE response_rollup DROP COLUMN idx8_n;
ALTER TABLE response_rollup DROP COLUMN idx9_sum;
ALTER TABLE response_rollup DROP COLUMN idx9_n;

-- The level counts, as before without the scores. An update moves the
-- counts only when it changes what they read: an answer to an optional
-- question, a comment or an erased user leaves them be.
CREATE TRIGGER responses_rollup_insert AFTER INSERT ON responses BEGIN
    INSERT INTO response_rollup (day, agency_code, procedure_code, commune_code, channel, responses, verified, very_satisfied, satisfied, neutral, not_satisfied, very_not_satisfied, verified_very_satisfied, verified_satisfied, verified_neutral, verified_not_satisfied, verified_very_not_satisfied)
    SELECT NEW.return_day, NEW.agency_code, NEW.procedure_code, coalesce(NEW.commune_code, '-'), NEW.channel, 1, NEW.verified, (NEW.overall = 'very_satisfied'), (NEW.overall = 'satisfied'), (NEW.overall = 'neutral'), (NEW.overall = 'not_satisfied'), (NEW.overall = 'very_not_satisfied'), (NEW.verified AND NEW.overall = 'very_satisfied'), (NEW.verified AND NEW.overall = 'satisfied'), (NEW.verified AND NEW.overall = 'neutral'), (NEW.verified AND NEW.overall = 'not_satisfied'), (NEW.verified AND NEW.overall = 'very_not_satisfied')
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
        verified_very_not_satisfied = verified_very_not_satisfied + excluded.verified_very_not_satisfied;
END;
CREATE TRIGGER responses_rollup_update
    AFTER UPDATE OF held, superseded_by, verified, overall, return_day, agency_code, procedure_code, commune_code, channel
    ON responses BEGIN
    INSERT INTO response_rollup (day, agency_code, procedure_code, commune_code, channel, responses, verified, very_satisfied, satisfied, neutral, not_satisfied, very_not_satisfied, verified_very_satisfied, verified_satisfied, verified_neutral, verified_not_satisfied, verified_very_not_satisfied)
    SELECT OLD.return_day, OLD.agency_code, OLD.procedure_code, coalesce(OLD.commune_code, '-'), OLD.channel, -1, -OLD.verified, -(OLD.overall = 'very_satisfied'), -(OLD.overall = 'satisfied'), -(OLD.overall = 'neutral'), -(OLD.overall = 'not_satisfied'), -(OLD.overall = 'very_not_satisfied'), -(OLD.verified AND OLD.overall = 'very_satisfied'), -(OLD.verified AND OLD.overall = 'satisfied'), -(OLD.verified AND OLD.overall = 'neutral'), -(OLD.verified AND OLD.overall = 'not_satisfied'), -(OLD.verified AND OLD.overall = 'very_not_satisfied')
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
        verified_very_not_satisfied = verified_very_not_satisfied + excluded.verified_very_not_satisfied;
    INSERT INTO response_rollup (day, agency_code, procedure_code, commune_code, channel, responses, verified, very_satisfied, satisfied, neutral, not_satisfied, very_not_satisfied, verified_very_satisfied, verified_satisfied, verified_neutral, verified_not_satisfied, verified_very_not_satisfied)
    SELECT NEW.return_day, NEW.agency_code, NEW.procedure_code, coalesce(NEW.commune_code, '-'), NEW.channel, 1, NEW.verified, (NEW.overall = 'very_satisfied'), (NEW.overall = 'satisfied'), (NEW.overall = 'neutral'), (NEW.overall = 'not_satisfied'), (NEW.overall = 'very_not_satisfied'), (NEW.verified AND NEW.overall = 'very_satisfied'), (NEW.verified AND NEW.overall = 'satisfied'), (NEW.verified AND NEW.overall = 'neutral'), (NEW.verified AND NEW.overall = 'not_satisfied'), (NEW.verified AND NEW.overall = 'very_not_satisfied')
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
        verified_very_not_satisfied = verified_very_not_satisfied + excluded.verified_very_not_satisfied;
END;
CREATE TRIGGER responses_rollup_delete AFTER DELETE ON responses BEGIN
    INSERT INTO response_rollup (day, agency_code, procedure_code, commune_code, channel, responses, verified, very_satisfied, satisfied, neutral, not_satisfied, very_not_satisfied, verified_very_satisfied, verified_satisfied, verified_neutral, verified_not_satisfied, verified_very_not_satisfied)
    SELECT OLD.return_day, OLD.agency_code, OLD.procedure_code, coalesce(OLD.commune_code, '-'), OLD.channel, -1, -OLD.verified, -(OLD.overall = 'very_satisfied'), -(OLD.overall = 'satisfied'), -(OLD.overall = 'neutral'), -(OLD.overall = 'not_satisfied'), -(OLD.overall = 'very_not_satisfied'), -(OLD.verified AND OLD.overall = 'very_satisfied'), -(OLD.verified AND OLD.overall = 'satisfied'), -(OLD.verified AND OLD.overall = 'neutral'), -(OLD.verified AND OLD.overall = 'not_satisfied'), -(OLD.verified AND OLD.overall = 'very_not_satisfied')
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
        verified_very_not_satisfied = verified_very_not_satisfied + excluded.verified_very_not_satisfied;
END;

-- A score of a counted response moves its index's rollup row when it is
-- written, changed or removed.
CREATE TRIGGER response_scores_insert AFTER INSERT ON response_scores BEGIN
    INSERT INTO index_rollup (day, agency_code, procedure_code, commune_code, channel, index_no, score_sum, scored)
    SELECT r.return_day, r.agency_code, r.procedure_code, coalesce(r.commune_code, '-'), r.channel, NEW.index_no, NEW.score, 1
    FROM responses r WHERE r.id = NEW.response_id AND r.held = 0 AND r.superseded_by IS NULL
    ON CONFLICT (day, agency_code, procedure_code, commune_code, channel, index_no) DO UPDATE SET
        score_sum = score_sum + excluded.score_sum,
        scored = scored + excluded.scored;
END;

CREATE TRIGGER response_scores_update AFTER UPDATE ON response_scores BEGIN
    INSERT INTO index_rollup (day, agency_code, procedure_code, commune_code, channel, index_no, score_sum, scored)
    SELECT r.return_day, r.agency_code, r.procedure_code, coalesce(r.commune_code, '-'), r.channel, OLD.index_no, -OLD.score, -1
    FROM responses r WHERE r.id = OLD.response_id AND r.held = 0 AND r.superseded_by IS NULL
    ON CONFLICT (day, agency_code, procedure_code, commune_code, channel, index_no) DO UPDATE SET
        score_sum = score_sum + excluded.score_sum,
        scored = scored + excluded.scored;
    INSERT INTO index_rollup (day, agency_code, procedure_code, commune_code, channel, index_no, score_sum, scored)
    SELECT r.return_day, r.agency_code, r.procedure_code, coalesce(r.commune_code, '-'), r.channel, NEW.index_no, NEW.score, 1
    FROM responses r WHERE r.id = NEW.response_id AND r.held = 0 AND r.superseded_by IS NULL
    ON CONFLICT (day, agency_code, procedure_code, commune_code, channel, index_no) DO UPDATE SET
        score_sum = score_sum + excluded.score_sum,
        scored = scored + excluded.scored;
END;

CREATE TRIGGER response_scores_delete AFTER DELETE ON response_scores BEGIN
    INSERT INTO index_rollup (day, agency_code, procedure_code, commune_code, channel, index_no, score_sum, scored)
    SELECT r.return_day, r.agency_code, r.procedure_code, coalesce(r.commune_code, '-'), r.channel, OLD.index_no, -OLD.score, -1
    FROM responses r WHERE r.id = OLD.response_id AND r.held = 0 AND r.superseded_by IS NULL
    ON CONFLICT (day, agency_code, procedure_code, commune_code, channel, index_no) DO UPDATE SET
        score_sum = score_sum + excluded.score_sum,
        scored = scored + excluded.scored;
END;

-- A response that stops or starts counting (held, released, replaced) or
-- moves (another day, agency, procedure, commune or channel) moves all its
-- scores, whatever indices they are.
CREATE TRIGGER responses_scores_move
    AFTER UPDATE OF held, superseded_by, return_day, agency_code, procedure_code, commune_code, channel
    ON responses BEGIN
    INSERT INTO index_rollup (day, agency_code, procedure_code, commune_code, channel, index_no, score_sum, scored)
    SELECT OLD.return_day, OLD.agency_code, OLD.procedure_code, coalesce(OLD.commune_code, '-'), OLD.channel, s.index_no, -s.score, -1
    FROM response_scores s WHERE s.response_id = OLD.id AND OLD.held = 0 AND OLD.superseded_by IS NULL
    ON CONFLICT (day, agency_code, procedure_code, commune_code, channel, index_no) DO UPDATE SET
        score_sum = score_sum + excluded.score_sum,
        scored = scored + excluded.scored;
    INSERT INTO index_rollup (day, agency_code, procedure_code, commune_code, channel, index_no, score_sum, scored)
    SELECT NEW.return_day, NEW.agency_code, NEW.procedure_code, coalesce(NEW.commune_code, '-'), NEW.channel, s.index_no, s.score, 1
    FROM response_scores s WHERE s.response_id = NEW.id AND NEW.held = 0 AND NEW.superseded_by IS NULL
    ON CONFLICT (day, agency_code, procedure_code, commune_code, channel, index_no) DO UPDATE SET
        score_sum = score_sum + excluded.score_sum,
        scored = scored + excluded.scored;
END;

-- A response removed (with its dossier) takes its scores with it, through
-- the trigger above that subtracts them while the response is still there
-- to say where they were counted.
CREATE TRIGGER responses_scores_delete BEFORE DELETE ON responses BEGIN
    DELETE FROM response_scores WHERE response_id = OLD.id;
END;
