-- The deadline job's reminders and escalations, each sent once per deadline:
-- a reopened case gets a new due day, and with it its reminders again.
CREATE TABLE case_alerts (
    case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    due_day TEXT NOT NULL,                                -- the deadline it was about, YYYY-MM-DD
    stage   TEXT NOT NULL CHECK (stage IN ('half_time', 'last_day', 'overdue')),
    at      TEXT NOT NULL,
    PRIMARY KEY (case_id, due_day, stage)
) STRICT;

-- The deadline job looks for open cases by deadline.
CREATE INDEX cases_by_state_due ON cases (state, due_day);
