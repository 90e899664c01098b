-- Heroes, children and stories.
--
-- The domain records validate every value before it gets here; the CHECK constraints below repeat those
-- limits (Hero, Child, Story, Rating in the domain module) as a last line of defence against writes that
-- bypass the application. Lengths use char_length, which counts characters (code points) like the domain.
--
-- Timestamps are timestamptz (stored as UTC instants, microsecond precision, as the domain keeps them).
-- created_at is written once by INSERT. updated_at is stamped by the application service (never earlier
-- than the stored value) and written by UPDATE; there is deliberately no trigger, so the row holds exactly
-- what the service decided and the repository can return it without a second clock.
--
-- Lists are text[] NOT NULL: an empty list is '{}', never NULL.
-- Unqualified names: Flyway runs this with search_path set to the target schema.

-- True when a list has at most max_items items, each 1..max_length characters and none NULL.
CREATE FUNCTION text_items_within(items text[], max_items integer, max_length integer)
    RETURNS boolean
    LANGUAGE sql
    IMMUTABLE
    PARALLEL SAFE
AS $$
    SELECT cardinality(items) <= max_items
       AND NOT EXISTS (SELECT 1
                         FROM unnest(items) AS item
                        WHERE item IS NULL OR char_length(item) NOT BETWEEN 1 AND max_length)
$$;

CREATE TABLE heroes (
    id                 uuid        PRIMARY KEY,
    name               text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    age                integer     NOT NULL CHECK (age BETWEEN 0 AND 1000),
    gender             text        NOT NULL CHECK (gender IN ('male', 'female', 'non_binary', 'unspecified')),
    appearance         text        NOT NULL CHECK (char_length(appearance) <= 1000),
    personality_traits text[]      NOT NULL CHECK (text_items_within(personality_traits, 20, 100)),
    interests          text[]      NOT NULL CHECK (text_items_within(interests, 20, 100)),
    strengths          text[]      NOT NULL CHECK (text_items_within(strengths, 20, 100)),
    language           text        NOT NULL CHECK (language ~ '^[a-z]{2}$'),
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL
);

CREATE TABLE children (
    id         uuid        PRIMARY KEY,
    name       text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    age        integer     NOT NULL CHECK (age BETWEEN 0 AND 17),
    gender     text        NOT NULL CHECK (gender IN ('male', 'female', 'non_binary', 'unspecified')),
    interests  text[]      NOT NULL CHECK (text_items_within(interests, 20, 100)),
    language   text        NOT NULL CHECK (language ~ '^[a-z]{2}$'),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

-- ON DELETE RESTRICT: the service refuses (409) to delete a child or hero that still has stories; the
-- foreign keys make that hold even when a story is created concurrently with the delete.
CREATE TABLE stories (
    id         uuid        PRIMARY KEY,
    title      text        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    content    text        NOT NULL CHECK (char_length(content) BETWEEN 1 AND 20000),
    child_id   uuid        NOT NULL REFERENCES children (id) ON DELETE RESTRICT,
    hero_id    uuid        NOT NULL REFERENCES heroes (id) ON DELETE RESTRICT,
    language   text        NOT NULL CHECK (language ~ '^[a-z]{2}$'),
    rating     smallint    NULL CHECK (rating BETWEEN 1 AND 5),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

-- Every list is ordered by (created_at, id): the whole table, one language, one child, one hero.
CREATE INDEX heroes_created_idx           ON heroes   (created_at, id);
CREATE INDEX heroes_language_created_idx  ON heroes   (language, created_at, id);
CREATE INDEX children_created_idx         ON children (created_at, id);
CREATE INDEX children_language_created_idx ON children (language, created_at, id);
CREATE INDEX stories_created_idx          ON stories  (created_at, id);
CREATE INDEX stories_language_created_idx ON stories  (language, created_at, id);
-- Also serve the foreign keys: deleting a child or hero looks up its stories by these leading columns.
CREATE INDEX stories_child_created_idx    ON stories  (child_id, created_at, id);
CREATE INDEX stories_hero_created_idx     ON stories  (hero_id, created_at, id);
