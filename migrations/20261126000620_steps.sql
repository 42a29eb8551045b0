-- Per-agency step times of a dossier, when the feed sends them (the `steps`
-- of the ingest API and the CSV): which agency handled it, from when until
-- when. Circular 01's index 2 (time at each agency) is measured from them.
-- A record that carries steps replaces the dossier's steps; one without
-- leaves them.
CREATE TABLE dossier_steps (
    dossier_id  INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,          -- the order the feed listed them in, from 1
    agency_code TEXT NOT NULL REFERENCES agencies (code),
    started_at  TEXT NOT NULL,             -- RFC 3339, UTC
    finished_at TEXT NOT NULL,
    PRIMARY KEY (dossier_id, seq)
) STRICT, WITHOUT ROWID;

-- A staged CSV row carries its steps as a JSON array of
-- [agency_code, started_at, finished_at]; NULL when the row has none.
ALTER TABLE import_staging ADD COLUMN steps TEXT;
