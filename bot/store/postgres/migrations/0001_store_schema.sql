-- 0001: the store's whole schema, as the SQLite backend has it at its version 7.
--
-- Discord snowflakes are BIGINT; times are Unix seconds (UTC) supplied by the bot, BIGINT too.
-- Flags are BOOLEAN (the snapshot's 0 and 1 are converted by the backend). The store keeps
-- score_counts itself, in the transaction of every write that moves them: no triggers.

CREATE TABLE ratings (
    guild_id   BIGINT  NOT NULL,
    user_id    BIGINT  NOT NULL,
    target     TEXT    NOT NULL CHECK (length(target) > 0),
    score      INTEGER NOT NULL CHECK (score BETWEEN 1 AND 10),
    created_at BIGINT  NOT NULL,
    updated_at BIGINT  NOT NULL,
    PRIMARY KEY (guild_id, user_id, target)
);

-- A guild's scores per target, and deleting every score of one target (/admin reset).
CREATE INDEX ratings_by_guild_target ON ratings (guild_id, target, score);

CREATE TABLE last_shown (
    guild_id BIGINT NOT NULL,
    user_id  BIGINT NOT NULL,
    target   TEXT   NOT NULL CHECK (length(target) > 0),
    shown_at BIGINT NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);

-- Reviews written in the same second list newest written first: SQLite orders them by rowid,
-- here every write of a review takes the next number of this sequence (see sql.WRITE_REVIEW).
CREATE SEQUENCE reviews_written;

CREATE TABLE reviews (
    guild_id   BIGINT  NOT NULL,
    user_id    BIGINT  NOT NULL,
    target     TEXT    NOT NULL,
    text       TEXT    NOT NULL CHECK (length(text) BETWEEN 1 AND 280),
    spoiler    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT  NOT NULL,
    updated_at BIGINT  NOT NULL,
    written    BIGINT  NOT NULL DEFAULT nextval('reviews_written'),
    PRIMARY KEY (guild_id, user_id, target),
    FOREIGN KEY (guild_id, user_id, target)
        REFERENCES ratings (guild_id, user_id, target) ON DELETE CASCADE
);

ALTER SEQUENCE reviews_written OWNED BY reviews.written;

-- Paging a target's reviews newest first walks this index in order and stops after the page.
CREATE INDEX reviews_by_guild_target_newest ON reviews (guild_id, target, updated_at, written);

-- Snapshots (copy-store, backups) page reviews in the order they were written.
CREATE UNIQUE INDEX reviews_by_written ON reviews (written);

CREATE TABLE members (
    guild_id     BIGINT NOT NULL,
    user_id      BIGINT NOT NULL,
    display_name TEXT   NOT NULL,
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);

-- One row per server that changed a setting; no row means the defaults.
CREATE TABLE guild_settings (
    guild_id        BIGINT  PRIMARY KEY,
    reviews_enabled BOOLEAN NOT NULL DEFAULT TRUE,
    updated_at      BIGINT  NOT NULL,
    language        TEXT    CHECK (language IS NULL OR length(language) BETWEEN 2 AND 10)
);

-- Cooldowns an admin set, per command; 0 is kept (it means "off").
CREATE TABLE cooldowns (
    guild_id BIGINT  NOT NULL,
    command  TEXT    NOT NULL CHECK (length(command) BETWEEN 1 AND 32),
    seconds  INTEGER NOT NULL CHECK (seconds BETWEEN 0 AND 3600),
    PRIMARY KEY (guild_id, command)
);

-- How many members gave each score to each target, per guild; a count never reaches 0.
CREATE TABLE score_counts (
    guild_id BIGINT  NOT NULL,
    target   TEXT    NOT NULL,
    score    INTEGER NOT NULL,
    votes    INTEGER NOT NULL CHECK (votes > 0),
    PRIMARY KEY (guild_id, target, score)
);

-- Where each member is in their walk through the picks ("Another pick").
CREATE TABLE pick_walks (
    guild_id BIGINT NOT NULL,
    user_id  BIGINT NOT NULL,
    walk     TEXT   NOT NULL,
    couple   TEXT   NOT NULL CHECK (length(couple) > 0),
    shown_at BIGINT NOT NULL,
    PRIMARY KEY (guild_id, user_id, walk, couple)
);
