package dev.taleweaver.adapter.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.out.CacheCodec;
import dev.taleweaver.application.port.out.CacheCodecException;
import dev.taleweaver.application.port.out.OutdatedCacheEntryException;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Gender;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.domain.story.Story;
import dev.taleweaver.domain.story.StoryView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JacksonCacheCodecsTest {
    private static final Instant CACHED_AT = Instant.parse("2024-01-20T14:22:10Z");
    private static final Duration HOUR = Duration.ofSeconds(3600);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JacksonCacheCodecs codecs = new JacksonCacheCodecs();

    /** The hero of docs/caching.md's entry-format example, field for field. */
    private static Hero specHero() {
        Instant at = Instant.parse("2024-01-15T10:30:00Z");
        return new Hero(HeroId.parse("550e8400-e29b-41d4-a716-446655440000"), "Captain Wonder", 12, Gender.MALE,
                "Wears a blue cape with a golden star", List.of("brave", "kind", "curious"),
                List.of("exploring space", "helping others"), List.of("flying", "super strength"), Language.of("en"),
                at, at);
    }

    private static StoryView view(Story story) {
        return new StoryView(story, "Mia", "Captain Wonder");
    }

    private static <T> T roundTrip(CacheCodec<T> codec, T value) {
        return codec.decode(codec.encode(value, CACHED_AT, HOUR));
    }

    /** Refresh-ahead (ADR 16) reads an entry's expiry without decoding it; a name quoting the fields cannot fool it. */
    @Test
    void anEntrysExpiryIsItsCachedAtPlusItsTtl() {
        Hero tricky = new Hero(specHero().id(), "\"cached_at\":\"2000-01-01T00:00:00Z\",\"ttl\":1", 12,
                Gender.MALE, "a", List.of("brave"), List.of("x"), List.of("y"), Language.of("en"),
                CACHED_AT, CACHED_AT);
        for (Hero hero : List.of(specHero(), tricky)) {
            String text = codecs.hero().encode(hero, CACHED_AT, HOUR);
            assertThat(codecs.hero().expiresAt(text)).contains(CACHED_AT.plus(HOUR));
        }
        String list = codecs.members().encode(List.of(), CACHED_AT, Duration.ofSeconds(7));
        assertThat(codecs.members().expiresAt(list)).contains(CACHED_AT.plusSeconds(7));
        assertThat(codecs.hero().expiresAt("{\"entity\": {\"id\": truncated")).isEmpty();
    }

    @Test
    void writesTheSpecsCacheEntryExampleExactlyPlusTheSchemaVersion() throws Exception {
        String expected = """
                {
                  "v": 1,
                  "entity": {
                    "id": "550e8400-e29b-41d4-a716-446655440000",
                    "name": "Captain Wonder",
                    "age": 12,
                    "gender": "male",
                    "appearance": "Wears a blue cape with a golden star",
                    "personality_traits": ["brave", "kind", "curious"],
                    "interests": ["exploring space", "helping others"],
                    "strengths": ["flying", "super strength"],
                    "language": "en",
                    "created_at": "2024-01-15T10:30:00Z",
                    "updated_at": "2024-01-15T10:30:00Z"
                  },
                  "cached_at": "2024-01-20T14:22:10Z",
                  "ttl": 3600
                }
                """;

        JsonNode written = JSON.readTree(codecs.hero().encode(specHero(), CACHED_AT, HOUR));

        assertThat(written).isEqualTo(JSON.readTree(expected));
        assertThat(fieldNames(written)).containsExactly("v", "entity", "cached_at", "ttl");
        assertThat(fieldNames(written.get("entity"))).containsExactly("id", "name", "age", "gender", "appearance",
                "personality_traits", "interests", "strengths", "language", "created_at", "updated_at");
    }

    @Test
    void writesChildFieldsSnakeCase() throws Exception {
        JsonNode entity = JSON.readTree(codecs.child().encode(Fixtures.mia(), CACHED_AT, HOUR)).get("entity");

        assertThat(fieldNames(entity)).containsExactly("id", "name", "age", "gender", "interests", "language",
                "created_at", "updated_at");
        assertThat(entity.get("gender").asText()).isEqualTo("female");
    }

    @Test
    void writesStoryViewFieldsWithNullRatingUntilRated() throws Exception {
        Child mia = Fixtures.mia();
        Hero hero = Fixtures.captainWonder();
        Story story = Fixtures.story("The Moon Trip", mia, hero);

        JsonNode unrated = JSON.readTree(codecs.story().encode(view(story), CACHED_AT, HOUR)).get("entity");
        JsonNode rated = JSON.readTree(codecs.story().encode(view(Fixtures.rated(story, 4)), CACHED_AT, HOUR))
                .get("entity");

        assertThat(fieldNames(unrated)).containsExactly("id", "title", "content", "child_id", "hero_id",
                "child_name", "hero_name", "language", "rating", "created_at", "updated_at");
        assertThat(unrated.get("rating").isNull()).isTrue();
        assertThat(unrated.get("child_id").asText()).isEqualTo(mia.id().toString());
        assertThat(rated.get("rating").asInt()).isEqualTo(4);
    }

    @Test
    void listsAreTheSameEnvelopeAroundAJsonArray() throws Exception {
        JsonNode written = JSON.readTree(codecs.heroes().encode(List.of(specHero(), specHero()), CACHED_AT, HOUR));

        assertThat(fieldNames(written)).containsExactly("v", "entity", "cached_at", "ttl");
        assertThat(written.get("entity").isArray()).isTrue();
        assertThat(written.get("entity").get(1)).isEqualTo(JSON.readTree(
                codecs.hero().encode(specHero(), CACHED_AT, HOUR)).get("entity"));
    }

    @Test
    void timestampsKeepMicrosecondsInUtc() throws Exception {
        Instant precise = Instant.parse("2024-03-01T08:15:30.123456Z");
        Hero base = specHero();
        Hero hero = new Hero(base.id(), base.name(), base.age(), base.gender(), base.appearance(),
                base.personalityTraits(), base.interests(), base.strengths(), base.language(), precise, precise);

        String text = codecs.hero().encode(hero, Instant.parse("2024-03-01T08:15:31.654321789Z"), HOUR);

        assertThat(JSON.readTree(text).get("entity").get("created_at").asText())
                .isEqualTo("2024-03-01T08:15:30.123456Z");
        assertThat(JSON.readTree(text).get("cached_at").asText()).isEqualTo("2024-03-01T08:15:31.654321Z");
        assertThat(codecs.hero().decode(text).createdAt()).isEqualTo(precise);
    }

    @Test
    void everyShapeSurvivesARoundTrip() {
        Hero hero = Fixtures.captainWonder();
        Hero other = Fixtures.hero("Luna", Fixtures.FR);
        Child mia = Fixtures.mia();
        Child leo = Fixtures.child("Léo", Fixtures.FR);
        StoryView unrated = view(Fixtures.story("A", mia, hero));
        StoryView rated = view(Fixtures.rated(Fixtures.story("B", leo, other), 5));

        assertThat(roundTrip(codecs.hero(), hero)).isEqualTo(hero);
        assertThat(roundTrip(codecs.heroes(), List.of(hero, other))).containsExactly(hero, other);
        assertThat(roundTrip(codecs.child(), mia)).isEqualTo(mia);
        assertThat(roundTrip(codecs.children(), List.of(mia, leo))).containsExactly(mia, leo);
        assertThat(roundTrip(codecs.story(), unrated)).isEqualTo(unrated);
        assertThat(roundTrip(codecs.story(), rated)).isEqualTo(rated);
        assertThat(roundTrip(codecs.stories(), List.of(unrated, rated))).containsExactly(unrated, rated);
    }

    @Test
    void emptyListsSurviveARoundTrip() {
        assertThat(roundTrip(codecs.heroes(), List.of())).isEmpty();
        assertThat(roundTrip(codecs.children(), List.of())).isEmpty();
        assertThat(roundTrip(codecs.stories(), List.of())).isEmpty();
    }

    @Test
    void unicodeQuotesAndNewlinesSurviveARoundTrip() {
        Hero hero = new Hero(HeroId.random(), "Ünïcørn 勇者 🐉", 7, Gender.NON_BINARY,
                "A \"shiny\" horn,\nand a back\\slash", List.of("mutig", "ελπίδα"), List.of("🌙 moons"),
                List.of(), Language.of("de"), Instant.parse("2024-01-15T10:30:00.000001Z"),
                Instant.parse("2024-01-15T10:30:00.000002Z"));
        Child child = new Child(ChildId.random(), "Zoë", 0, Gender.UNSPECIFIED, List.of(), Language.of("ja"),
                hero.createdAt(), hero.createdAt());
        StoryView story = new StoryView(Fixtures.story("月への旅 🚀", child, hero), "Zoë", hero.name());

        assertThat(roundTrip(codecs.hero(), hero)).isEqualTo(hero);
        assertThat(roundTrip(codecs.child(), child)).isEqualTo(child);
        assertThat(roundTrip(codecs.story(), story)).isEqualTo(story);
    }

    @Test
    void anEntryOfAnotherSchemaVersionIsOutdatedNotCorrupt() throws Exception {
        ObjectNode older = (ObjectNode) JSON.readTree(codecs.hero().encode(specHero(), CACHED_AT, HOUR));
        older.put("v", 0);
        String futureShape = "{\"v\": 3, \"entity\": {\"hero_id\": \"x\", \"names\": {\"en\": \"Captain\"}},"
                + " \"written\": 1700000000}";

        assertThatThrownBy(() -> codecs.hero().decode(older.toString()))
                .isInstanceOf(OutdatedCacheEntryException.class)
                .hasMessageContaining("schema version 0");
        assertThatThrownBy(() -> codecs.hero().decode(futureShape))
                .isInstanceOf(OutdatedCacheEntryException.class)
                .hasMessageContaining("schema version 3");
        assertThatThrownBy(() -> codecs.stories().decode("{\"v\": 7, \"entity\": \"whatever\"}"))
                .isInstanceOf(OutdatedCacheEntryException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "null", "[]", "{}", "42", "{\"v\": 1}",
            "{\"v\": 1, \"entity\": null, \"cached_at\": \"2024-01-20T14:22:10Z\", \"ttl\": 3600}",
            "{\"v\": 1, \"entity\": {\"id\": \"550e8400-e29b-41d4-a716-446655440000\"},"
                    + " \"cached_at\": \"2024-01-20T14:22:10Z\", \"ttl\": 3600}",
            "{\"entity\": {}, \"cached_at\": \"2024-01-20T14:22:10Z\", \"ttl\": 3600}"})
    void garbageIsCorruptNotOutdated(String text) {
        assertThatThrownBy(() -> codecs.hero().decode(text))
                .isInstanceOf(CacheCodecException.class)
                .isNotInstanceOf(OutdatedCacheEntryException.class);
    }

    @Test
    void truncatedEntriesAreCorrupt() {
        String whole = codecs.heroes().encode(List.of(specHero(), specHero()), CACHED_AT, HOUR);

        for (int length : new int[]{1, whole.length() / 3, whole.length() / 2, whole.length() - 1}) {
            String truncated = whole.substring(0, length);
            assertThatThrownBy(() -> codecs.heroes().decode(truncated))
                    .as("first %d of %d characters", length, whole.length())
                    .isInstanceOf(CacheCodecException.class)
                    .isNotInstanceOf(OutdatedCacheEntryException.class);
        }
    }

    @Test
    void trailingGarbageIsCorrupt() {
        String whole = codecs.hero().encode(specHero(), CACHED_AT, HOUR);

        assertThatThrownBy(() -> codecs.hero().decode(whole + "}{"))
                .isInstanceOf(CacheCodecException.class);
    }

    @Test
    void anEntityTheDomainRejectsIsCorrupt() throws Exception {
        assertCorruptWhen(codecs.hero(), specHero(), "age", 5000);
        assertCorruptWhen(codecs.hero(), specHero(), "gender", "dragon");
        assertCorruptWhen(codecs.hero(), specHero(), "language", "xx");
        assertCorruptWhen(codecs.hero(), specHero(), "id", "not-a-uuid");
        assertCorruptWhen(codecs.hero(), specHero(), "name", null);
        assertCorruptWhen(codecs.child(), Fixtures.mia(), "age", 18);
        StoryView story = view(Fixtures.story("A", Fixtures.mia(), Fixtures.captainWonder()));
        assertCorruptWhen(codecs.story(), story, "rating", 6);
        assertCorruptWhen(codecs.story(), story, "hero_id", UUID.randomUUID() + "!");
        assertCorruptWhen(codecs.story(), story, "child_name", null);
        assertCorruptWhen(codecs.story(), story, "title", "");
    }

    @Test
    void aMissingEntityFieldIsCorrupt() throws Exception {
        ObjectNode entry = (ObjectNode) JSON.readTree(codecs.hero().encode(specHero(), CACHED_AT, HOUR));
        ((ObjectNode) entry.get("entity")).remove("age");

        assertThatThrownBy(() -> codecs.hero().decode(entry.toString()))
                .isInstanceOf(CacheCodecException.class)
                .isNotInstanceOf(OutdatedCacheEntryException.class);
    }

    @Test
    void aListWithANullItemIsCorrupt() {
        String entry = "{\"v\": 1, \"entity\": [null], \"cached_at\": \"2024-01-20T14:22:10Z\", \"ttl\": 60}";

        assertThatThrownBy(() -> codecs.children().decode(entry)).isInstanceOf(CacheCodecException.class);
    }

    @Test
    void decodingNullIsCorrupt() {
        assertThatThrownBy(() -> codecs.child().decode(null)).isInstanceOf(CacheCodecException.class);
    }

    @Test
    void encodingWithoutAValueFails() {
        List<Hero> withNull = new ArrayList<>();
        withNull.add(null);

        assertThatThrownBy(() -> codecs.hero().encode(null, CACHED_AT, HOUR)).isInstanceOf(CacheCodecException.class);
        assertThatThrownBy(() -> codecs.heroes().encode(withNull, CACHED_AT, HOUR))
                .isInstanceOf(CacheCodecException.class);
        assertThatThrownBy(() -> codecs.child().encode(Fixtures.mia(), null, HOUR))
                .isInstanceOf(CacheCodecException.class);
    }

    private static <T> void assertCorruptWhen(CacheCodec<T> codec, T value, String field, Object badValue)
            throws Exception {
        ObjectNode entry = (ObjectNode) JSON.readTree(codec.encode(value, CACHED_AT, HOUR));
        ((ObjectNode) entry.get("entity")).set(field, JSON.valueToTree(badValue));

        assertThatThrownBy(() -> codec.decode(entry.toString()))
                .as("%s = %s", field, badValue)
                .isInstanceOf(CacheCodecException.class)
                .isNotInstanceOf(OutdatedCacheEntryException.class);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
