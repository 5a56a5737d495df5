-- 0002: when each identify bucket last let a shard through (bot.store.postgres.identify).
--
-- Kept in the database, not only in a lock, so that a process dying right after its turn can't
-- let the next shard of its bucket in early. Times are the database's clock_timestamp().

CREATE TABLE identify_turns (
    bucket     INTEGER     PRIMARY KEY CHECK (bucket >= 0),
    last_turn  TIMESTAMPTZ NOT NULL
);
