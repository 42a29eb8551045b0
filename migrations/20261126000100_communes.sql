-- Districts were abolished on 01/07/2025: dossiers, agencies and ratings
-- name the commune-level unit (xã, phường, đặc khu) instead. Stored district
-- codes are kept as they are here; the units loaded next (the built-in
-- default or `hailong import units`) map those that can be mapped
-- (src/store/units.rs). SQLite rewrites the rollup triggers and indexes that
-- name a renamed column.
ALTER TABLE dossiers RENAME COLUMN district_code TO commune_code;
ALTER TABLE agencies RENAME COLUMN district_code TO commune_code;
ALTER TABLE responses RENAME COLUMN district_code TO commune_code;
ALTER TABLE response_rollup RENAME COLUMN district_code TO commune_code;
ALTER TABLE import_staging RENAME COLUMN district_code TO commune_code;
DROP INDEX dossiers_by_district;
CREATE INDEX dossiers_by_commune ON dossiers (commune_code);

-- The province's units of today; names come from here, never from code.
CREATE TABLE units (
    code TEXT PRIMARY KEY,               -- 5-digit GSO code
    name TEXT NOT NULL,                  -- "Xã …", "Phường …", "Đặc khu …"
    kind TEXT NOT NULL CHECK (kind IN ('xa', 'phuong', 'dac_khu'))
) STRICT, WITHOUT ROWID;

-- Whose units these are: the GSO code of the province (the built-in ones are
-- Cà Mau's, 96), checked against `[province] code` at startup.
CREATE TABLE unit_province (
    only INTEGER PRIMARY KEY CHECK (only = 1),
    code TEXT NOT NULL
) STRICT;

-- Every code a feed may send for a unit, and what it is stored as: a unit's
-- own code, an old commune merged whole (its new unit), an old commune split
-- between several units (itself, flagged), an old district whose communes all
-- went to one unit (that unit) or to several (NULL: refused).
CREATE TABLE unit_codes (
    code         TEXT PRIMARY KEY,
    commune_code TEXT,
    split        INTEGER NOT NULL CHECK (split IN (0, 1)),
    kind         TEXT NOT NULL CHECK (kind IN ('unit', 'old_commune', 'old_district'))
) STRICT, WITHOUT ROWID;
