-- 0001: members' scores and what the bot last showed each member, kept per guild.
--
-- Discord snowflakes are INTEGER (they fit SQLite's signed 64 bits). Times are Unix seconds (UTC)
-- supplied by the bot. A target is "series:<id>" or "couple:<id>"; its meaning lives in the
-- catalog, so the store keeps it as text and does not constrain the kinds here (a new kind should
-- not need a table rebuild). Written reviews will arrive in a later migration as their own table
-- keyed by (guild_id, user_id, target), referencing ratings below.

CREATE TABLE ratings (
    guild_id   INTEGER NOT NULL CHECK (typeof(guild_id) = 'integer'),
    user_id    INTEGER NOT NULL CHECK (typeof(user_id) = 'integer'),
    target     TEXT    NOT NULL CHECK (typeof(target) = 'text' AND length(target) > 0),
    -- typeof() keeps '5' or 5.5 from slipping in through SQLite's type affinity.
    score      INTEGER NOT NULL CHECK (typeof(score) = 'integer' AND score BETWEEN 1 AND 10),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id, target)
);

-- Summaries read one guild's scores per target; this index answers them without touching the
-- table (it covers score). A member's own ratings use the primary key's (guild_id, user_id) prefix.
CREATE INDEX ratings_by_guild_target ON ratings (guild_id, target, score);

CREATE TABLE last_shown (
    guild_id INTEGER NOT NULL CHECK (typeof(guild_id) = 'integer'),
    user_id  INTEGER NOT NULL CHECK (typeof(user_id) = 'integer'),
    target   TEXT    NOT NULL CHECK (typeof(target) = 'text' AND length(target) > 0),
    shown_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
