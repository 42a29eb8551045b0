-- Where each chat's conversation stands, in one row: a survey question, a
-- comment awaited, an admin's broadcast draft. The step is JSON written and
-- read by `flows::step::Step`; no row means the chat is idle.
CREATE TABLE dialogues (
    chat_id    INTEGER PRIMARY KEY,
    step       TEXT NOT NULL CHECK (json_valid(step)),
    updated_at TEXT NOT NULL
) STRICT;

INSERT INTO dialogues (chat_id, step, updated_at)
SELECT chat_id,
       CASE step
           WHEN 'comment' THEN json_object('step', 'await_comment', 'response', response_id)
           ELSE json_object('step', 'survey', 'response', response_id, 'question', step)
       END,
       updated_at
FROM survey_sessions;

-- A chat that was in a survey keeps it; an admin's draft comes over otherwise.
INSERT OR IGNORE INTO dialogues (chat_id, step, updated_at)
SELECT admin_id,
       json_object('step', 'broadcast_draft', 'draft',
           CASE step
               WHEN 'message' THEN json_object('stage', 'message')
               WHEN 'audience' THEN json_object('stage', 'audience', 'html', coalesce(text_html, ''),
                                                'photo_file_id', photo_file_id)
               ELSE json_object('stage', 'confirm', 'html', coalesce(text_html, ''),
                                'photo_file_id', photo_file_id, 'audience', coalesce(audience, 'all'))
           END),
       created_at
FROM broadcast_drafts;

DROP TABLE survey_sessions;
DROP TABLE broadcast_drafts;

-- Look-ups per citizen, kept so that a restart or a redelivered update does
-- not reset or double-charge the limit. Rows older than the window are pruned
-- as new ones come.
CREATE TABLE lookups (
    user_id INTEGER NOT NULL,
    at      TEXT NOT NULL
) STRICT;
CREATE INDEX lookups_by_user ON lookups (user_id, at);
CREATE INDEX lookups_by_time ON lookups (at);
