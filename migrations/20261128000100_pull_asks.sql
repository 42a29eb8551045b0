-- When the status source was last asked about each dossier it told us of, so
-- that a followed dossier only the source keeps current is asked about again
-- (`status_source.refresh_minutes`), the longest unasked first.
CREATE TABLE pull_asks (
    dossier_id INTEGER PRIMARY KEY REFERENCES dossiers (id) ON DELETE CASCADE,
    asked_at   TEXT NOT NULL
) STRICT;
CREATE INDEX pull_asks_by_time ON pull_asks (asked_at);

-- Dossiers pulled before this table: asked when their last pulled status began.
INSERT INTO pull_asks (dossier_id, asked_at)
SELECT dossier_id, MAX(at) FROM dossier_events WHERE source = 'pull' GROUP BY dossier_id;
