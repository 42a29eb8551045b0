-- The inbox worker reads pending rows in arrival order and stops once it has
-- as many chats as it can start, so that a tick costs what it starts, not
-- what waits: the previous query grouped every pending row by chat, and a
-- burst of thousands of updates made each tick scan them all.
DROP INDEX inbox_pending;
CREATE INDEX inbox_pending ON inbox (id) WHERE state = 'pending';
