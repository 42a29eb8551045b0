-- A dossier import is staged here in short batches, then committed by one
-- one-row update of its run, then applied in short batches (see
-- src/ingest/staged.rs): nothing of a file is applied before all of it is
-- staged, and a committed run is applied whole, also after a crash.
CREATE TABLE import_runs (
    id         INTEGER PRIMARY KEY,
    state      TEXT NOT NULL CHECK (state IN ('staging', 'committed')),
    started_at TEXT NOT NULL
) STRICT;

-- One row per new or changed dossier of a run, in file order.
CREATE TABLE import_staging (
    run_id         INTEGER NOT NULL REFERENCES import_runs (id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    code           TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    agency_code    TEXT NOT NULL,
    district_code  TEXT,
    channel        TEXT NOT NULL,
    received_at    TEXT NOT NULL,
    due_at         TEXT NOT NULL,
    returned_at    TEXT,
    status         INTEGER NOT NULL,
    status_at      TEXT NOT NULL,          -- the time of the status event this row brings
    PRIMARY KEY (run_id, seq)
) STRICT, WITHOUT ROWID;
