package dev.taleweaver.application.cache;

import ch.qos.logback.classic.Level;
import dev.taleweaver.application.cache.aside.CacheOptions;
import dev.taleweaver.application.cache.aside.CachedChildRepository;
import dev.taleweaver.application.cache.aside.CachedHeroRepository;
import dev.taleweaver.application.cache.aside.CachedStoryRepository;
import dev.taleweaver.application.cache.operations.CacheAdministration;
import dev.taleweaver.application.cache.operations.CacheStatistics;
import dev.taleweaver.application.cache.resilience.CircuitBreakingCacheStore;
import dev.taleweaver.application.cache.testing.InMemoryCacheStore;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.in.CacheReport.EntityStats;
import dev.taleweaver.application.port.in.CacheReport.ServerStats;
import dev.taleweaver.application.port.in.CacheReport.Window;
import dev.taleweaver.application.port.in.CacheReport;
import dev.taleweaver.application.port.in.FlushCache.FlushResult;
import dev.taleweaver.application.port.in.StorageUnavailableException;
import dev.taleweaver.application.port.out.CacheServerStats;
import dev.taleweaver.application.port.out.CacheStoreException;
import dev.taleweaver.application.port.out.CircuitState;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.common.Text;
import dev.taleweaver.domain.common.ValidationException;
import dev.taleweaver.domain.common.Violation;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.story.Story;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** What an operator sees at GET /admin/cache/stats and gets from DELETE /admin/cache[/{entity_type}]. */
class CacheAdministrationTest {
    private final CachedWorld world = new CachedWorld();
    private final CacheStatistics statistics = new CacheStatistics(world.clock);
    private final FakeServerStats server = new FakeServerStats(world.store);
    private final CacheAdministration admin = new CacheAdministration(world.breaker, statistics, server);

    // repositories as bootstrap wires them: through the breaker, reporting to the statistics
    private final CacheOptions options = CacheOptions.defaults().withClock(world.clock).withListener(statistics);
    private final CachedStoryRepository stories = new CachedStoryRepository(world.storyDb.repository(),
            world.breaker, world.storyStrategy, options);
    private final CachedHeroRepository heroes = new CachedHeroRepository(world.heroDb.repository(), world.breaker,
            world.heroStrategy, options, stories);
    private final CachedChildRepository children = new CachedChildRepository(world.childDb.repository(),
            world.breaker, world.childStrategy, options, stories);

    private final Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
    private final Child child = world.childInDb("Mia", Fixtures.EN);
    private final Story story = world.storyInDb("The Moon", child, hero);

    @Test
    void reportsHitsMissesKeysAndServerFiguresPerEntityType() {
        heroes.findById(hero.id());   // miss
        heroes.findById(hero.id());   // hit
        heroes.findById(hero.id());   // hit
        heroes.listAll();             // miss
        stories.findByLanguage(Fixtures.EN); // miss

        CacheReport report = admin.report();

        assertThat(report.enabled()).isTrue();
        assertThat(report.circuitState()).isEqualTo("CLOSED");
        assertThat(report.entities()).containsOnlyKeys("hero", "child", "story");
        EntityStats heroStats = report.entities().get("hero");
        assertThat(heroStats.sinceStart()).isEqualTo(new Window(2, 2, 0.5));
        assertThat(heroStats.lastMinute()).isEqualTo(new Window(2, 2, 0.5));
        assertThat(heroStats.keyCount()).as("hero:{id} and hero:all").isEqualTo(2);
        assertThat(heroStats.meanHitMillis()).isPositive();
        assertThat(heroStats.latencySavedPerHitMillis())
                .isCloseTo(heroStats.meanMissMillis() - heroStats.meanHitMillis(), within(1e-9));
        assertThat(report.entities().get("story").sinceStart()).isEqualTo(new Window(0, 1, 0.0));
        assertThat(report.entities().get("story").keyCount()).as("story:lang:en and its member's own entry")
                .isEqualTo(2);
        assertThat(report.entities().get("child")).isEqualTo(new EntityStats(Window.of(0, 0), Window.of(0, 0),
                0, 0, 0, 0));
        assertThat(report.server()).isEqualTo(new ServerStats(FakeServerStats.USED_MEMORY, 7, 2, 10, 40, 64));
        assertThat(server.asked()).contains("countKeys hero:*", "countKeys child:*", "countKeys story:*");
    }

    @Test
    void theLastMinuteForgetsOlderReadsButSinceStartKeepsThem() {
        heroes.findById(hero.id());
        heroes.findById(hero.id());
        world.clock.advance(java.time.Duration.ofSeconds(61));
        heroes.findById(hero.id());

        EntityStats heroStats = admin.report().entities().get("hero");

        assertThat(heroStats.sinceStart()).isEqualTo(Window.of(2, 1));
        assertThat(heroStats.lastMinute()).as("the entry's TTL is an hour: still a hit").isEqualTo(Window.of(1, 0));
    }

    @Test
    void whileTheCircuitIsOpenRedisIsNotAskedAndItsFiguresAreUnknown() {
        world.store.failWith(CacheStoreException.Kind.CONNECTION);
        for (int i = 0; i < CircuitBreakingCacheStore.DEFAULT_FAILURE_THRESHOLD; i++) {
            heroes.findById(hero.id());
        }
        assertThat(world.breaker.state()).isEqualTo(CircuitState.OPEN);
        server.clear();

        CacheReport report = admin.report();

        assertThat(report.circuitState()).isEqualTo("OPEN");
        assertThat(report.entities().get("hero").keyCount()).isEqualTo(-1);
        assertThat(report.entities().get("hero").sinceStart().misses()).isEqualTo(3);
        assertThat(report.server()).as("the pools are this instance's own: still known")
                .isEqualTo(new ServerStats(-1, -1, 2, 10, 40, 64));
        assertThat(server.asked()).doesNotContain("usedMemoryBytes", "evictedKeys")
                .noneMatch(call -> call.startsWith("countKeys"));
    }

    @Test
    void aServerStatsThatBreaksItsPromiseAndThrowsStillGivesAReport() {
        CacheServerStats throwing = new FakeServerStats(world.store) {
            @Override
            public long usedMemoryBytes() {
                throw new IllegalStateException("boom");
            }

            @Override
            public int readPoolInUse() {
                throw new IllegalStateException("boom");
            }
        };

        CacheReport report = new CacheAdministration(world.breaker, statistics, throwing).report();

        assertThat(report.server().usedMemoryBytes()).isEqualTo(-1);
        assertThat(report.server().evictedKeys()).isEqualTo(7);
        assertThat(report.server().readPoolInUse()).isEqualTo(-1);
        assertThat(report.server().readPoolSize()).isEqualTo(64);
    }

    @Test
    void flushingOneTypeDeletesExactlyThatTypesKeysAndKeepsVersions() {
        warmEverything();
        String heroKey = "hero:" + hero.id();
        world.store.invalidate(List.of(heroKey)); // gives the key a version, as a write would
        heroes.findById(hero.id());
        long heroVersion = world.store.currentVersion(heroKey);
        Set<String> before = world.store.keys();
        assertThat(before).contains(heroKey, "hero:all", "hero:lang:en");

        FlushResult result;
        try (LogCapture log = LogCapture.of(CacheAdministration.class, Level.INFO)) {
            result = admin.flush(Optional.of("hero"));
            assertThat(log.messages(Level.INFO)).containsExactly("Cache flush: scope=hero, keys=3");
        }

        assertThat(result).isEqualTo(new FlushResult("hero", 3));
        assertThat(world.store.deletedPatterns()).containsExactly("hero:*");
        assertThat(world.store.keys()).isEqualTo(without(before, "hero:"));
        assertThat(world.store.keys()).contains("child:" + child.id(), "story:" + story.id(), "story:all");
        assertThat(world.store.currentVersion(heroKey)).as("versions survive a flush").isEqualTo(heroVersion);
        assertThat(heroes.findById(hero.id())).as("the next read loads and caches it again").contains(hero);
        assertThat(world.store.keys()).contains(heroKey);
    }

    @Test
    void flushingWithoutATypeDeletesEveryKeyOfTheDeployment() {
        warmEverything();
        int cached = world.store.keys().size();

        FlushResult result = admin.flush(Optional.empty());

        assertThat(result).isEqualTo(new FlushResult("all", cached));
        assertThat(world.store.deletedPatterns()).containsExactly("*");
        assertThat(world.store.keys()).isEmpty();
    }

    @Test
    void anUnknownTypeIsAValidationErrorNamingTheAllowedTypesAndDeletesNothing() {
        warmEverything();
        Set<String> before = world.store.keys();

        for (String type : List.of("heroes", "Hero", "all", "", "*", "hero\r\nforged", "x".repeat(10_000))) {
            assertThatThrownBy(() -> admin.flush(Optional.of(type)))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                            .singleElement().extracting(Violation::field, Violation::message)
                            .containsExactly("entity_type", "must be one of hero, child, story (got "
                                    + Text.quoted(type) + ")"));
            assertThat(Text.quoted(type)).doesNotContain("\r", "\n").hasSizeLessThan(30);
        }
        assertThat(world.store.deletedPatterns()).isEmpty();
        assertThat(world.store.keys()).isEqualTo(before);
    }

    @Test
    void aFlushWhileTheCacheIsDownIsA503AndIsDoneAsSoonAsTheCacheAnswers() {
        warmEverything();
        world.store.failWith(CacheStoreException.Kind.CONNECTION);

        assertThatThrownBy(() -> admin.flush(Optional.of("story")))
                .isInstanceOf(StorageUnavailableException.class).hasMessage("cache unavailable")
                .hasCauseInstanceOf(CacheStoreException.class);
        assertThat(world.breaker.pendingInvalidations()).as("a flush of every key waits").isEqualTo(-1);

        world.store.recover();
        heroes.findById(hero.id()); // the next cache call replays the flush first

        assertThat(world.store.deletedPatterns()).contains("*");
        assertThat(world.store.keys()).containsExactly("hero:" + hero.id());
    }

    @Test
    void aFlushWhileTheCircuitIsOpenIsA503Too() {
        world.store.failWith(CacheStoreException.Kind.TIMEOUT);
        for (int i = 0; i < CircuitBreakingCacheStore.DEFAULT_FAILURE_THRESHOLD; i++) {
            heroes.findById(hero.id());
        }

        assertThatThrownBy(() -> admin.flush(Optional.empty()))
                .isInstanceOf(StorageUnavailableException.class).hasMessage("cache unavailable");
    }

    @Test
    void whenCachingIsDisabledTheReportSaysSoAndFlushesDeleteNothing() {
        CacheAdministration disabled = CacheAdministration.disabled();

        CacheReport report = disabled.report();

        assertThat(report.enabled()).isFalse();
        assertThat(report.circuitState()).isEqualTo("DISABLED");
        assertThat(report.server()).isEqualTo(ServerStats.UNKNOWN);
        assertThat(report.entities()).containsOnlyKeys("hero", "child", "story");
        assertThat(report.entities().values()).allSatisfy(stats -> assertThat(stats)
                .isEqualTo(new EntityStats(Window.of(0, 0), Window.of(0, 0), 0, 0, 0, 0)));
        assertThat(disabled.flush(Optional.of("child"))).isEqualTo(new FlushResult("child", 0));
        assertThat(disabled.flush(Optional.empty())).isEqualTo(new FlushResult("all", 0));
        assertThatThrownBy(() -> disabled.flush(Optional.of("villain"))).isInstanceOf(ValidationException.class);
    }

    private void warmEverything() {
        heroes.findById(hero.id());
        heroes.listAll();
        heroes.findByLanguage(Fixtures.EN);
        children.findById(child.id());
        children.listAll();
        stories.findById(story.id());
        stories.listAll();
        stories.findByChild(child.id());
    }

    private static Set<String> without(Set<String> keys, String prefix) {
        Set<String> kept = new java.util.TreeSet<>(keys);
        kept.removeIf(k -> k.startsWith(prefix));
        return kept;
    }

    /** Fixed server figures; key counts read from the in-memory store, as SCAN would from Redis. */
    static class FakeServerStats implements CacheServerStats {
        static final long USED_MEMORY = 1_048_576;

        private final InMemoryCacheStore store;
        private final List<String> asked = Collections.synchronizedList(new ArrayList<>());

        FakeServerStats(InMemoryCacheStore store) {
            this.store = store;
        }

        List<String> asked() {
            return List.copyOf(asked);
        }

        void clear() {
            asked.clear();
        }

        @Override
        public long usedMemoryBytes() {
            asked.add("usedMemoryBytes");
            return USED_MEMORY;
        }

        @Override
        public long evictedKeys() {
            asked.add("evictedKeys");
            return 7;
        }

        @Override
        public long countKeys(String pattern) {
            asked.add("countKeys " + pattern);
            if (!pattern.endsWith("*") || pattern.indexOf('*') != pattern.length() - 1) {
                throw new IllegalArgumentException("this fake counts prefix patterns only: " + pattern);
            }
            String prefix = pattern.substring(0, pattern.length() - 1);
            return store.keys().stream().filter(k -> k.startsWith(prefix)).count();
        }

        @Override
        public int poolInUse() {
            return 2;
        }

        @Override
        public int poolSize() {
            return 10;
        }

        @Override
        public int readPoolInUse() {
            return 40;
        }

        @Override
        public int readPoolSize() {
            return 64;
        }
    }
}
