package dev.taleweaver.adapter.redis;

import dev.taleweaver.application.port.out.CacheServerStats;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.api.redisnode.RedisNode.InfoSection;
import org.redisson.api.redisnode.RedisNodeAsync;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The memory usage, eviction count and connection-pool usage of /admin/cache/stats (docs/operations.md), plus key counts per entity type, read from
 * Redis for statistics and metrics. These are asked while Redis may be down or hanging, so every figure is
 * fetched asynchronously and waited for at most {@code timeout} per round trip (a SCAN also stops after
 * {@code scanBudget} in all); a figure that cannot be had is -1, never an exception and never a long wait.
 *
 * <p>Memory and evictions are summed over every master (one for a single server, all of a cluster's).
 *
 * <p>The pool figures are this instance's own and cost no round trip: the main pool is Redisson's
 * ({@code REDIS_MAX_CONNECTIONS}, the store's {@link RedissonCacheStore#callsInFlight() calls in flight}); the read
 * pool is the Jedis reads' own ({@code REDIS_READ_CONNECTIONS}, {@link RedissonCacheStore#readsInFlight()}), or the
 * main pool again when the reads go through Redisson.
 */
public final class RedisServerStats implements CacheServerStats {
    private static final Logger log = LoggerFactory.getLogger(RedisServerStats.class);

    /** Long enough for a healthy Redis under load, short enough that a stats page never hangs. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    /** How long one key count may SCAN in all: a keyspace of millions of keys takes a few seconds. */
    public static final Duration DEFAULT_SCAN_BUDGET = Duration.ofSeconds(5);
    /** Keys per SCAN page: few round trips, each short. */
    static final int SCAN_PAGE = 1_000;
    private static final long UNKNOWN = -1;

    private final RedissonClient client;
    private final RedissonCacheStore store;
    private final int poolSize;
    private final long timeoutNanos;
    private final long scanBudgetNanos;

    /** The figures of the deployment {@code store} serves, with the pool size and the default timeouts. */
    public RedisServerStats(RedissonClient client, RedissonCacheStore store, RedisConfig config) {
        this(client, store, config.maxConnections(), shorter(DEFAULT_TIMEOUT, config.socketTimeout()),
                DEFAULT_SCAN_BUDGET);
    }

    /**
     * @param store      whose key prefix is counted in, whose calls in flight are the pools' usage and whose read
     *                   client tells whether the reads have a pool of their own
     * @param poolSize   REDIS_MAX_CONNECTIONS
     * @param timeout    the longest wait for one answer of Redis
     * @param scanBudget the longest a key count may take in all
     */
    public RedisServerStats(RedissonClient client, RedissonCacheStore store, int poolSize, Duration timeout,
                            Duration scanBudget) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("the pool size must be at least 1, got " + poolSize);
        }
        if (timeout == null || timeout.toMillis() < 1 || scanBudget == null || scanBudget.compareTo(timeout) < 0) {
            throw new IllegalArgumentException("the timeout must be at least 1 ms and the scan budget at least the"
                    + " timeout (got " + timeout + " and " + scanBudget + ")");
        }
        this.client = Objects.requireNonNull(client, "client");
        this.store = Objects.requireNonNull(store, "store");
        this.poolSize = poolSize;
        this.timeoutNanos = timeout.toNanos();
        this.scanBudgetNanos = scanBudget.toNanos();
    }

    @Override
    public long usedMemoryBytes() {
        return sumOverMasters(InfoSection.MEMORY, "used_memory");
    }

    @Override
    public long evictedKeys() {
        return sumOverMasters(InfoSection.STATS, "evicted_keys");
    }

    /**
     * SCANs (never KEYS) for this deployment's namespace followed by {@code pattern}: {@code hero:*} counts
     * {@code <namespace>hero:*}, {@code *} every key family of the store, never a key outside them; invalidation
     * version keys are not counted. Costs one SCAN page per {@value #SCAN_PAGE} keys of the whole database, whatever
     * matches, per family.
     */
    @Override
    public long countKeys(String pattern) {
        List<String> scanPatterns;
        try {
            scanPatterns = store.scanPatterns(pattern);
        } catch (IllegalArgumentException e) {
            log.debug("Not counting cache keys: {}", e.getMessage());
            return UNKNOWN;
        }
        long budgetEnds = System.nanoTime() + scanBudgetNanos;
        long count = 0;
        for (String scanPattern : scanPatterns) {
            long found = countMatching(scanPattern, budgetEnds);
            if (found == UNKNOWN) {
                return UNKNOWN;
            }
            count += found;
        }
        return count;
    }

    private long countMatching(String scanPattern, long budgetEnds) {
        // the synchronous stream: Redisson's async key iterator stops at the first SCAN page without a match
        KeysScanOptions scan = KeysScanOptions.defaults().pattern(scanPattern).chunkSize(SCAN_PAGE);
        try (Stream<String> keys = client.getKeys().getKeysStream(scan)) {
            long count = 0;
            Iterator<String> it = keys.iterator();
            while (it.hasNext()) {
                if (!store.isVersionKey(it.next())) {
                    count++;
                }
                if (System.nanoTime() > budgetEnds) {
                    log.debug("Counting the cache keys matching {} took too long", scanPattern);
                    return UNKNOWN;
                }
            }
            return count;
        } catch (RuntimeException e) {
            log.debug("Cannot count the cache keys matching {}: {}", scanPattern, e.getMessage());
            return UNKNOWN;
        }
    }

    /**
     * Store calls in flight on Redisson's pool, at most its size: calls beyond it are waiting for a connection.
     * Single-key reads on a pool of their own are not among them (see {@link #readPoolInUse()}).
     */
    @Override
    public int poolInUse() {
        return Math.max(0, Math.min(store.callsInFlight(), poolSize));
    }

    @Override
    public int poolSize() {
        return poolSize;
    }

    /**
     * Single-key reads in flight on their own pool, at most its size; {@link #poolInUse()} when the reads share
     * Redisson's pool.
     */
    @Override
    public int readPoolInUse() {
        int readPoolSize = store.readPoolSize();
        if (readPoolSize < 1) {
            return poolInUse();
        }
        return Math.max(0, Math.min(store.readsInFlight(), readPoolSize));
    }

    /** {@code REDIS_READ_CONNECTIONS} (per node on a cluster); {@link #poolSize()} when the reads share that pool. */
    @Override
    public int readPoolSize() {
        int readPoolSize = store.readPoolSize();
        return readPoolSize < 1 ? poolSize : readPoolSize;
    }

    private long sumOverMasters(InfoSection section, String field) {
        long deadline = System.nanoTime() + timeoutNanos;
        List<CompletableFuture<Map<String, String>>> answers = new ArrayList<>();
        try {
            for (RedisNodeAsync master : masters()) {
                answers.add(master.infoAsync(section).toCompletableFuture());
            }
            long sum = 0;
            for (CompletableFuture<Map<String, String>> answer : answers) {
                String value = await(answer, deadline).get(field);
                if (value == null) {
                    throw new Unanswered("INFO " + section + " has no " + field, null);
                }
                sum += Long.parseLong(value.strip());
            }
            return sum;
        } catch (RuntimeException e) {
            answers.forEach(answer -> answer.cancel(false));
            log.debug("Cannot read Redis INFO {} {}: {}", section, field, e.getMessage());
            return UNKNOWN;
        }
    }

    private List<? extends RedisNodeAsync> masters() {
        try {
            Config config = client.getConfig();
            if (config.isClusterConfig()) {
                return List.copyOf(client.getRedisNodes(RedisNodes.CLUSTER).getMasters());
            }
            if (config.isSentinelConfig()) {
                return List.of(client.getRedisNodes(RedisNodes.SENTINEL_MASTER_SLAVE).getMaster());
            }
            if (config.isSingleConfig()) {
                return List.of(client.getRedisNodes(RedisNodes.SINGLE).getInstance());
            }
            return List.of(client.getRedisNodes(RedisNodes.MASTER_SLAVE).getMaster());
        } catch (RuntimeException e) {
            throw new Unanswered("no Redis master known: " + e, e);
        }
    }

    /**
     * The stage's value, waiting at most {@code timeout} and not past {@code deadline} (System.nanoTime()).
     */
    private <T> T await(CompletionStage<T> stage, long deadline) {
        CompletableFuture<T> future = stage.toCompletableFuture();
        long wait = Math.min(timeoutNanos, deadline - System.nanoTime());
        try {
            if (wait <= 0 && !future.isDone()) {
                throw new TimeoutException();
            }
            return future.get(Math.max(wait, 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new Unanswered("no answer within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms", e);
        } catch (ExecutionException e) {
            throw new Unanswered(String.valueOf(e.getCause()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unanswered("interrupted", e);
        } catch (RuntimeException e) {
            throw new Unanswered(e.toString(), e);
        }
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Redis did not give a figure; becomes -1. */
    private static final class Unanswered extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unanswered(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }
}
