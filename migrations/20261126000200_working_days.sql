-- Form 04 (Circular 03/2025): a late dossier's apology and new return date.
-- The first promise stays in due_at, so the dossier still counts as late.
ALTER TABLE dossiers ADD COLUMN new_due_at TEXT;    -- YYYY-MM-DD in Vietnam
ALTER TABLE dossiers ADD COLUMN delay_reason TEXT;  -- why; set with new_due_at for an apology

-- A staged CSV row carries them too.
ALTER TABLE import_staging ADD COLUMN new_due_at TEXT;
ALTER TABLE import_staging ADD COLUMN delay_reason TEXT;
