-- Since when the status source has said it does not know a dossier it once
-- told us of (NULL while it knew the dossier when last asked), and whether
-- the refresh has given up on it: the source said so for a week of asks
-- (`pull_asks::GIVE_UP_AFTER_DAYS`). A look-up still asks, and the card says
-- since when the source has not found it.
ALTER TABLE pull_asks ADD COLUMN missing_since TEXT;
ALTER TABLE pull_asks ADD COLUMN given_up INTEGER NOT NULL DEFAULT 0 CHECK (given_up IN (0, 1));
