package dev.taleweaver.application.cache.operations;

import dev.taleweaver.application.port.out.CacheListener;
import dev.taleweaver.application.port.out.CacheOperation;
import dev.taleweaver.application.port.out.MissReason;

import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The hit rate and latency figures of docs/operations.md ("Cache statistics"), per entity type: hits, misses and their total latency since start,
 * and hits and misses of the last minute. It listens on the request path, so recording is a few
 * {@link LongAdder} increments (no lock, no contention between request threads); reading sums them up.
 *
 * <p>The last-minute window moves with the injected clock, read at each event: nothing runs in the background.
 * Every read the cached repositories report counts, whatever served it (a miss because the circuit was open is
 * still a read the cache did not serve).
 */
public final class CacheStatistics implements CacheListener {
    private static final long MILLIS_PER_SECOND = 1_000;

    private final Clock clock;
    private final ConcurrentMap<String, TypeCounters> byType = new ConcurrentHashMap<>();

    public CacheStatistics() {
        this(Clock.systemUTC());
    }

    public CacheStatistics(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void onHit(String entityType, CacheOperation operation, long nanos) {
        countersOf(entityType).hit(nanos, nowSecond());
    }

    @Override
    public void onMiss(String entityType, CacheOperation operation, long nanos, MissReason reason) {
        countersOf(entityType).miss(nanos, nowSecond());
    }

    /** The figures of one entity type now; all zero for a type that was never read. */
    public Snapshot snapshot(String entityType) {
        TypeCounters counters = byType.get(entityType);
        return counters == null ? Snapshot.EMPTY : counters.snapshot(nowSecond());
    }

    /** The entity types read at least once, sorted. */
    public Set<String> entityTypes() {
        return new TreeSet<>(byType.keySet());
    }

    private TypeCounters countersOf(String entityType) {
        TypeCounters counters = byType.get(entityType);
        return counters != null ? counters : byType.computeIfAbsent(entityType, t -> new TypeCounters());
    }

    private long nowSecond() {
        return Math.floorDiv(clock.millis(), MILLIS_PER_SECOND);
    }

    /**
     * @param hits             reads served from the cache since start
     * @param misses           reads served from the database since start
     * @param hitNanos         their total latency
     * @param missNanos        their total latency
     * @param lastMinuteHits   hits of the last 60 seconds
     * @param lastMinuteMisses misses of the last 60 seconds
     */
    public record Snapshot(long hits, long misses, long hitNanos, long missNanos, long lastMinuteHits,
                           long lastMinuteMisses) {
        public static final Snapshot EMPTY = new Snapshot(0, 0, 0, 0, 0, 0);
        private static final double NANOS_PER_MILLI = 1_000_000.0;

        /** hits / (hits + misses) since start, 0 when there was no read. */
        public double hitRate() {
            return rate(hits, misses);
        }

        public double lastMinuteHitRate() {
            return rate(lastMinuteHits, lastMinuteMisses);
        }

        public double meanHitMillis() {
            return hits == 0 ? 0.0 : hitNanos / NANOS_PER_MILLI / hits;
        }

        public double meanMissMillis() {
            return misses == 0 ? 0.0 : missNanos / NANOS_PER_MILLI / misses;
        }

        /** What a hit saves compared with a miss, on average; 0 until both have happened. */
        public double latencySavedPerHitMillis() {
            return hits == 0 || misses == 0 ? 0.0 : meanMissMillis() - meanHitMillis();
        }

        private static double rate(long hits, long misses) {
            long reads = hits + misses;
            return reads == 0 ? 0.0 : (double) hits / reads;
        }
    }

    private static final class TypeCounters {
        private final LongAdder hits = new LongAdder();
        private final LongAdder misses = new LongAdder();
        private final LongAdder hitNanos = new LongAdder();
        private final LongAdder missNanos = new LongAdder();
        private final SlidingMinute lastMinute = new SlidingMinute();

        void hit(long nanos, long epochSecond) {
            hits.increment();
            hitNanos.add(nanos);
            lastMinute.hit(epochSecond);
        }

        void miss(long nanos, long epochSecond) {
            misses.increment();
            missNanos.add(nanos);
            lastMinute.miss(epochSecond);
        }

        Snapshot snapshot(long nowSecond) {
            SlidingMinute.Counts recent = lastMinute.counts(nowSecond);
            return new Snapshot(hits.sum(), misses.sum(), hitNanos.sum(), missNanos.sum(), recent.hits(),
                    recent.misses());
        }
    }
}
