package dev.taleweaver.adapter.metrics;

import dev.taleweaver.application.port.out.CacheErrorKind;
import dev.taleweaver.application.port.out.CacheListener;
import dev.taleweaver.application.port.out.CacheOperation;
import dev.taleweaver.application.port.out.CircuitState;
import dev.taleweaver.application.port.out.InvalidationReason;
import dev.taleweaver.application.port.out.MissReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Records what the cache layer reports as Micrometer meters.
 *
 * <p>Meters are registered once, the first time an entity type (and, for reads, an operation) is seen, and kept
 * in maps: the hit path is a map lookup and two timer records, never a builder. Within one entity and
 * operation every reason and kind is registered at once, so a counter that is still zero is exported as 0
 * rather than missing (Prometheus {@code rate()} and alerts need the series to exist).
 *
 * <p>The circuit state gauge reads {@value #CIRCUIT_CLOSED} closed, {@value #CIRCUIT_HALF_OPEN} half-open,
 * {@value #CIRCUIT_OPEN} open: ordered by how degraded the cache is, so {@code max_over_time} shows the worst.
 */
public final class MicrometerCacheListener implements CacheListener {
    private static final Logger log = LoggerFactory.getLogger(MicrometerCacheListener.class);

    public static final String HITS = "taleweaver.cache.hits";
    public static final String MISSES = "taleweaver.cache.misses";
    /** Hits of kind upcast: served by an entry of the previous cache schema, converted in memory (part of HITS). */
    public static final String UPCAST_HITS = "taleweaver.cache.upcast.hits";
    public static final String HIT_RATIO = "taleweaver.cache.hit.ratio";
    public static final String HIT_LATENCY = "taleweaver.cache.hit.latency";
    public static final String MISS_LATENCY = "taleweaver.cache.miss.latency";
    public static final String DB_LOADS = "taleweaver.cache.db.loads";
    /** Members of pages, by where they came from: {@code source="cache"} or {@code "database"}. */
    public static final String PAGE_MEMBERS = "taleweaver.cache.page.members";
    public static final String INVALIDATIONS = "taleweaver.cache.invalidations";
    public static final String INVALIDATION_EVENTS = "taleweaver.cache.invalidation.events";
    public static final String ERRORS = "taleweaver.cache.errors";
    public static final String CIRCUIT_STATE = "taleweaver.cache.circuit.state";
    public static final String CIRCUIT_TRANSITIONS = "taleweaver.cache.circuit.transitions";

    /** Micrometer's cache meter names ({@code CacheMeterBinder}), which the usual cache dashboards query. */
    public static final String GETS = "cache.gets";
    public static final String PUTS = "cache.puts";
    public static final String EVICTIONS = "cache.evictions";
    /** One help text for every level's evictions (a Prometheus family has one). */
    public static final String EVICTIONS_DESCRIPTION = "Values the cache dropped on its own: the L1 for its size bound "
            + "or at the end of their lifetime, Redis for its memory limit (evicted_keys since it started)";
    public static final String SIZE = "cache.size";
    public static final String PUTS_DESCRIPTION = "Values written to the cache (a load's result or a write-through)";
    public static final String GETS_DESCRIPTION =
            "Reads of the cache, by result: hit (served by the cache) or miss (by the database)";
    /** Tag of the conventional cache meters: which level answered; see {@link #LEVEL_ALL}. */
    public static final String LEVEL = "level";
    /**
     * The cache of one entity type as a whole: a hit was answered by either level (the in-process L1 or Redis),
     * a miss by neither. The L1 alone is {@code level="l1"} ({@link L1CacheMeters}).
     */
    public static final String LEVEL_ALL = "all";

    public static final int CIRCUIT_CLOSED = 0;
    public static final int CIRCUIT_HALF_OPEN = 1;
    public static final int CIRCUIT_OPEN = 2;

    private final MeterRegistry registry;
    private final ConcurrentMap<String, EntityMeters> entities = new ConcurrentHashMap<>();
    private final ConcurrentMap<ReadKey, ReadMeters> reads = new ConcurrentHashMap<>();
    private final AtomicInteger circuitState = new AtomicInteger(CIRCUIT_CLOSED);
    private final Map<CircuitState, Counter> circuitTransitions;
    private final MetricFailures failures = new MetricFailures(log);

    public MicrometerCacheListener(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        Gauge.builder(CIRCUIT_STATE, circuitState, AtomicInteger::get)
                .description("State of the circuit breaker around the cache store: 0 closed, 1 half-open, 2 open")
                .strongReference(true)
                .register(registry);
        circuitTransitions = byEnum(CircuitState.class, state -> Counter.builder(CIRCUIT_TRANSITIONS)
                .description("Times the cache circuit breaker entered a state")
                .tag("state", tag(state))
                .register(registry));
    }

    /** The gauge value of a circuit state: how degraded the cache is (not the enum's declaration order). */
    public static int circuitCode(CircuitState state) {
        return switch (state) {
            case CLOSED -> CIRCUIT_CLOSED;
            case HALF_OPEN -> CIRCUIT_HALF_OPEN;
            case OPEN -> CIRCUIT_OPEN;
        };
    }

    @Override
    public void onHit(String entityType, CacheOperation operation, long nanos) {
        try {
            ReadMeters meters = read(entityType, operation);
            meters.hits.increment();
            meters.entity.gets.hits.increment();
            meters.entity.ratio.hits.increment();
            meters.hitLatency.record(nanos);
        } catch (RuntimeException e) {
            failures.report("a cache hit", e);
        }
    }

    @Override
    public void onUpcastHit(String entityType, CacheOperation operation) {
        try {
            read(entityType, operation).upcastHits.increment();
        } catch (RuntimeException e) {
            failures.report("an upcast cache hit", e);
        }
    }

    @Override
    public void onMiss(String entityType, CacheOperation operation, long nanos, MissReason reason) {
        try {
            ReadMeters meters = read(entityType, operation);
            meters.misses.get(reason).increment();
            meters.entity.gets.misses.increment();
            meters.entity.ratio.misses.increment();
            meters.missLatency.record(nanos);
        } catch (RuntimeException e) {
            failures.report("a cache miss", e);
        }
    }

    @Override
    public void onLoad(String entityType, long nanos) {
        try {
            entity(entityType).loads.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            failures.report("a database load", e);
        }
    }

    @Override
    public void onPageMembers(String entityType, int cached, int loaded) {
        try {
            EntityMeters meters = entity(entityType);
            meters.pageMembersCached.increment(cached);
            meters.pageMembersLoaded.increment(loaded);
        } catch (RuntimeException e) {
            failures.report("a page's members", e);
        }
    }

    @Override
    public void onPut(String entityType) {
        try {
            entity(entityType).puts.increment();
        } catch (RuntimeException e) {
            failures.report("a cache write", e);
        }
    }

    /** A {@code keyCount} of 0 is a pattern delete of unknown size: it counts as an event, adds no keys. */
    @Override
    public void onInvalidation(String entityType, InvalidationReason reason, int keyCount) {
        try {
            EntityMeters meters = entity(entityType);
            meters.invalidationEvents.get(reason).increment();
            if (keyCount > 0) {
                meters.invalidatedKeys.get(reason).increment(keyCount);
            }
        } catch (RuntimeException e) {
            failures.report("a cache invalidation", e);
        }
    }

    @Override
    public void onError(String entityType, CacheErrorKind kind) {
        try {
            entity(entityType).errors.get(kind).increment();
        } catch (RuntimeException e) {
            failures.report("a cache error", e);
        }
    }

    @Override
    public void onCircuitStateChange(CircuitState state) {
        try {
            circuitState.set(circuitCode(state));
            circuitTransitions.get(state).increment();
        } catch (RuntimeException e) {
            failures.report("a circuit state change", e);
        }
    }

    // ---- meter lookup -----------------------------------------------------------------------------------

    private ReadMeters read(String entityType, CacheOperation operation) {
        ReadKey key = new ReadKey(entityType, operation);
        ReadMeters meters = reads.get(key);
        return meters != null ? meters : reads.computeIfAbsent(key, this::newReadMeters);
    }

    private EntityMeters entity(String entityType) {
        EntityMeters meters = entities.get(entityType);
        return meters != null ? meters : entities.computeIfAbsent(entityType, this::newEntityMeters);
    }

    private ReadMeters newReadMeters(ReadKey key) {
        Tags tags = Tags.of("entity", tag(key.entityType()), "operation", key.operation().tag());
        return new ReadMeters(
                entity(key.entityType()),
                Counter.builder(HITS).description("Reads served from the cache").tags(tags).register(registry),
                Counter.builder(UPCAST_HITS)
                        .description("Reads served from the cache by an entry of the previous cache schema version,"
                                + " converted in memory (also counted as hits)")
                        .tags(tags).register(registry),
                byEnum(MissReason.class, reason -> Counter.builder(MISSES)
                        .description("Reads served from the database, by why the cache could not answer")
                        .tags(tags).tag("reason", tag(reason))
                        .register(registry)),
                LatencyTimer.register(registry, HIT_LATENCY,
                        "Duration of reads served from the cache, lookup and decoding included", tags),
                LatencyTimer.register(registry, MISS_LATENCY,
                        "Duration of reads served from the database, load and cache write included", tags));
    }

    private EntityMeters newEntityMeters(String entityType) {
        Tags tags = Tags.of("entity", tag(entityType));
        Tags conventional = Tags.of("cache", tag(entityType), LEVEL, LEVEL_ALL);
        HitRatio ratio = new HitRatio();
        Gauge.builder(HIT_RATIO, ratio, HitRatio::value)
                .description("Share of reads served from the cache since start: hits / (hits + misses)")
                .tags(tags)
                .strongReference(true)
                .register(registry);
        return new EntityMeters(
                ratio,
                new Gets(getsCounter(conventional, "hit"), getsCounter(conventional, "miss")),
                Counter.builder(PUTS)
                        .description(PUTS_DESCRIPTION)
                        .tags(conventional)
                        .register(registry),
                Timer.builder(DB_LOADS)
                        .description("Database loads made on behalf of the cache (concurrent misses share one)")
                        .tags(tags)
                        .register(registry),
                pageMembersCounter(tags, "cache"),
                pageMembersCounter(tags, "database"),
                byEnum(InvalidationReason.class, reason -> Counter.builder(INVALIDATIONS)
                        .description("Cache keys invalidated")
                        .tags(tags).tag("reason", tag(reason))
                        .register(registry)),
                byEnum(InvalidationReason.class, reason -> Counter.builder(INVALIDATION_EVENTS)
                        .description("Invalidation requests, including pattern deletes of unknown size")
                        .tags(tags).tag("reason", tag(reason))
                        .register(registry)),
                byEnum(CacheErrorKind.class, kind -> Counter.builder(ERRORS)
                        .description("Failed cache operations; the caller was served from the database")
                        .tags(tags).tag("kind", tag(kind))
                        .register(registry)));
    }

    private Counter pageMembersCounter(Tags tags, String source) {
        return Counter.builder(PAGE_MEMBERS)
                .description("Members of pages and whole lists assembled from the per-entity entries, by source: the "
                        + "cache (L1 or Redis) or the database (one query per page); the id list's own read is "
                        + "counted as a hit or miss")
                .tags(tags).tag("source", source)
                .register(registry);
    }

    private Counter getsCounter(Tags conventional, String result) {
        return Counter.builder(GETS)
                .description(GETS_DESCRIPTION)
                .tags(conventional).tag("result", result)
                .register(registry);
    }

    private static <E extends Enum<E>, M> Map<E, M> byEnum(Class<E> type, Function<E, M> meter) {
        Map<E, M> meters = new EnumMap<>(type);
        for (E constant : type.getEnumConstants()) {
            meters.put(constant, meter.apply(constant));
        }
        return meters;
    }

    static String tag(String value) {
        return value.toLowerCase(Locale.ROOT);
    }

    static String tag(Enum<?> value) {
        return tag(value.name());
    }

    private record ReadKey(String entityType, CacheOperation operation) {
        ReadKey {
            Objects.requireNonNull(entityType, "entityType");
            Objects.requireNonNull(operation, "operation");
        }
    }

    /** Meters of one entity and read operation; the maps are filled once and only read afterwards. */
    private record ReadMeters(EntityMeters entity, Counter hits, Counter upcastHits, Map<MissReason, Counter> misses,
                              LatencyTimer hitLatency, LatencyTimer missLatency) {
    }

    private record EntityMeters(HitRatio ratio, Gets gets, Counter puts, Timer loads,
                                Counter pageMembersCached, Counter pageMembersLoaded,
                                Map<InvalidationReason, Counter> invalidatedKeys,
                                Map<InvalidationReason, Counter> invalidationEvents,
                                Map<CacheErrorKind, Counter> errors) {
    }

    /** {@code cache.gets} of one entity, result hit and miss. */
    private record Gets(Counter hits, Counter misses) {
    }

    /** Hits and misses of one entity over every operation, kept apart so the ratio needs no meter search. */
    private static final class HitRatio {
        final LongAdder hits = new LongAdder();
        final LongAdder misses = new LongAdder();

        /** NaN before the first read: no reads is not a 0 % hit rate. */
        double value() {
            long h = hits.sum();
            long total = h + misses.sum();
            return total == 0 ? Double.NaN : (double) h / total;
        }
    }
}
