package dev.taleweaver.application.cache;

import ch.qos.logback.classic.Level;
import dev.taleweaver.application.cache.aside.CachedRepository;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.domain.hero.Hero;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache's logging (docs/operations.md, "Logs and request ids"): what an operator sees at each level. */
class CacheLoggingTest {
    private final CachedWorld world = new CachedWorld();
    private final Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
    private final String key = "hero:" + hero.id();

    @Test
    void missWriteAndHitAreDebugLines() {
        try (LogCapture log = LogCapture.of(CachedRepository.class, Level.DEBUG)) {
            world.heroes.findById(hero.id());
            world.heroes.findById(hero.id());

            assertThat(log.messages(Level.DEBUG)).containsExactly(
                    "Cache write: entity=hero key=" + key + " ttl=" + world.store.ttlOf(key).orElseThrow().toSeconds() + "s",
                    "Cache miss: entity=hero key=" + key + " reason=ABSENT",
                    "Cache hit: entity=hero key=" + key);
        }
    }

    @Test
    void invalidationsAreInfoLinesWithTypeKeysAndReason() {
        try (LogCapture log = LogCapture.of(CachedRepository.class, Level.INFO)) {
            world.heroes.update(Fixtures.relanguaged(hero, Fixtures.FR));

            // a language change moves the hero between language lists; hero:all keeps its members (ADR 11)
            assertThat(log.messages(Level.INFO)).singleElement().asString().contains("entity=hero",
                    key, "hero:lang:en", "hero:lang:fr", "reason=UPDATE").doesNotContain("hero:all");
        }
    }

    @Test
    void serialisationErrorsAreErrorLinesWithTypeAndMessage() {
        world.codecs.failEncoding(true);
        try (LogCapture log = LogCapture.of(CachedRepository.class, Level.INFO)) {
            world.heroes.findById(hero.id());

            assertThat(log.messages(Level.ERROR)).singleElement().asString()
                    .contains("serialization", "entity=hero", "cannot encode hero");
        }
    }

    @Test
    void withDebugOffAHitLogsNothing() {
        world.heroes.findById(hero.id());
        try (LogCapture log = LogCapture.of(CachedRepository.class, Level.INFO)) {
            world.heroes.findById(hero.id());

            assertThat(log.messages(Level.DEBUG)).isEmpty();
            assertThat(log.messages(Level.INFO)).isEmpty();
        }
    }
}
