-- 0002: members' written reviews, the display names that credit them, and per-server settings.
--
-- Same conventions as 0001: snowflakes INTEGER, times Unix seconds (UTC) supplied by the bot,
-- typeof() checks so SQLite's type affinity lets nothing odd slip in.

-- A review belongs to a rating: deleting the rating (a reset, a member forgotten) deletes the
-- review with it, and a review can never exist without its score. The store writes ratings with
-- INSERT ... ON CONFLICT DO UPDATE, never REPLACE, so re-rating doesn't cascade away the review.
CREATE TABLE reviews (
    guild_id   INTEGER NOT NULL CHECK (typeof(guild_id) = 'integer'),
    user_id    INTEGER NOT NULL CHECK (typeof(user_id) = 'integer'),
    target     TEXT    NOT NULL CHECK (typeof(target) = 'text'),
    text       TEXT    NOT NULL CHECK (typeof(text) = 'text' AND length(text) BETWEEN 1 AND 280),
    spoiler    INTEGER NOT NULL DEFAULT 0 CHECK (spoiler IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id, target),
    FOREIGN KEY (guild_id, user_id, target)
        REFERENCES ratings (guild_id, user_id, target) ON DELETE CASCADE
);

-- Paging a target's reviews newest first walks this index in order and stops after the page;
-- user_id breaks ties within a second so the order is total and pages never overlap.
-- "Highest first" needs the score, which lives in ratings: that query walks 0001's
-- ratings_by_guild_target (guild_id, target, score) in score order, finds each review by primary
-- key, and sorts only within equal scores. Copying the score into this table to index it here
-- would be one more thing to keep true.
CREATE INDEX reviews_by_guild_target_newest ON reviews (guild_id, target, updated_at, user_id);

-- The member's server display name as the bot last saw it, to credit their reviews. Kept apart
-- from reviews so a new nickname shows on every review at once.
CREATE TABLE members (
    guild_id     INTEGER NOT NULL CHECK (typeof(guild_id) = 'integer'),
    user_id      INTEGER NOT NULL CHECK (typeof(user_id) = 'integer'),
    display_name TEXT    NOT NULL CHECK (typeof(display_name) = 'text'),
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);

-- One row per server that changed a setting; no row means the defaults.
CREATE TABLE guild_settings (
    guild_id        INTEGER PRIMARY KEY CHECK (typeof(guild_id) = 'integer'),
    reviews_enabled INTEGER NOT NULL DEFAULT 1 CHECK (reviews_enabled IN (0, 1)),
    updated_at      INTEGER NOT NULL
);

-- Cooldowns an admin set, per command; 0 is kept (it means "off", overriding the bot's default).
CREATE TABLE cooldowns (
    guild_id INTEGER NOT NULL CHECK (typeof(guild_id) = 'integer'),
    command  TEXT    NOT NULL CHECK (typeof(command) = 'text' AND length(command) BETWEEN 1 AND 32),
    seconds  INTEGER NOT NULL CHECK (typeof(seconds) = 'integer' AND seconds BETWEEN 0 AND 3600),
    PRIMARY KEY (guild_id, command)
);
