-- Text that earlier releases stored but the domain's text rules now refuse (docs/architecture.md, "Text
-- rules"): control characters in one-line fields, control characters other than tab, CR and LF in the two
-- prose fields (hero appearance, story content), and names or titles with nothing visible. The domain
-- validates rows as it loads them, so such a row would otherwise stop loading (and take down any list it is
-- in). Each control character becomes a space, the result is trimmed like the domain trims, and a one-line
-- text left with nothing visible becomes '?'. No row changes that holds none of these characters.
-- Lone surrogates cannot be stored in a UTF-8 database; NFC normalisation happens as rows are loaded.

-- One-line text: every C0 and C1 control character, DEL, and the line and paragraph separators.
CREATE FUNCTION pg_temp.clean_line(value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN cleaned ~ '^[[:space:]\u00a0\u200b-\u200f\u2060\ufeff\u3164\u2800]*$' THEN '?'
        ELSE cleaned
    END
    FROM (SELECT btrim(regexp_replace(value, '[\u0001-\u001f\u007f-\u009f\u2028\u2029]', ' ', 'g'))
                 AS cleaned) AS c
$$;

-- Prose: tab, CR, LF and the line and paragraph separators stay.
CREATE FUNCTION pg_temp.clean_prose(value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN cleaned ~ '^[[:space:]\u00a0\u200b-\u200f\u2060\ufeff\u3164\u2800]*$' THEN '?'
        ELSE cleaned
    END
    FROM (SELECT regexp_replace(value, '[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]', ' ', 'g')
                 AS cleaned) AS c
$$;

CREATE FUNCTION pg_temp.clean_items(items text[]) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(array_agg(pg_temp.clean_line(item) ORDER BY position), '{}')
      FROM unnest(items) WITH ORDINALITY AS i(item, position)
$$;

-- The patterns that find the rows to change (the same classes as above, without the "nothing visible" test,
-- which only a cleaned value can fail).
UPDATE heroes
   SET name               = pg_temp.clean_line(name),
       appearance         = pg_temp.clean_prose(appearance),
       personality_traits = pg_temp.clean_items(personality_traits),
       interests          = pg_temp.clean_items(interests),
       strengths          = pg_temp.clean_items(strengths)
 WHERE name ~ '[\u0001-\u001f\u007f-\u009f\u2028\u2029]'
    OR name ~ '^[[:space:]\u00a0\u200b-\u200f\u2060\ufeff\u3164\u2800]*$'
    OR appearance ~ '[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]'
    OR array_to_string(personality_traits || interests || strengths, '') ~ '[\u0001-\u001f\u007f-\u009f\u2028\u2029]'
    OR EXISTS (SELECT 1 FROM unnest(personality_traits || interests || strengths) AS item
                WHERE item ~ '^[[:space:]\u00a0\u200b-\u200f\u2060\ufeff\u3164\u2800]*$');

UPDATE children
   SET name      = pg_temp.clean_line(name),
       interests = pg_temp.clean_items(interests)
 WHERE name ~ '[\u0001-\u001f\u007f-\u009f\u2028\u2029]'
    OR name ~ '^[[:space:]\u00a0\u200b-\u200f\u2060\ufeff\u3164\u2800]*$'
    OR array_to_string(interests, '') ~ '[\u0001-\u001f\u007f-\u009f\u2028\u2029]'
    OR EXISTS (SELECT 1 FROM unnest(interests) AS item
                WHERE item ~ '^[[:space:]\u00a0\u200b-\u200f\u2060\ufeff\u3164\u2800]*$');

UPDATE stories
   SET title   = pg_temp.clean_line(title),
       content = pg_temp.clean_prose(content)
 WHERE title ~ '[\u0001-\u001f\u007f-\u009f\u2028\u2029]'
    OR title ~ '^[[:space:]\u00a0\u200b-\u200f\u2060\ufeff\u3164\u2800]*$'
    OR content ~ '[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]'
    OR content ~ '^[[:space:]\u00a0\u200b-\u200f\u2060\ufeff\u3164\u2800]*$';
