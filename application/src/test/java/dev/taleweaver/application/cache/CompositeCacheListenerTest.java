package dev.taleweaver.application.cache;

import ch.qos.logback.classic.Level;
import dev.taleweaver.application.cache.aside.CacheOptions;
import dev.taleweaver.application.cache.aside.CachedHeroRepository;
import dev.taleweaver.application.cache.aside.DependentViews;
import dev.taleweaver.application.cache.operations.CacheStatistics;
import dev.taleweaver.application.cache.operations.CompositeCacheListener;
import dev.taleweaver.application.port.out.CacheErrorKind;
import dev.taleweaver.application.port.out.CacheListener;
import dev.taleweaver.application.port.out.CacheOperation;
import dev.taleweaver.application.port.out.CircuitState;
import dev.taleweaver.application.port.out.InvalidationReason;
import dev.taleweaver.application.port.out.MissReason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One CacheOptions feeds the statistics and the metrics listener alike. */
class CompositeCacheListenerTest {
    private final RecordingCacheListener first = new RecordingCacheListener();
    private final RecordingCacheListener second = new RecordingCacheListener();

    @Test
    void everyEventReachesEveryListener() {
        CacheListener both = CompositeCacheListener.of(first, second);

        both.onHit("hero", CacheOperation.FIND_BY_ID, 10);
        both.onMiss("story", CacheOperation.LIST_ALL, 20, MissReason.CIRCUIT_OPEN);
        both.onLoad("child", 30);
        both.onInvalidation("hero", InvalidationReason.UPDATE, 4);
        both.onError("hero", CacheErrorKind.TIMEOUT);
        both.onCircuitStateChange(CircuitState.OPEN);

        assertThat(first.events()).hasSize(6).isEqualTo(second.events());
        assertThat(first.events()).containsExactly("hit hero find_by_id", "miss story list_all CIRCUIT_OPEN",
                "load child", "invalidation hero UPDATE 4", "error hero TIMEOUT", "circuit OPEN");
    }

    @Test
    void aThrowingListenerNeitherStopsTheOthersNorTheReadAndIsReportedOnce() {
        CacheListener broken = new CacheListener() {
            @Override
            public void onHit(String entityType, CacheOperation operation, long nanos) {
                throw new IllegalStateException("boom");
            }
        };
        CacheListener all = CompositeCacheListener.of(broken, first);

        try (LogCapture log = LogCapture.of(CompositeCacheListener.class, Level.INFO)) {
            all.onHit("hero", CacheOperation.FIND_BY_ID, 1);
            all.onHit("hero", CacheOperation.FIND_BY_ID, 1);

            assertThat(log.messages(Level.WARN)).singleElement().asString().contains("boom");
        }
        assertThat(first.events()).containsExactly("hit hero find_by_id", "hit hero find_by_id");
    }

    @Test
    void feedsStatisticsFromTheCachedRepositories() {
        CacheStatistics statistics = new CacheStatistics();
        CachedWorld world = new CachedWorld();
        var hero = world.heroInDb("Captain Wonder", dev.taleweaver.application.fixtures.Fixtures.EN);
        CacheOptions options = CacheOptions.defaults().withListener(CompositeCacheListener.of(statistics, first));
        CachedHeroRepository heroes = new CachedHeroRepository(world.heroDb.repository(), world.store,
                world.heroStrategy, options, DependentViews.NONE);

        heroes.findById(hero.id());
        heroes.findById(hero.id());

        assertThat(statistics.snapshot("hero").hits()).isEqualTo(1);
        assertThat(statistics.snapshot("hero").misses()).isEqualTo(1);
        assertThat(first.eventsStartingWith("hit")).hasSize(1);
    }
}
