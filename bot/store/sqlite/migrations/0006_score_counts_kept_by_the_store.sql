-- 0006: the store keeps score_counts itself, in the transaction of every write that moves them.
--
-- 0003's triggers kept the counts whichever statement changed ratings; a second backend would
-- have had to copy them by hand. The store now works out how each write moves the counts (it
-- already works out every batch's summaries) and writes them beside the ratings, in the same
-- transaction. The counts are recounted from the ratings once here, so they are exact from
-- this version on whatever happened before; a count that was exact stays the same.

DROP TRIGGER IF EXISTS score_counts_after_insert;

DROP TRIGGER IF EXISTS score_counts_after_delete;

DROP TRIGGER IF EXISTS score_counts_after_update;

DELETE FROM score_counts;

INSERT INTO score_counts (guild_id, target, score, votes)
    SELECT guild_id, target, score, COUNT(*) FROM ratings GROUP BY guild_id, target, score;
