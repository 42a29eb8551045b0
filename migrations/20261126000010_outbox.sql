-- Notifications are typed JSON that carry their own kind, so that the row
-- reads back as one value; queued rows from before get it from the column.
UPDATE outbox SET payload = json_set(payload, '$.kind', kind) WHERE state = 'pending';

-- Each chat's notifications leave in order, one at a time: the worker looks
-- up the oldest unsent row of a chat.
CREATE INDEX outbox_chat ON outbox (chat_id, state, id);
