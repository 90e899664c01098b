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
import dev.taleweaver.domain.story.StoryView;

import java.time.Instant;
import java.util.List;

/**
 * The cache entries of every shape as JSON, per the spec's Cache Entry Structure. Entries carry
 * {@link #SCHEMA_VERSION}; an entry of another version decodes to an OutdatedCacheEntryException, so changing
 * the wire form means bumping the version and old entries are simply replaced.
 */
public final class JacksonCacheCodecs implements CacheCodecs {

    /** Bump whenever the JSON written for any shape changes. */
    public static final int SCHEMA_VERSION = 1;

    private final CacheCodec<Hero> hero;
    private final CacheCodec<List<Hero>> heroes;
    private final CacheCodec<Child> child;
    private final CacheCodec<List<Child>> children;
    private final CacheCodec<StoryView> story;
    private final CacheCodec<List<StoryView>> stories;

    public JacksonCacheCodecs() {
        ObjectMapper mapper = mapper();
        this.hero = new EnvelopeCodec<>("hero", SCHEMA_VERSION, HeroJson.MAPPING, mapper);
        this.heroes = new EnvelopeCodec<>("hero list", SCHEMA_VERSION, WireMapping.listOf(HeroJson.MAPPING), mapper);
        this.child = new EnvelopeCodec<>("child", SCHEMA_VERSION, ChildJson.MAPPING, mapper);
        this.children = new EnvelopeCodec<>("child list", SCHEMA_VERSION, WireMapping.listOf(ChildJson.MAPPING),
                mapper);
        this.story = new EnvelopeCodec<>("story", SCHEMA_VERSION, StoryViewJson.MAPPING, mapper);
        this.stories = new EnvelopeCodec<>("story list", SCHEMA_VERSION, WireMapping.listOf(StoryViewJson.MAPPING),
                mapper);
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
