package dev.taleweaver.adapter.metrics;

import dev.taleweaver.application.port.out.CacheErrorKind;
import dev.taleweaver.application.port.out.CircuitState;
import dev.taleweaver.application.port.out.InvalidationReason;
import dev.taleweaver.application.port.out.MissReason;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static dev.taleweaver.application.port.out.CacheOperation.FIND_BY_CHILD;
import static dev.taleweaver.application.port.out.CacheOperation.FIND_BY_ID;
import static dev.taleweaver.application.port.out.CacheOperation.LIST_ALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.within;

class MicrometerCacheListenerTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerCacheListener listener = new MicrometerCacheListener(registry);

    @Test
    void countsHitsAndMissesPerEntityOperationAndReason() {
        listener.onHit("hero", FIND_BY_ID, MS);
        listener.onHit("hero", FIND_BY_ID, MS);
        listener.onHit("hero", LIST_ALL, MS);
        listener.onMiss("hero", FIND_BY_ID, 20 * MS, MissReason.ABSENT);
        listener.onMiss("hero", FIND_BY_ID, 20 * MS, MissReason.CIRCUIT_OPEN);
        listener.onMiss("story", FIND_BY_CHILD, 20 * MS, MissReason.CORRUPT);

        assertThat(count(MicrometerCacheListener.HITS, "entity", "hero", "operation", "find_by_id")).isEqualTo(2);
        assertThat(count(MicrometerCacheListener.HITS, "entity", "hero", "operation", "list_all")).isEqualTo(1);
        assertThat(count(MicrometerCacheListener.MISSES, "entity", "hero", "operation", "find_by_id",
                "reason", "absent")).isEqualTo(1);
        assertThat(count(MicrometerCacheListener.MISSES, "entity", "hero", "operation", "find_by_id",
                "reason", "circuit_open")).isEqualTo(1);
        assertThat(count(MicrometerCacheListener.MISSES, "entity", "story", "operation", "find_by_child",
                "reason", "corrupt")).isEqualTo(1);
        // every reason exists from the first read on, so dashboards and rate() see 0, not a missing series
        assertThat(count(MicrometerCacheListener.MISSES, "entity", "story", "operation", "find_by_child",
                "reason", "store_error")).isZero();
    }

    @Test
    void upcastHitsAreCountedApartAndStartAtZero() {
        listener.onHit("story", FIND_BY_ID, MS);
        listener.onHit("story", FIND_BY_ID, MS);
        listener.onUpcastHit("story", FIND_BY_ID);
        listener.onHit("hero", LIST_ALL, MS);

        assertThat(count(MicrometerCacheListener.UPCAST_HITS, "entity", "story", "operation", "find_by_id"))
                .isEqualTo(1);
        assertThat(count(MicrometerCacheListener.HITS, "entity", "story", "operation", "find_by_id")).isEqualTo(2);
        assertThat(count(MicrometerCacheListener.UPCAST_HITS, "entity", "hero", "operation", "list_all")).isZero();
    }

    @Test
    void hitRatioIsHitsOverReadsOfTheEntityAcrossOperations() {
        listener.onHit("hero", FIND_BY_ID, MS);
        listener.onHit("hero", FIND_BY_ID, MS);
        listener.onHit("hero", LIST_ALL, MS);
        listener.onMiss("hero", LIST_ALL, MS, MissReason.ABSENT);
        listener.onMiss("child", FIND_BY_ID, MS, MissReason.ABSENT);

        assertThat(ratio("hero")).isEqualTo(0.75);
        assertThat(ratio("child")).isZero();
    }

    @Test
    void hitRatioIsNotANumberBeforeTheFirstRead() {
        // an entity is known once something happened to it, e.g. an invalidation, but no read yet
        listener.onInvalidation("story", InvalidationReason.SAVE, 1);

        assertThat(ratio("story")).isNaN();
    }

    @Test
    void countsPageMembersBySourceWithoutTouchingTheHitRatio() {
        listener.onHit("hero", LIST_ALL, MS);
        listener.onPageMembers("hero", 48, 2);
        listener.onPageMembers("hero", 50, 0);

        assertThat(registry.get(MicrometerCacheListener.PAGE_MEMBERS).tags("entity", "hero", "source", "cache")
                .counter().count()).isEqualTo(98.0);
        assertThat(registry.get(MicrometerCacheListener.PAGE_MEMBERS).tags("entity", "hero", "source", "database")
                .counter().count()).isEqualTo(2.0);
        assertThat(registry.get(MicrometerCacheListener.HIT_RATIO).tags("entity", "hero").gauge().value())
                .as("the id list's read alone").isEqualTo(1.0);
    }

    @Test
    void timesHitsMissesAndDatabaseLoads() {
        listener.onHit("hero", FIND_BY_ID, 2 * MS);
        listener.onMiss("hero", FIND_BY_ID, 30 * MS, MissReason.ABSENT);
        listener.onMiss("hero", FIND_BY_ID, 50 * MS, MissReason.ABSENT);
        listener.onLoad("hero", 25 * MS);

        Timer hits = registry.get(MicrometerCacheListener.HIT_LATENCY)
                .tags("entity", "hero", "operation", "find_by_id").timer();
        Timer misses = registry.get(MicrometerCacheListener.MISS_LATENCY)
                .tags("entity", "hero", "operation", "find_by_id").timer();
        Timer loads = registry.get(MicrometerCacheListener.DB_LOADS).tags("entity", "hero").timer();
        assertThat(hits.count()).isEqualTo(1);
        assertThat(hits.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2.0);
        assertThat(misses.count()).isEqualTo(2);
        assertThat(misses.mean(TimeUnit.MILLISECONDS)).isEqualTo(40.0);
        assertThat(loads.count()).isEqualTo(1);
        assertThat(loads.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(25.0);
    }

    @Test
    void countsInvalidatedKeysAndInvalidationRequests() {
        listener.onInvalidation("hero", InvalidationReason.UPDATE, 3);
        listener.onInvalidation("hero", InvalidationReason.UPDATE, 2);
        // a pattern delete of the whole type reports 0 keys: still a request, no keys
        listener.onInvalidation("hero", InvalidationReason.RELATED_CHANGE, 0);

        assertThat(count(MicrometerCacheListener.INVALIDATIONS, "entity", "hero", "reason", "update")).isEqualTo(5);
        assertThat(count(MicrometerCacheListener.INVALIDATION_EVENTS, "entity", "hero", "reason", "update"))
                .isEqualTo(2);
        assertThat(count(MicrometerCacheListener.INVALIDATIONS, "entity", "hero", "reason", "related_change"))
                .isZero();
        assertThat(count(MicrometerCacheListener.INVALIDATION_EVENTS, "entity", "hero", "reason", "related_change"))
                .isEqualTo(1);
        assertThat(count(MicrometerCacheListener.INVALIDATIONS, "entity", "hero", "reason", "corrupt_entry"))
                .isZero();
    }

    @Test
    void countsErrorsByKind() {
        listener.onError("story", CacheErrorKind.TIMEOUT);
        listener.onError("story", CacheErrorKind.TIMEOUT);
        listener.onError("story", CacheErrorKind.DESERIALIZATION);

        assertThat(count(MicrometerCacheListener.ERRORS, "entity", "story", "kind", "timeout")).isEqualTo(2);
        assertThat(count(MicrometerCacheListener.ERRORS, "entity", "story", "kind", "deserialization")).isEqualTo(1);
        assertThat(count(MicrometerCacheListener.ERRORS, "entity", "story", "kind", "connection")).isZero();
        assertThat(count(MicrometerCacheListener.ERRORS, "entity", "story", "kind", "serialization")).isZero();
    }

    @Test
    void circuitGaugeFollowsTheBreakerOrderedByDegradation() {
        assertThat(circuitState()).isEqualTo(0);

        listener.onCircuitStateChange(CircuitState.OPEN);
        assertThat(circuitState()).isEqualTo(2);
        listener.onCircuitStateChange(CircuitState.HALF_OPEN);
        assertThat(circuitState()).isEqualTo(1);
        listener.onCircuitStateChange(CircuitState.OPEN);
        listener.onCircuitStateChange(CircuitState.HALF_OPEN);
        listener.onCircuitStateChange(CircuitState.CLOSED);
        assertThat(circuitState()).isEqualTo(0);

        // flapping between scrapes is invisible in the gauge, so the transitions are counted too
        assertThat(count(MicrometerCacheListener.CIRCUIT_TRANSITIONS, "state", "open")).isEqualTo(2);
        assertThat(count(MicrometerCacheListener.CIRCUIT_TRANSITIONS, "state", "half_open")).isEqualTo(2);
        assertThat(count(MicrometerCacheListener.CIRCUIT_TRANSITIONS, "state", "closed")).isEqualTo(1);
    }

    @Test
    void registersMetersOnceAndReusesThemOnEveryLaterEvent() {
        listener.onHit("hero", FIND_BY_ID, MS);
        listener.onMiss("hero", FIND_BY_ID, MS, MissReason.ABSENT);
        listener.onLoad("hero", MS);
        listener.onInvalidation("hero", InvalidationReason.SAVE, 1);
        listener.onError("hero", CacheErrorKind.CONNECTION);
        int metersAfterFirstUse = registry.getMeters().size();
        Meter hits = registry.get(MicrometerCacheListener.HITS).tags("entity", "hero").counter();

        // Adding a filter empties Micrometer's cache of known ids, so from here every builder.register() call
        // (even for an existing meter) passes through it: the filter sees any registration the hot path makes.
        int[] registrationAttempts = {0};
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                registrationAttempts[0]++;
                return id;
            }
        });
        for (int i = 0; i < 1_000; i++) {
            listener.onHit("hero", FIND_BY_ID, MS);
            listener.onMiss("hero", FIND_BY_ID, MS, MissReason.values()[i % MissReason.values().length]);
            listener.onLoad("hero", MS);
            listener.onInvalidation("hero", InvalidationReason.SAVE, 1);
            listener.onError("hero", CacheErrorKind.CONNECTION);
        }

        assertThat(registrationAttempts[0]).isZero();
        assertThat(registry.getMeters()).hasSize(metersAfterFirstUse);
        assertThat(registry.get(MicrometerCacheListener.HITS).tags("entity", "hero").counter()).isSameAs(hits);
        assertThat(count(MicrometerCacheListener.HITS, "entity", "hero")).isEqualTo(1_001);
    }

    @Test
    void neverThrowsIntoTheRequestThatReportsAnEvent() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if ("broken".equals(id.getTag("entity"))) {
                    throw new IllegalStateException("registry refuses this meter");
                }
                return id;
            }
        });
        MicrometerCacheListener listener = new MicrometerCacheListener(registry);

        assertThatCode(() -> {
            listener.onHit("broken", FIND_BY_ID, MS);
            listener.onMiss("broken", FIND_BY_ID, MS, MissReason.ABSENT);
            listener.onLoad("broken", MS);
            listener.onInvalidation("broken", InvalidationReason.DELETE, 1);
            listener.onError("broken", CacheErrorKind.TIMEOUT);
            listener.onHit(null, FIND_BY_ID, MS);
            listener.onHit("hero", null, MS);
            listener.onMiss("hero", FIND_BY_ID, MS, null);
            listener.onError("hero", null);
            listener.onInvalidation("hero", null, 1);
            listener.onCircuitStateChange(null);
        }).doesNotThrowAnyException();
        // and it keeps working for everyone else
        listener.onHit("hero", FIND_BY_ID, MS);
        assertThat(registry.get(MicrometerCacheListener.HITS).tags("entity", "hero").counter().count()).isEqualTo(1);
    }

    @Test
    void getsAndPutsFollowMicrometersCacheConventions() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)
                .throwExceptionOnRegistrationFailure();
        MicrometerCacheListener exported = new MicrometerCacheListener(prometheus);
        exported.onHit("hero", FIND_BY_ID, MS);
        exported.onHit("hero", LIST_ALL, MS);
        exported.onMiss("hero", FIND_BY_ID, MS, MissReason.ABSENT);
        exported.onMiss("hero", FIND_BY_ID, MS, MissReason.CIRCUIT_OPEN);
        exported.onMiss("hero", FIND_BY_ID, MS, MissReason.OUTDATED);
        exported.onPut("hero");
        exported.onHit("story", FIND_BY_ID, MS);

        Scrape scrape = Scrape.parse(prometheus.scrape());

        String[] hero = {"cache", "hero", "level", MicrometerCacheListener.LEVEL_ALL};
        assertThat(scrape.value("cache_gets_total", concat(hero, "result", "hit"))).isEqualTo(2);
        assertThat(scrape.value("cache_gets_total", concat(hero, "result", "miss"))).isEqualTo(3);
        assertThat(scrape.value("cache_puts_total", hero)).isEqualTo(1);
        assertThat(scrape.value("cache_gets_total", "cache", "story", "result", "hit")).isEqualTo(1);
        assertThat(scrape.value("cache_gets_total", "cache", "story", "result", "miss"))
                .as("registered with the hits, so rate() has a series from the start").isZero();
        assertThat(scrape.value("taleweaver_cache_hits_total", "entity", "hero", "operation", LIST_ALL.tag()))
                .as("today's names stay beside the conventional ones").isEqualTo(1);
    }

    private static String[] concat(String[] tags, String... more) {
        String[] all = java.util.Arrays.copyOf(tags, tags.length + more.length);
        System.arraycopy(more, 0, all, tags.length, more.length);
        return all;
    }

    @Test
    void scrapeShowsTheCacheMetricsInPrometheusForm() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)
                .throwExceptionOnRegistrationFailure();
        MicrometerCacheListener exported = new MicrometerCacheListener(prometheus);
        for (int i = 0; i < 99; i++) {
            exported.onHit("hero", FIND_BY_ID, MS);
        }
        exported.onHit("hero", FIND_BY_ID, 200 * MS);
        exported.onMiss("hero", FIND_BY_ID, 40 * MS, MissReason.ABSENT);
        exported.onLoad("hero", 30 * MS);
        exported.onInvalidation("hero", InvalidationReason.DELETE, 4);
        exported.onError("hero", CacheErrorKind.CONNECTION);
        exported.onCircuitStateChange(CircuitState.OPEN);

        Scrape scrape = Scrape.parse(prometheus.scrape());

        assertThat(scrape.value("taleweaver_cache_hits_total", "entity", "hero", "operation", "find_by_id"))
                .isEqualTo(100);
        assertThat(scrape.value("taleweaver_cache_misses_total", "entity", "hero", "operation", "find_by_id",
                "reason", "absent")).isEqualTo(1);
        assertThat(scrape.value("taleweaver_cache_hit_ratio", "entity", "hero")).isCloseTo(100 / 101.0, within(1e-9));
        assertThat(scrape.type("taleweaver_cache_hit_latency_seconds")).isEqualTo("histogram");
        assertThat(scrape.value("taleweaver_cache_hit_latency_seconds_count", "entity", "hero")).isEqualTo(100);
        assertThat(scrape.value("taleweaver_cache_hit_latency_seconds_bucket", "entity", "hero",
                "operation", "find_by_id", "le", "0.05")).isEqualTo(99);
        assertThat(scrape.value("taleweaver_cache_hit_latency_seconds_bucket", "entity", "hero",
                "operation", "find_by_id", "le", "+Inf")).isEqualTo(100);
        assertThat(scrape.value("taleweaver_cache_miss_latency_seconds_bucket", "entity", "hero",
                "operation", "find_by_id", "le", "0.05")).isEqualTo(1);
        assertThat(prometheus.scrape()).as("no summary twin, no '_histogram' in a name").doesNotContain("_histogram");
        assertThat(scrape.value("taleweaver_cache_db_loads_seconds_count", "entity", "hero")).isEqualTo(1);
        assertThat(scrape.value("taleweaver_cache_invalidations_total", "entity", "hero", "reason", "delete"))
                .isEqualTo(4);
        assertThat(scrape.value("taleweaver_cache_invalidation_events_total", "entity", "hero", "reason", "delete"))
                .isEqualTo(1);
        assertThat(scrape.value("taleweaver_cache_errors_total", "entity", "hero", "kind", "connection"))
                .isEqualTo(1);
        assertThat(scrape.value("taleweaver_cache_circuit_state")).isEqualTo(2);
        assertThat(scrape.value("taleweaver_cache_circuit_transitions_total", "state", "open")).isEqualTo(1);
    }

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private double ratio(String entity) {
        return registry.get(MicrometerCacheListener.HIT_RATIO).tags("entity", entity).gauge().value();
    }

    private double circuitState() {
        return registry.get(MicrometerCacheListener.CIRCUIT_STATE).gauge().value();
    }
}
