-- 0004: where each member is in their walk through the picks ("Another pick").
--
-- A walk is one member's sequence of picks in one server, for one trope ('' for picks without a
-- trope). Each row is a couple already shown in that walk, so the next press shows a couple not
-- yet seen; when every couple has been seen the walk starts again. Rows belong to the member:
-- /forget-me and the bot leaving the server delete them like everything else.
CREATE TABLE pick_walks (
    guild_id INTEGER NOT NULL CHECK (typeof(guild_id) = 'integer'),
    user_id  INTEGER NOT NULL CHECK (typeof(user_id) = 'integer'),
    walk     TEXT    NOT NULL CHECK (typeof(walk) = 'text'),
    couple   TEXT    NOT NULL CHECK (typeof(couple) = 'text' AND length(couple) > 0),
    shown_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id, walk, couple)
);
