-- Whose private chat Telegram keeps a command menu of its own for (a staff
-- member's or an admin's), as it last took one: at start, anyone here who
-- is no longer a member has theirs removed, even if their role went while
-- the bot was stopped.
CREATE TABLE scoped_menus (
    user_id  INTEGER PRIMARY KEY,
    given_at TEXT NOT NULL
) STRICT;
