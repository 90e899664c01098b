package dev.taleweaver.application.cache.operations;

import dev.taleweaver.application.cache.resilience.CircuitBreakingCacheStore;
import dev.taleweaver.application.port.in.CacheReport.EntityStats;
import dev.taleweaver.application.port.in.CacheReport.ServerStats;
import dev.taleweaver.application.port.in.CacheReport.Window;
import dev.taleweaver.application.port.in.CacheReport;
import dev.taleweaver.application.port.in.FlushCache;
import dev.taleweaver.application.port.in.InspectCache;
import dev.taleweaver.application.port.in.StorageUnavailableException;
import dev.taleweaver.application.port.out.CacheServerStats;
import dev.taleweaver.application.port.out.CacheStore;
import dev.taleweaver.application.port.out.CircuitState;
import dev.taleweaver.domain.common.Text;
import dev.taleweaver.domain.common.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The operator's side of the cache: the statistics report ({@code GET /admin/cache/stats}) and the Manual
 * Flush ({@code DELETE /admin/cache[/{entity_type}]}).
 *
 * <p>It lives with the cache rather than in {@code service} because everything it reads is the cache layer's
 * own (the breaker's state, the statistics listener, the entity types of the strategies); {@code service}
 * stays free of cache internals.
 *
 * <p>Redis is asked only while the circuit is CLOSED: when it is open the cache is known to be unreachable, and
 * the report answers at once with -1 for the Redis figures instead of waiting for timeouts.
 */
public final class CacheAdministration implements InspectCache, FlushCache {
    private static final Logger log = LoggerFactory.getLogger(CacheAdministration.class);

    /** The entity types of the predefined strategies, in the order reports list them: the store's key families. */
    public static final List<String> ENTITY_TYPES = CacheStore.KEY_FAMILIES;
    /** The scope of a flush of every key of this deployment. */
    public static final String ALL = "all";
    /** The message of the {@link StorageUnavailableException} a flush throws when the cache cannot be reached. */
    public static final String UNAVAILABLE = "cache unavailable";
    public static final String DISABLED_STATE = "DISABLED";
    private static final String FIELD = "entity_type";
    private static final int UNKNOWN = -1;

    private final List<String> entityTypes;
    /** Null when caching is disabled. */
    private final Live live;

    /**
     * @param store      the breaker every cached repository uses; flushes go through it, so a flush that fails
     *                   during an outage is remembered and done when the cache answers again
     * @param statistics the listener the cached repositories report to
     * @param server     figures from the cache server
     */
    public CacheAdministration(CircuitBreakingCacheStore store, CacheStatistics statistics, CacheServerStats server) {
        this(store, statistics, server, ENTITY_TYPES);
    }

    public CacheAdministration(CircuitBreakingCacheStore store, CacheStatistics statistics, CacheServerStats server,
                               List<String> entityTypes) {
        this(new Live(Objects.requireNonNull(store, "store"), Objects.requireNonNull(statistics, "statistics"),
                Objects.requireNonNull(server, "server")), entityTypes);
    }

    private CacheAdministration(Live live, List<String> entityTypes) {
        if (entityTypes.isEmpty()) {
            throw new IllegalArgumentException("at least one entity type is required");
        }
        this.live = live;
        this.entityTypes = List.copyOf(entityTypes);
    }

    /** For REDIS_ENABLED=false: reports {@code enabled=false}, flushes nothing (but still checks the type). */
    public static CacheAdministration disabled() {
        return new CacheAdministration(null, ENTITY_TYPES);
    }

    // ---- InspectCache -----------------------------------------------------------------------------------

    @Override
    public CacheReport report() {
        if (live == null) {
            return disabledReport();
        }
        CircuitState circuit = live.store().state();
        boolean askRedis = circuit == CircuitState.CLOSED;
        Map<String, EntityStats> entities = new LinkedHashMap<>();
        for (String type : entityTypes) {
            CacheStatistics.Snapshot s = live.statistics().snapshot(type);
            long keys = askRedis ? quietly(() -> live.server().countKeys(type + ":*")) : UNKNOWN;
            entities.put(type, new EntityStats(Window.of(s.hits(), s.misses()),
                    Window.of(s.lastMinuteHits(), s.lastMinuteMisses()), s.meanHitMillis(), s.meanMissMillis(),
                    s.latencySavedPerHitMillis(), keys));
        }
        CacheServerStats server = live.server();
        ServerStats figures = new ServerStats(
                askRedis ? quietly(server::usedMemoryBytes) : UNKNOWN,
                askRedis ? quietly(server::evictedKeys) : UNKNOWN,
                quietly(server::poolInUse),
                quietly(server::poolSize),
                quietly(server::readPoolInUse),
                quietly(server::readPoolSize));
        return new CacheReport(true, circuit.name(), entities, figures);
    }

    private CacheReport disabledReport() {
        Window none = Window.of(0, 0);
        Map<String, EntityStats> entities = new LinkedHashMap<>();
        entityTypes.forEach(type -> entities.put(type, new EntityStats(none, none, 0, 0, 0, 0)));
        return new CacheReport(false, DISABLED_STATE, entities, ServerStats.UNKNOWN);
    }

    // ---- FlushCache -------------------------------------------------------------------------------------

    /**
     * Deletes the values of one entity type ({@code type:*}) or of every key of this deployment ({@code *}). Version
     * keys are kept (the store never deletes them), so readers in flight during the flush stay guarded against
     * writes that follow it.
     *
     * @throws ValidationException         field {@code entity_type}, when the type is not one of {@link #ENTITY_TYPES}
     *                                     (HTTP 400)
     * @throws StorageUnavailableException message {@value #UNAVAILABLE}, when the cache cannot be reached or its
     *                                     circuit is open (HTTP 503); the breaker then remembers a flush of every
     *                                     key and performs it before the cache is used again
     */
    @Override
    public FlushResult flush(Optional<String> entityType) {
        String scope = entityType.map(this::knownType).orElse(ALL);
        String pattern = entityType.isPresent() ? scope + ":*" : "*";
        if (live == null) {
            log.info("Cache flush: scope={}, keys=0 (caching is disabled)", scope);
            return new FlushResult(scope, 0);
        }
        long deleted;
        try {
            deleted = live.store().deletePattern(pattern);
        } catch (RuntimeException e) {
            log.warn("Cache flush failed: scope={} ({}); every key of this deployment will be deleted before the"
                    + " cache is used again", scope, e.getMessage());
            throw new StorageUnavailableException(UNAVAILABLE, e);
        }
        log.info("Cache flush: scope={}, keys={}", scope, deleted);
        return new FlushResult(scope, deleted);
    }

    private String knownType(String type) {
        if (!entityTypes.contains(type)) {
            throw ValidationException.of(FIELD, "must be one of " + String.join(", ", entityTypes)
                    + " (got " + Text.quoted(type) + ")");
        }
        return type;
    }

    /** The port promises never to throw; a report must not fail even if an implementation breaks that promise. */
    private static long quietly(LongSupplier figure) {
        try {
            return figure.getAsLong();
        } catch (RuntimeException e) {
            log.debug("Cache server figure unavailable: {}", e.toString());
            return UNKNOWN;
        }
    }

    private static int quietly(IntSupplier figure) {
        return (int) quietly((LongSupplier) figure::getAsInt);
    }

    private record Live(CircuitBreakingCacheStore store, CacheStatistics statistics, CacheServerStats server) {
    }
}
