-- Whether a status came with the time it was set. A CSV export row without
-- `status_at` is a snapshot of unknown age: it may move a dossier only while
-- the dossier's current status is itself undated and not final (see
-- src/ingest/precedence.rs). Import rows before this migration carried no
-- time of their own, so their events are undated; every other source dated
-- its events.
ALTER TABLE dossier_events ADD COLUMN dated INTEGER NOT NULL DEFAULT 1 CHECK (dated IN (0, 1));
UPDATE dossier_events SET dated = 0 WHERE source = 'import';

ALTER TABLE dossiers ADD COLUMN status_dated INTEGER NOT NULL DEFAULT 1 CHECK (status_dated IN (0, 1));
UPDATE dossiers SET status_dated = coalesce((
    SELECT e.dated FROM dossier_events e WHERE e.dossier_id = dossiers.id
    ORDER BY e.at DESC, e.id DESC LIMIT 1), 1);

ALTER TABLE import_staging ADD COLUMN dated INTEGER NOT NULL DEFAULT 0 CHECK (dated IN (0, 1));
