-- no-transaction
-- The tables written on every update or message check their states with
-- `=` and `OR`, not `IN (…)`: SQLite builds a temporary table for a list of
-- more than two values each time the check runs, and the inbox's state is
-- checked as each update arrives, is claimed and is let go of. The checks
-- allow exactly what they allowed before.
--
-- `citizens` is rebuilt, and `follows` refers to it with ON DELETE CASCADE:
-- with foreign keys on, dropping the old table would delete every follow.
-- So they are off for the rebuild (which SQLite allows only outside a
-- transaction, hence `no-transaction` above and the transaction below), and
-- checked before it commits.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

CREATE TABLE inbox_rebuilt (
    id          INTEGER PRIMARY KEY,               -- arrival order
    update_key  TEXT NOT NULL UNIQUE,              -- channel-qualified, e.g. 'tg:1234'
    chat_key    TEXT NOT NULL,                     -- one chat's updates are handled in order
    body        TEXT NOT NULL,                     -- the update as the channel sent it (JSON)
    state       TEXT NOT NULL DEFAULT 'pending'
                CHECK (state = 'pending' OR state = 'done' OR state = 'failed'),
    deliveries  INTEGER NOT NULL DEFAULT 1,        -- the channel sent it again when it missed our confirmation
    received_at TEXT NOT NULL,
    answered_at TEXT,                              -- done: the answer was recorded (same transaction)
    finished_at TEXT                               -- the worker let go of it: replies sent or given up
) STRICT;
INSERT INTO inbox_rebuilt
    (id, update_key, chat_key, body, state, deliveries, received_at, answered_at, finished_at)
SELECT id, update_key, chat_key, body, state, deliveries, received_at, answered_at, finished_at
FROM inbox;
DROP TABLE inbox;
ALTER TABLE inbox_rebuilt RENAME TO inbox;
CREATE INDEX inbox_pending ON inbox (id) WHERE state = 'pending';
CREATE INDEX inbox_by_time ON inbox (received_at);

CREATE TABLE citizens_rebuilt (
    user_id           INTEGER PRIMARY KEY,         -- Telegram user id (= private chat id)
    client_language   TEXT,                        -- Telegram's language_code, as last seen
    language          TEXT                         -- chosen with /language
                      CHECK (language = 'vi' OR language = 'en' OR language = 'km'),
    first_seen        TEXT NOT NULL,
    last_seen         TEXT NOT NULL,
    unreachable_since TEXT,
    notices_off       INTEGER NOT NULL DEFAULT 0 CHECK (notices_off IN (0, 1)),
    recent_lookups    TEXT
) STRICT;
INSERT INTO citizens_rebuilt
    (user_id, client_language, language, first_seen, last_seen, unreachable_since, notices_off,
     recent_lookups)
SELECT user_id, client_language, language, first_seen, last_seen, unreachable_since, notices_off,
       recent_lookups
FROM citizens;
DROP TABLE citizens;
ALTER TABLE citizens_rebuilt RENAME TO citizens;

CREATE TABLE outbox_rebuilt (
    id          INTEGER PRIMARY KEY,
    chat_id     INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL,             -- JSON, rendered in the recipient's language when sent
    state       TEXT NOT NULL DEFAULT 'pending'
                CHECK (state = 'pending' OR state = 'sending' OR state = 'sent'
                       OR state = 'failed' OR state = 'uncertain'),
    not_before  TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    created_at  TEXT NOT NULL,
    done_at     TEXT
) STRICT;
INSERT INTO outbox_rebuilt
    (id, chat_id, kind, payload, state, not_before, attempts, last_error, created_at, done_at)
SELECT id, chat_id, kind, payload, state, not_before, attempts, last_error, created_at, done_at
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_rebuilt RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (state, not_before);
CREATE INDEX outbox_chat ON outbox (chat_id, state, id);

-- A follow whose citizen went missing fails this check, and the migration
-- with it, before anything is committed.
CREATE TEMP TABLE foreign_keys_held (broken INTEGER NOT NULL CHECK (broken = 0));
INSERT INTO foreign_keys_held SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE foreign_keys_held;

COMMIT;
PRAGMA foreign_keys = ON;
