-- The inbox row is the one record that an update was answered: its state
-- turns from 'pending' to 'done' in the answer's transaction, once. The
-- table `handled_updates` said the same a second time, and cost three more
-- pages written per update (its rows, its key, its time); it goes.
--
-- And the inbox's ids are no longer AUTOINCREMENT: that wrote SQLite's
-- `sqlite_sequence` page with every batch received. An id is still one
-- more than the greatest in the table, so ids keep the order of arrival;
-- one can come back only once every row after it was forgotten (a day
-- later), when nothing refers to it any more.
CREATE TABLE inbox_rebuilt (
    id          INTEGER PRIMARY KEY,               -- arrival order
    update_key  TEXT NOT NULL UNIQUE,              -- channel-qualified, e.g. 'tg:1234'
    chat_key    TEXT NOT NULL,                     -- one chat's updates are handled in order
    body        TEXT NOT NULL,                     -- the update as the channel sent it (JSON)
    state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
    deliveries  INTEGER NOT NULL DEFAULT 1,        -- the channel sent it again when it missed our confirmation
    received_at TEXT NOT NULL,
    answered_at TEXT,                              -- done: the answer was recorded (same transaction)
    finished_at TEXT                               -- the worker let go of it: replies sent or given up
) STRICT;
INSERT INTO inbox_rebuilt
    (id, update_key, chat_key, body, state, deliveries, received_at, answered_at, finished_at)
SELECT id, update_key, chat_key, body, state, deliveries, received_at, answered_at, finished_at
FROM inbox;
-- A key answered before the inbox kept every update stays answered, until
-- it is a day old and forgotten like any other.
INSERT INTO inbox_rebuilt (update_key, chat_key, body, state, received_at, answered_at, finished_at)
SELECT update_key, 'handled:' || update_key, '{}', 'done', handled_at, handled_at, handled_at
FROM handled_updates
WHERE update_key NOT IN (SELECT update_key FROM inbox);
DROP TABLE inbox;
ALTER TABLE inbox_rebuilt RENAME TO inbox;
CREATE INDEX inbox_pending ON inbox (id) WHERE state = 'pending';
CREATE INDEX inbox_by_time ON inbox (received_at);
DROP TABLE handled_updates;
