-- 0005: reviews written in the same second list newest written first.
--
-- 0002 broke ties within a second by user_id, so whoever had the larger Discord id came first,
-- whatever the order they wrote in. The store now breaks them by rowid: every changed review is
-- written as a new row (INSERT OR REPLACE), so a later write always has a larger rowid. Every
-- index of a rowid table ends in the rowid, so this index, without user_id, lists a target's
-- reviews in exactly that order (updated_at, then rowid) and paging still stops after the page.
-- Rows already stored keep their rowids: their order within a second is the order they were
-- first written in, the best that can be known of them.

DROP INDEX reviews_by_guild_target_newest;

CREATE INDEX reviews_by_guild_target_newest ON reviews (guild_id, target, updated_at);
