package dev.taleweaver.application.cache;

import dev.taleweaver.application.cache.operations.CacheStatistics;
import dev.taleweaver.application.cache.testing.MutableClock;
import dev.taleweaver.application.port.out.CacheErrorKind;
import dev.taleweaver.application.port.out.CacheOperation;
import dev.taleweaver.application.port.out.CircuitState;
import dev.taleweaver.application.port.out.InvalidationReason;
import dev.taleweaver.application.port.out.MissReason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The hit rate and latency figures of docs/operations.md ("Cache statistics"), per entity type, since start and over the last minute. */
class CacheStatisticsTest {
    private static final long MILLI = 1_000_000;

    private final MutableClock clock = new MutableClock(Instant.parse("2024-01-20T14:22:10.500Z"));
    private final CacheStatistics stats = new CacheStatistics(clock);

    private void hits(String type, int count, long nanos) {
        for (int i = 0; i < count; i++) {
            stats.onHit(type, CacheOperation.FIND_BY_ID, nanos);
        }
    }

    private void misses(String type, int count, long nanos) {
        for (int i = 0; i < count; i++) {
            stats.onMiss(type, CacheOperation.LIST_ALL, nanos, MissReason.ABSENT);
        }
    }

    @Test
    void countsHitsAndMissesPerEntityTypeWithTheirRateAndMeanLatency() {
        hits("hero", 3, 2 * MILLI);
        stats.onHit("hero", CacheOperation.FIND_BY_LANGUAGE, 6 * MILLI);
        misses("hero", 1, 60 * MILLI);
        misses("story", 2, 10 * MILLI);

        CacheStatistics.Snapshot hero = stats.snapshot("hero");
        assertThat(hero.hits()).isEqualTo(4);
        assertThat(hero.misses()).isEqualTo(1);
        assertThat(hero.hitRate()).isEqualTo(0.8);
        assertThat(hero.meanHitMillis()).isCloseTo(3.0, within(1e-9));
        assertThat(hero.meanMissMillis()).isCloseTo(60.0, within(1e-9));
        assertThat(hero.latencySavedPerHitMillis()).isCloseTo(57.0, within(1e-9));

        CacheStatistics.Snapshot story = stats.snapshot("story");
        assertThat(story.hits()).isZero();
        assertThat(story.misses()).isEqualTo(2);
        assertThat(story.hitRate()).isZero();
        assertThat(story.latencySavedPerHitMillis()).as("unknown until there was a hit").isZero();

        assertThat(stats.entityTypes()).containsExactly("hero", "story");
    }

    @Test
    void aTypeNeverReadReportsZerosRatherThanNaN() {
        CacheStatistics.Snapshot child = stats.snapshot("child");

        assertThat(child).isEqualTo(CacheStatistics.Snapshot.EMPTY);
        assertThat(child.hitRate()).isZero();
        assertThat(child.meanHitMillis()).isZero();
        assertThat(child.meanMissMillis()).isZero();
        assertThat(child.lastMinuteHitRate()).isZero();
    }

    @Test
    void otherEventsDoNotCountAsReads() {
        stats.onLoad("hero", 5 * MILLI);
        stats.onInvalidation("hero", InvalidationReason.UPDATE, 3);
        stats.onError("hero", CacheErrorKind.CONNECTION);
        stats.onCircuitStateChange(CircuitState.OPEN);

        assertThat(stats.snapshot("hero")).isEqualTo(CacheStatistics.Snapshot.EMPTY);
    }

    @Test
    void theLastMinuteSlidesWithTheClockWhileSinceStartKeepsEverything() {
        hits("hero", 2, MILLI);
        clock.advance(Duration.ofSeconds(30));
        hits("hero", 3, MILLI);
        misses("hero", 1, MILLI);

        assertThat(lastMinute()).containsExactly(5L, 1L);

        clock.advance(Duration.ofSeconds(29));
        assertThat(lastMinute()).as("59 s after the first hits they still count").containsExactly(5L, 1L);

        clock.advance(Duration.ofSeconds(1));
        assertThat(lastMinute()).as("60 s after the first hits they have left the window").containsExactly(3L, 1L);
        assertThat(stats.snapshot("hero").lastMinuteHitRate()).isEqualTo(0.75);

        clock.advance(Duration.ofSeconds(30));
        assertThat(lastMinute()).containsExactly(0L, 0L);

        CacheStatistics.Snapshot sinceStart = stats.snapshot("hero");
        assertThat(sinceStart.hits()).isEqualTo(5);
        assertThat(sinceStart.misses()).isEqualTo(1);
    }

    @Test
    void aSecondSlotComingRoundAgainStartsFromZero() {
        hits("hero", 4, MILLI);
        clock.advance(Duration.ofSeconds(60)); // the same slot of the ring, a minute later

        hits("hero", 1, MILLI);

        assertThat(lastMinute()).containsExactly(1L, 0L);
    }

    @Test
    void afterALongQuietSpellTheWindowIsEmptyAndCountsAgain() {
        hits("hero", 7, MILLI);
        clock.advance(Duration.ofHours(5).plusSeconds(17));

        assertThat(lastMinute()).containsExactly(0L, 0L);

        misses("hero", 2, MILLI);
        assertThat(lastMinute()).containsExactly(0L, 2L);
    }

    @Test
    void concurrentReadersLoseNoCount() throws Exception {
        int threads = 8;
        int perThread = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Void>> done = new ArrayList<>();
        try (Concurrently callers = new Concurrently()) {
            for (int t = 0; t < threads; t++) {
                boolean hitting = t % 2 == 0;
                done.add(callers.start(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        if (hitting) {
                            stats.onHit("story", CacheOperation.FIND_BY_ID, 1_000);
                        } else {
                            stats.onMiss("story", CacheOperation.FIND_BY_ID, 3_000, MissReason.ABSENT);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<Void> f : done) {
                Concurrently.result(f);
            }
        }

        long expected = (long) threads / 2 * perThread;
        CacheStatistics.Snapshot story = stats.snapshot("story");
        assertThat(story.hits()).isEqualTo(expected);
        assertThat(story.misses()).isEqualTo(expected);
        assertThat(story.hitNanos()).isEqualTo(expected * 1_000);
        assertThat(story.missNanos()).isEqualTo(expected * 3_000);
        assertThat(story.lastMinuteHits()).isEqualTo(expected);
        assertThat(story.lastMinuteMisses()).isEqualTo(expected);
    }

    @Test
    void concurrentReadersAcrossSecondsLoseNoCountOfTheLastMinute() throws Exception {
        // the clock moves while the threads count, so slots are being replaced under them
        int threads = 4;
        int perThread = 5_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Void>> done = new ArrayList<>();
        try (Concurrently callers = new Concurrently()) {
            for (int t = 0; t < threads; t++) {
                done.add(callers.start(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        stats.onHit("hero", CacheOperation.FIND_BY_ID, 1);
                    }
                    return null;
                }));
            }
            done.add(callers.start(() -> {
                start.await();
                for (int s = 0; s < 30; s++) {
                    clock.advance(Duration.ofSeconds(1));
                    Thread.yield();
                }
                return null;
            }));
            start.countDown();
            for (Future<Void> f : done) {
                Concurrently.result(f);
            }
        }

        assertThat(stats.snapshot("hero").hits()).isEqualTo((long) threads * perThread);
        assertThat(stats.snapshot("hero").lastMinuteHits()).as("all within the last 31 seconds")
                .isEqualTo((long) threads * perThread);
    }

    private List<Long> lastMinute() {
        CacheStatistics.Snapshot s = stats.snapshot("hero");
        return List.of(s.lastMinuteHits(), s.lastMinuteMisses());
    }
}
