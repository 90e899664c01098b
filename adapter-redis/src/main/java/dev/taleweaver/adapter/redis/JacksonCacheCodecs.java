package dev.taleweaver.adapter.redis;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.taleweaver.application.port.out.CacheCodec;
import dev.taleweaver.application.port.out.CacheCodecs;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.paging.Position;
import dev.taleweaver.domain.story.StoryView;

import java.time.Instant;
import java.util.List;

/**
 * The cache entries of every shape as JSON, per docs/caching.md (Entry format), with a schema version {@code v}.
 * This build reads {@link #SCHEMA_VERSION} and {@link #PREVIOUS_SCHEMA_VERSION} (upcasting the latter in memory) and
 * writes the version it is given ({@code CACHE_SCHEMA_WRITE_VERSION}): the previous one until every instance runs a
 * build that reads the current one, so both releases of a rolling deploy hit each other's entries (ADR 9). An
 * entry of any other version decodes to an OutdatedCacheEntryException: a miss, replaced by the next load.
 *
 * <p>Schema 2 changed one shape: a story view nests its child's and hero's id and name ({@link StoryViewJson});
 * heroes and children are written as in schema 1.
 */
public final class JacksonCacheCodecs implements CacheCodecs {

    /** The schema this build reads natively; bump it (and add an upcaster) whenever the JSON of any shape changes. */
    public static final int SCHEMA_VERSION = 2;
    /** The schema the previous release reads and writes; this build reads it too. */
    public static final int PREVIOUS_SCHEMA_VERSION = SCHEMA_VERSION - 1;
    /** What this build writes unless told otherwise: what the previous release can read. */
    public static final int DEFAULT_WRITE_VERSION = PREVIOUS_SCHEMA_VERSION;

    private final int writeVersion;
    private final CacheCodec<Hero> hero;
    private final CacheCodec<List<Hero>> heroes;
    private final CacheCodec<Child> child;
    private final CacheCodec<List<Child>> children;
    private final CacheCodec<StoryView> story;
    private final CacheCodec<List<StoryView>> stories;
    private final CacheCodec<List<Position>> members;

    /** Writes {@link #DEFAULT_WRITE_VERSION}, as production does by default. */
    public JacksonCacheCodecs() {
        this(DEFAULT_WRITE_VERSION);
    }

    /**
     * @param writeVersion {@link #SCHEMA_VERSION} or {@link #PREVIOUS_SCHEMA_VERSION}
     * @throws IllegalArgumentException for any other version
     */
    public JacksonCacheCodecs(int writeVersion) {
        if (writeVersion != SCHEMA_VERSION && writeVersion != PREVIOUS_SCHEMA_VERSION) {
            throw new IllegalArgumentException("the cache schema write version must be " + PREVIOUS_SCHEMA_VERSION
                    + " or " + SCHEMA_VERSION + ", not " + writeVersion);
        }
        ObjectMapper mapper = mapper();
        this.writeVersion = writeVersion;
        // schema 2 changed story views only: a hero's or child's entity is written the same in both versions
        this.hero = new EnvelopeCodec<>("hero", SCHEMA_VERSION, HeroJson.MAPPING,
                WireMapping.unchanged(HeroJson.class), writeVersion, mapper)
                .servingEntityJson(HeroJson.shape(), true);
        this.heroes = new EnvelopeCodec<>("hero list", SCHEMA_VERSION, WireMapping.listOf(HeroJson.MAPPING),
                WireMapping.listOf(WireMapping.unchanged(HeroJson.class)), writeVersion, mapper);
        this.child = new EnvelopeCodec<>("child", SCHEMA_VERSION, ChildJson.MAPPING,
                WireMapping.unchanged(ChildJson.class), writeVersion, mapper)
                .servingEntityJson(ChildJson.shape(), true);
        this.children = new EnvelopeCodec<>("child list", SCHEMA_VERSION,
                WireMapping.listOf(ChildJson.MAPPING), WireMapping.listOf(WireMapping.unchanged(ChildJson.class)),
                writeVersion, mapper);
        this.story = new EnvelopeCodec<>("story", SCHEMA_VERSION, StoryViewJson.MAPPING,
                StoryViewJsonV1.UPCAST, writeVersion, mapper);
        this.stories = new EnvelopeCodec<>("story list", SCHEMA_VERSION,
                WireMapping.listOf(StoryViewJson.MAPPING), WireMapping.listOf(StoryViewJsonV1.UPCAST), writeVersion,
                mapper);
        this.members = new EnvelopeCodec<>("member list", SCHEMA_VERSION,
                WireMapping.listOf(PositionJson.MAPPING),
                WireMapping.listOf(WireMapping.unchanged(PositionJson.class)), writeVersion, mapper);
    }

    /**
     * The codecs exactly as the release before schema 2 had them: they read and write schema 1 only, and an entry
     * of schema 2 is outdated to them. For tests and benchmarks that run that release side by side with this one.
     */
    public static CacheCodecs previousRelease() {
        ObjectMapper mapper = mapper();
        int v = PREVIOUS_SCHEMA_VERSION;
        return new Fixed(
                new EnvelopeCodec<>("hero", v, HeroJson.MAPPING, null, v, mapper),
                new EnvelopeCodec<>("hero list", v, WireMapping.listOf(HeroJson.MAPPING), null, v, mapper),
                new EnvelopeCodec<>("child", v, ChildJson.MAPPING, null, v, mapper),
                new EnvelopeCodec<>("child list", v, WireMapping.listOf(ChildJson.MAPPING), null, v, mapper),
                new EnvelopeCodec<>("story", v, StoryViewJsonV1.MAPPING, null, v, mapper),
                new EnvelopeCodec<>("story list", v, WireMapping.listOf(StoryViewJsonV1.MAPPING), null, v, mapper),
                new EnvelopeCodec<>("member list", v, WireMapping.listOf(PositionJson.MAPPING), null, v, mapper));
    }

    /** The schema version this instance writes. */
    public int writeVersion() {
        return writeVersion;
    }

    @Override
    public CacheCodec<Hero> hero() {
        return hero;
    }

    @Override
    public CacheCodec<List<Hero>> heroes() {
        return heroes;
    }

    @Override
    public CacheCodec<Child> child() {
        return child;
    }

    @Override
    public CacheCodec<List<Child>> children() {
        return children;
    }

    @Override
    public CacheCodec<StoryView> story() {
        return story;
    }

    @Override
    public CacheCodec<List<StoryView>> stories() {
        return stories;
    }

    @Override
    public CacheCodec<List<Position>> members() {
        return members;
    }

    private record Fixed(CacheCodec<Hero> hero, CacheCodec<List<Hero>> heroes, CacheCodec<Child> child,
                         CacheCodec<List<Child>> children, CacheCodec<StoryView> story,
                         CacheCodec<List<StoryView>> stories, CacheCodec<List<Position>> members)
            implements CacheCodecs {
    }

    private static ObjectMapper mapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                // after JavaTimeModule, so it replaces that module's (slow) Instant reader
                .addModule(new SimpleModule("utc-instants").addDeserializer(Instant.class,
                        new UtcInstantDeserializer()))
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                // ISO-8601 text such as 2024-01-15T10:30:00.123456Z, not epoch numbers
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // a missing field is a corrupt entry, not a silent 0 or null
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }
}
