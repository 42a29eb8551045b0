-- A citizen's look-ups of the last minute are kept in the citizen's own row,
-- as a JSON array of their times, instead of a table of their own. The
-- answer to any update from a citizen writes that row already (the last
-- time they wrote); the table cost three more pages written per look-up (its
-- rows, by user, by time) and a statement to prune it.
--
-- The array is pruned and appended to at the citizen's next look-up, so it
-- holds at most the limit's number of times, all within the minute before
-- their last look-up; it goes with the citizen's row when they are forgotten.
ALTER TABLE citizens ADD COLUMN recent_lookups TEXT;

-- The last minute's look-ups carry over, so that an upgrade resets no limit.
UPDATE citizens
SET recent_lookups = (SELECT json_group_array(at) FROM lookups WHERE lookups.user_id = citizens.user_id)
WHERE user_id IN (SELECT user_id FROM lookups);

DROP TABLE lookups;
