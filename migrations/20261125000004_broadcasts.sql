-- Citizens who sent /notices off get no broadcasts (status notifications still come).
ALTER TABLE citizens ADD COLUMN notices_off INTEGER NOT NULL DEFAULT 0 CHECK (notices_off IN (0, 1));

-- A notice to many citizens. The text is Telegram HTML, checked when it was made.
-- state: queued -> sending -> finished | cancelled
CREATE TABLE broadcasts (
    id                  INTEGER PRIMARY KEY,
    text_html           TEXT NOT NULL,
    photo_file_id       TEXT,            -- Telegram's id of the photo, once it has one
    photo_bytes         BLOB,            -- an upload from the CLI or the API, sent once then referred to by id
    audience            TEXT NOT NULL,   -- all | district:CODE | agency:CODE | procedure:CODE | lang:vi
    created_by          TEXT NOT NULL,   -- 'tg:<user id>', 'cli' or 'api'
    idempotency_key     TEXT UNIQUE,     -- the API's Idempotency-Key: a repeated POST makes no second broadcast
    state               TEXT NOT NULL DEFAULT 'queued'
                        CHECK (state IN ('queued', 'sending', 'finished', 'cancelled')),
    progress_chat_id    INTEGER,         -- the admin chat whose message shows progress, if any
    progress_message_id INTEGER,
    created_at          TEXT NOT NULL,
    started_at          TEXT,
    finished_at         TEXT
) STRICT;

-- One row per recipient, chosen when the broadcast was made.
-- state: pending -> sending -> delivered | blocked | failed; 'sending' rows found at
-- start-up were in flight when the process stopped and become 'uncertain', never resent.
-- skipped: opted out or unreachable by the time their turn came; cancelled: never sent.
CREATE TABLE broadcast_recipients (
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    chat_id      INTEGER NOT NULL,
    state        TEXT NOT NULL DEFAULT 'pending'
                 CHECK (state IN ('pending', 'sending', 'delivered', 'blocked', 'failed',
                                  'uncertain', 'skipped', 'cancelled')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    not_before   TEXT NOT NULL,
    last_error   TEXT,
    done_at      TEXT,
    PRIMARY KEY (broadcast_id, chat_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX broadcast_recipients_due ON broadcast_recipients (broadcast_id, state, not_before);
CREATE INDEX broadcast_recipients_sending ON broadcast_recipients (state) WHERE state = 'sending';

-- An admin composing a broadcast in the chat: the step, and what was given so far.
CREATE TABLE broadcast_drafts (
    admin_id      INTEGER PRIMARY KEY,
    step          TEXT NOT NULL CHECK (step IN ('message', 'audience', 'confirm')),
    text_html     TEXT,
    photo_file_id TEXT,
    audience      TEXT,
    created_at    TEXT NOT NULL
) STRICT;

-- Audiences are chosen among followers; these find them without a table scan.
CREATE INDEX follows_by_user ON follows (user_id);
CREATE INDEX dossiers_by_district ON dossiers (district_code);
