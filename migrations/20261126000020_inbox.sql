-- Every update as it arrived, written before Telegram is told it arrived, so
-- that a crash loses none: handlers work from here, not from the network.
CREATE TABLE inbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT, -- arrival order
    update_key  TEXT NOT NULL UNIQUE,              -- channel-qualified, e.g. 'tg:1234', as in handled_updates
    chat_key    TEXT NOT NULL,                     -- one chat's updates are handled in order
    body        TEXT NOT NULL,                     -- the update as the channel sent it (JSON)
    state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
    deliveries  INTEGER NOT NULL DEFAULT 1,        -- the channel sent it again when it missed our confirmation
    received_at TEXT NOT NULL,
    answered_at TEXT,                              -- done: the answer was recorded (same transaction)
    finished_at TEXT                               -- the worker let go of it: replies sent or given up
) STRICT;
CREATE INDEX inbox_pending ON inbox (chat_key, id) WHERE state = 'pending';
CREATE INDEX inbox_by_time ON inbox (received_at);

-- Where each receiver resumes: for Telegram polling, the next getUpdates offset.
CREATE TABLE inbox_offsets (
    source      TEXT PRIMARY KEY,
    next_offset INTEGER NOT NULL
) STRICT;
