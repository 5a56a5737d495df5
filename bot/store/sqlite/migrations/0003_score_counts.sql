-- 0003: how many members gave each score to each target, per guild, kept up to date by triggers.
--
-- /scores and every answer that shows a server's opinion read a guild's summaries; counting the
-- ratings for them grew with the number of ratings (a guild with a million scores took ~60 ms).
-- This table holds at most ten rows per (guild, target), so a summary reads a handful of rows
-- however many members voted. Triggers keep it true in the same transaction as every change to
-- ratings, whichever statement or connection makes it; rows that reach zero are deleted, so
-- forgetting a guild or a member leaves nothing behind.

CREATE TABLE score_counts (
    guild_id INTEGER NOT NULL,
    target   TEXT    NOT NULL,
    score    INTEGER NOT NULL,
    votes    INTEGER NOT NULL CHECK (votes > 0),
    PRIMARY KEY (guild_id, target, score)
) WITHOUT ROWID;

INSERT INTO score_counts (guild_id, target, score, votes)
    SELECT guild_id, target, score, COUNT(*) FROM ratings GROUP BY guild_id, target, score;

CREATE TRIGGER score_counts_after_insert AFTER INSERT ON ratings
BEGIN
    INSERT INTO score_counts (guild_id, target, score, votes)
        VALUES (new.guild_id, new.target, new.score, 1)
        ON CONFLICT (guild_id, target, score) DO UPDATE SET votes = votes + 1;
END;

CREATE TRIGGER score_counts_after_delete AFTER DELETE ON ratings
BEGIN
    DELETE FROM score_counts
        WHERE guild_id = old.guild_id AND target = old.target AND score = old.score AND votes = 1;
    UPDATE score_counts SET votes = votes - 1
        WHERE guild_id = old.guild_id AND target = old.target AND score = old.score;
END;

CREATE TRIGGER score_counts_after_update AFTER UPDATE OF guild_id, target, score ON ratings
WHEN old.score IS NOT new.score OR old.guild_id IS NOT new.guild_id
    OR old.target IS NOT new.target
BEGIN
    DELETE FROM score_counts
        WHERE guild_id = old.guild_id AND target = old.target AND score = old.score AND votes = 1;
    UPDATE score_counts SET votes = votes - 1
        WHERE guild_id = old.guild_id AND target = old.target AND score = old.score;
    INSERT INTO score_counts (guild_id, target, score, votes)
        VALUES (new.guild_id, new.target, new.score, 1)
        ON CONFLICT (guild_id, target, score) DO UPDATE SET votes = votes + 1;
END;
