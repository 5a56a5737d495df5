-- 0007: a server may choose the language of the bot's public answers (/admin language).
--
-- NULL, the default, keeps each member's own Discord language. The value is a Discord locale
-- the bot ships (the store checks which); private answers always use the member's own.

ALTER TABLE guild_settings ADD COLUMN language TEXT
    CHECK (language IS NULL OR (typeof(language) = 'text' AND length(language) BETWEEN 2 AND 10));
