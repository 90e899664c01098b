package dev.taleweaver.adapter.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.out.CacheCodec;
import dev.taleweaver.application.port.out.CacheCodecException;
import dev.taleweaver.application.port.out.CacheCodecs;
import dev.taleweaver.application.port.out.OutdatedCacheEntryException;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.story.StoryView;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 17: this build reads schema 2 and schema 1 (upcast in memory), writes the version it is told, and the
 * previous release ({@link JacksonCacheCodecs#previousRelease()}, schema 1 only) reads what this build writes while
 * its write version is 1.
 */
class CacheSchemaUpcastTest {
    private static final Instant CACHED_AT = Instant.parse("2024-01-20T14:22:10Z");
    private static final Duration HOUR = Duration.ofSeconds(3600);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CacheCodecs previousRelease = JacksonCacheCodecs.previousRelease();
    private final JacksonCacheCodecs writingOne = new JacksonCacheCodecs(1);
    private final JacksonCacheCodecs writingTwo = new JacksonCacheCodecs(2);

    private static final Hero HERO = Fixtures.captainWonder();
    private static final Child CHILD = Fixtures.mia();
    private static final StoryView UNRATED = new StoryView(Fixtures.story("The Moon Trip", CHILD, HERO), "Mia",
            "Captain Wonder");
    private static final StoryView RATED = new StoryView(Fixtures.rated(Fixtures.story("B", CHILD, HERO), 4), "Mia",
            "Captain Wonder");

    @Test
    void theDefaultWriteVersionIsWhatThePreviousReleaseReads() {
        assertThat(new JacksonCacheCodecs().writeVersion()).isEqualTo(1).isEqualTo(
                JacksonCacheCodecs.PREVIOUS_SCHEMA_VERSION);
        assertThat(JacksonCacheCodecs.SCHEMA_VERSION).isEqualTo(2);
    }

    @Test
    void writingVersionOneIsByteForByteWhatThePreviousReleaseWrites() {
        for (Shape<?> shape : shapes()) {
            assertThat(shape.encode(writingOne)).as(shape.name).isEqualTo(shape.encode(previousRelease));
        }
    }

    @Test
    void schemaTwoNestsTheChildAndHeroAStoryViewEmbeds() throws Exception {
        JsonNode written = JSON.readTree(writingTwo.story().encode(UNRATED, CACHED_AT, HOUR));

        assertThat(written.get("v").asInt()).isEqualTo(2);
        JsonNode entity = written.get("entity");
        assertThat(fieldNames(entity)).containsExactly("id", "title", "content", "child", "hero", "language",
                "rating", "created_at", "updated_at");
        assertThat(entity.get("child").get("id").asText()).isEqualTo(CHILD.id().toString());
        assertThat(entity.get("child").get("name").asText()).isEqualTo("Mia");
        assertThat(entity.get("hero").get("name").asText()).isEqualTo("Captain Wonder");
        // heroes and children did not change: only v differs
        ObjectNode hero = (ObjectNode) JSON.readTree(writingTwo.hero().encode(HERO, CACHED_AT, HOUR));
        hero.put("v", 1);
        assertThat(hero).isEqualTo(JSON.readTree(writingOne.hero().encode(HERO, CACHED_AT, HOUR)));
    }

    @Test
    void thisBuildUpcastsEveryShapeThePreviousReleaseWrote() {
        for (JacksonCacheCodecs reader : List.of(writingOne, writingTwo)) {
            for (Shape<?> shape : shapes()) {
                shape.assertRead(reader, shape.encode(previousRelease), true);
            }
        }
    }

    @Test
    void thisBuildReadsSchemaTwoNativelyWhateverItWrites() {
        for (JacksonCacheCodecs reader : List.of(writingOne, writingTwo)) {
            for (Shape<?> shape : shapes()) {
                shape.assertRead(reader, shape.encode(writingTwo), false);
            }
        }
    }

    @Test
    void thePreviousReleaseReadsWhatThisBuildWritesAtVersionOneAndCallsVersionTwoOutdated() {
        for (Shape<?> shape : shapes()) {
            shape.assertRead(previousRelease, shape.encode(writingOne), false);
            String two = shape.encode(writingTwo);
            assertThatThrownBy(() -> shape.codec.apply(previousRelease).decode(two)).as(shape.name)
                    .isInstanceOf(OutdatedCacheEntryException.class)
                    .hasMessageContaining("schema version 2");
        }
    }

    @Test
    void aPreviousVersionEntryNotWrittenByUsIsStillRecognised() throws Exception {
        String pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
                JSON.readTree(previousRelease.story().encode(UNRATED, CACHED_AT, HOUR)));
        ObjectNode reordered = JSON.createObjectNode();
        JsonNode tree = JSON.readTree(pretty);
        reordered.set("entity", tree.get("entity"));
        reordered.set("cached_at", tree.get("cached_at"));
        reordered.set("ttl", tree.get("ttl"));
        reordered.set("v", tree.get("v"));

        for (String text : List.of(pretty, reordered.toString())) {
            StoryView read = writingTwo.story().decode(text);
            assertThat(read).isEqualTo(UNRATED);
            assertThat(writingTwo.story().isUpcast(read)).isTrue();
        }
    }

    @Test
    void aBrokenPreviousVersionEntryIsCorruptNotOutdated() throws Exception {
        ObjectNode entry = (ObjectNode) JSON.readTree(previousRelease.story().encode(UNRATED, CACHED_AT, HOUR));
        ((ObjectNode) entry.get("entity")).putNull("child_name");
        ObjectNode missing = entry.deepCopy();
        ((ObjectNode) missing.get("entity")).remove("hero_id");
        ObjectNode nested = (ObjectNode) JSON.readTree(writingTwo.story().encode(UNRATED, CACHED_AT, HOUR));
        ((ObjectNode) nested.get("entity")).putNull("hero");

        for (String text : List.of(entry.toString(), missing.toString(), nested.toString())) {
            assertThatThrownBy(() -> writingTwo.story().decode(text)).as(text)
                    .isInstanceOf(CacheCodecException.class)
                    .isNotInstanceOf(OutdatedCacheEntryException.class);
        }
    }

    @Test
    void versionsNeitherBuildReadsAreOutdated() throws Exception {
        for (int v : new int[]{0, 3, 12345}) {
            ObjectNode entry = (ObjectNode) JSON.readTree(writingTwo.heroes().encode(List.of(HERO), CACHED_AT, HOUR));
            entry.put("v", v);
            assertThatThrownBy(() -> writingTwo.heroes().decode(entry.toString())).as("v=%d", v)
                    .isInstanceOf(OutdatedCacheEntryException.class)
                    .hasMessageContaining("reads version 2 and 1");
        }
    }

    @Test
    void onlyTheCurrentAndThePreviousVersionCanBeWritten() {
        for (int v : new int[]{0, 3, -1}) {
            assertThatIllegalArgumentException().isThrownBy(() -> new JacksonCacheCodecs(v))
                    .withMessageContaining("must be 1 or 2");
        }
    }

    @Test
    void theVersionIsPeekedFromTheFirstCharactersOnlyWhenWrittenAsWeWriteIt() {
        assertThat(VersionPeek.of("{\"v\":1,\"entity\":{}}")).isEqualTo(1);
        assertThat(VersionPeek.of("{\"v\":2,")).isEqualTo(2);
        assertThat(VersionPeek.of("{\"v\":1234,")).isEqualTo(1234);
        assertThat(VersionPeek.of("{\"v\":12345,")).isEqualTo(VersionPeek.UNKNOWN);
        assertThat(VersionPeek.of("{\"v\": 1,")).isEqualTo(VersionPeek.UNKNOWN);
        assertThat(VersionPeek.of("{\"v\":,")).isEqualTo(VersionPeek.UNKNOWN);
        assertThat(VersionPeek.of("{\"v\":1")).isEqualTo(VersionPeek.UNKNOWN);
        assertThat(VersionPeek.of("{\"v\":-1,")).isEqualTo(VersionPeek.UNKNOWN);
        assertThat(VersionPeek.of("")).isEqualTo(VersionPeek.UNKNOWN);
    }

    @Test
    void anUpcastIsRememberedForTheDecodingThreadUntilAskedOnce() throws Exception {
        CacheCodec<StoryView> story = new JacksonCacheCodecs(JacksonCacheCodecs.PREVIOUS_SCHEMA_VERSION).story();
        String previous = story.encode(UNRATED, CACHED_AT, HOUR);
        String current = new JacksonCacheCodecs(JacksonCacheCodecs.SCHEMA_VERSION).story()
                .encode(UNRATED, CACHED_AT, HOUR);

        StoryView upcast = story.decode(previous);
        boolean[] onAnotherThread = new boolean[1];
        Thread other = new Thread(() -> onAnotherThread[0] = story.isUpcast(upcast));
        other.start();
        other.join();

        assertThat(onAnotherThread[0]).as("another thread never sees this thread's decode").isFalse();
        assertThat(story.isUpcast(upcast)).isTrue();
        assertThat(story.isUpcast(upcast)).as("forgotten once asked").isFalse();
        StoryView plain = story.decode(current);
        assertThat(story.isUpcast(plain)).isFalse();
        StoryView first = story.decode(previous);
        StoryView second = story.decode(previous);
        assertThat(story.isUpcast(first)).as("only the last upcast of a thread is kept").isFalse();
        assertThat(story.isUpcast(second)).isTrue();
    }

    private static List<Shape<?>> shapes() {
        return List.of(
                new Shape<>("hero", CacheCodecs::hero, HERO),
                new Shape<>("heroes", CacheCodecs::heroes, List.of(HERO, Fixtures.hero("Luna", Fixtures.FR))),
                new Shape<>("child", CacheCodecs::child, CHILD),
                new Shape<>("children", CacheCodecs::children, List.of(CHILD)),
                new Shape<>("unrated story", CacheCodecs::story, UNRATED),
                new Shape<>("rated story", CacheCodecs::story, RATED),
                new Shape<>("stories", CacheCodecs::stories, List.of(UNRATED, RATED)),
                new Shape<>("no stories", CacheCodecs::stories, List.of()));
    }

    private record Shape<T>(String name, Function<CacheCodecs, CacheCodec<T>> codec, T value) {
        String encode(CacheCodecs codecs) {
            return codec.apply(codecs).encode(value, CACHED_AT, HOUR);
        }

        void assertRead(CacheCodecs codecs, String text, boolean upcast) {
            CacheCodec<T> reader = codec.apply(codecs);
            T read = reader.decode(text);
            assertThat(read).as(name).isEqualTo(value);
            assertThat(reader.isUpcast(read)).as("%s upcast", name).isEqualTo(upcast);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
