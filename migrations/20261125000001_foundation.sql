-- The people who talk to the bot. Only what the bot needs: no names, no phones.
CREATE TABLE citizens (
    user_id         INTEGER PRIMARY KEY,           -- Telegram user id (= private chat id)
    client_language TEXT,                          -- Telegram's language_code, as last seen
    language        TEXT CHECK (language IN ('vi', 'en', 'km')), -- chosen with /language
    first_seen      TEXT NOT NULL,
    last_seen       TEXT NOT NULL
) STRICT;

-- Updates already answered, so that one delivered twice changes nothing.
CREATE TABLE handled_updates (
    update_key TEXT PRIMARY KEY,                   -- channel-qualified, e.g. 'tg:1234'
    handled_at TEXT NOT NULL
) STRICT;
CREATE INDEX handled_updates_by_time ON handled_updates (handled_at);
