package dev.taleweaver.adapter.redis;

import dev.taleweaver.application.port.out.CacheStoreException;
import dev.taleweaver.application.port.out.CacheStoreException.Kind;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * {@link BoundedReads} through Jedis ({@code REDIS_READ_CLIENT=jedis}, the default, ADR 18): the caller's thread
 * writes {@code GETRANGE} on a pooled connection and blocks reading the answer, one wake-up per read instead of
 * Redisson's two (to its event loop and back).
 *
 * <p><b>Lazy and self-healing.</b> The client is built on the first read, not at start-up: a sentinel or cluster
 * client contacts its nodes when built and would fail while they are down. A failed build is reported as CONNECTION
 * and tried again by a later read, at most once per {@code REDIS_RETRY_INTERVAL}; while one thread builds, the other
 * readers wait for it at most the socket timeout (a standalone build does no I/O; a sentinel or cluster one asks
 * its nodes), and after a failed build fail at once until the interval has passed.
 *
 * <p><b>Failures.</b> A socket timeout and a pool that had no free connection within the socket timeout are
 * TIMEOUT; a refused, reset or unbuildable connection is CONNECTION, retried {@code REDIS_RETRY_ATTEMPTS} times
 * after {@code REDIS_RETRY_INTERVAL} as Redisson retries a command it could not send (a cluster read: Jedis's own
 * attempts, {@link JedisClients#clusterAttempts}). A timeout is not retried. An error reply of Redis (WRONGTYPE…)
 * is thrown as Jedis's {@link JedisDataException}, message intact, for the store's alien handling.
 */
final class JedisBoundedReads implements BoundedReads {
    private static final int MAX_CAUSE_DEPTH = 16;
    /**
     * {@code GETRANGE}'s range, {@code 0} to {@link RedissonCacheStore#MAX_VALUE_BYTES}, encoded once: through
     * {@code getrange(key, long, long)} Jedis turned both numbers into text on every read (2 % of the CPU samples of
     * an L1-off cache hit at HTTP, docs/benchmarks.md).
     */
    private static final byte[] RANGE_START = "0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RANGE_END =
            Integer.toString(RedissonCacheStore.MAX_VALUE_BYTES).getBytes(StandardCharsets.US_ASCII);

    private final RedisConfig config;
    private final Function<RedisConfig, UnifiedJedis> factory;
    private final LongSupplier nanoTime;
    private final ReentrantLock building = new ReentrantLock();
    private final long retryIntervalNanos;
    /** How long a reader waits while another builds the client: the socket timeout, as for a pooled connection. */
    private final long buildWaitNanos;
    private final int retries;
    private volatile UnifiedJedis client;
    private volatile boolean closed;
    /** When a failed build may be tried again ({@link #nanoTime}); guarded by {@link #building}. */
    private long nextBuildNanos;
    private boolean failedBefore;
    private String lastBuildFailure;

    JedisBoundedReads(RedisConfig config) {
        this(config, JedisClients::create);
    }

    /** @param factory builds the client; a failure is retried after the retry interval */
    JedisBoundedReads(RedisConfig config, Function<RedisConfig, UnifiedJedis> factory) {
        this(config, factory, System::nanoTime);
    }

    /** @param nanoTime the clock that paces failed builds (tests drive it by hand) */
    JedisBoundedReads(RedisConfig config, Function<RedisConfig, UnifiedJedis> factory, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.config = config;
        this.factory = factory;
        this.retryIntervalNanos = config.retryInterval().toNanos();
        this.buildWaitNanos = config.socketTimeout().toNanos();
        // a cluster client retries by itself (its attempts include redirections)
        this.retries = config.standalone() || config.topology().mode() == RedisTopology.Mode.SENTINEL
                ? config.retryAttempts() : 0;
    }

    @Override
    public String readText(String redisKey) {
        byte[] value = readBytes(redisKey);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public byte[] readBytes(String redisKey) {
        byte[] key = redisKey.getBytes(StandardCharsets.UTF_8);
        for (int attempt = 0; ; attempt++) {
            UnifiedJedis jedis = client(); // a failed build is not retried here: client() paces the builds
            try {
                // the key is also the command's hash-slot key: a cluster client routes the read by it
                return (byte[]) jedis.sendCommand(key, Protocol.Command.GETRANGE, key, RANGE_START, RANGE_END);
            } catch (JedisDataException e) {
                throw e; // Redis answered with an error: WRONGTYPE is alien data, for the store to handle
            } catch (RuntimeException e) {
                CacheStoreException failure = translate("GET " + redisKey, e);
                if (failure.kind() != Kind.CONNECTION || attempt >= retries || closed) {
                    throw failure;
                }
                LockSupport.parkNanos(retryIntervalNanos);
            }
        }
    }

    /** The client, built now if it is not yet and the last failed build is at least the retry interval ago. */
    UnifiedJedis client() {
        UnifiedJedis built = client;
        if (built != null) {
            return built;
        }
        try {
            if (!building.tryLock(buildWaitNanos, TimeUnit.NANOSECONDS)) {
                throw new CacheStoreException(Kind.CONNECTION, "the Redis read client is still being created", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CacheStoreException(Kind.CONNECTION, "interrupted waiting for the Redis read client", e);
        }
        try {
            if (client != null) {
                return client;
            }
            if (closed) {
                throw new CacheStoreException(Kind.CONNECTION, "the Redis read client is closed", null);
            }
            long now = nanoTime.getAsLong();
            if (failedBefore && now - nextBuildNanos < 0) {
                throw new CacheStoreException(Kind.CONNECTION, "the Redis read client could not be created ("
                        + lastBuildFailure + "); next attempt in "
                        + Duration.ofNanos(nextBuildNanos - now).toMillis() + " ms", null);
            }
            try {
                client = factory.apply(config);
                failedBefore = false;
                return client;
            } catch (RuntimeException e) {
                failedBefore = true;
                nextBuildNanos = now + retryIntervalNanos;
                lastBuildFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
                throw new CacheStoreException(Kind.CONNECTION, "Redis read client could not be created for "
                        + config.redactedUrl() + ": " + e.getMessage(), e);
            }
        } finally {
            building.unlock();
        }
    }

    /** Whether the client has been built (for tests and the log). */
    boolean built() {
        return client != null;
    }

    static CacheStoreException translate(String operation, RuntimeException failure) {
        return RedisFailures.translate(operation, failure, JedisBoundedReads::kindOf);
    }

    /**
     * TIMEOUT when a socket timed out or the pool had no free connection in time, anywhere in the causes (and in
     * the suppressed failures a cluster read collects over its attempts); CONNECTION for any other I/O or
     * connection failure; OTHER for the rest.
     */
    static Kind kindOf(Throwable failure) {
        // commons-pool's "Timeout waiting for idle object" has no cause; one with a cause failed to connect
        if (anywhere(failure, t -> t instanceof SocketTimeoutException
                || (t instanceof NoSuchElementException && t.getCause() == null), 0)) {
            return Kind.TIMEOUT;
        }
        if (anywhere(failure, t -> t instanceof JedisConnectionException || t instanceof IOException
                || t instanceof JedisClusterOperationException, 0)) {
            return Kind.CONNECTION;
        }
        return Kind.OTHER;
    }

    private static boolean anywhere(Throwable failure, Predicate<Throwable> test, int depth) {
        for (Throwable t = failure; t != null && depth < MAX_CAUSE_DEPTH; depth++, t = t.getCause()) {
            if (test.test(t)) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (anywhere(suppressed, test, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code REDIS_READ_CONNECTIONS} (per node on a cluster), whether or not the client is built yet. */
    @Override
    public int ownPoolSize() {
        return config.readConnections();
    }

    @Override
    public String describe() {
        return describe(config);
    }

    /** {@code jedis (pool of 64 per node, created on first read)}, for the "Cache initialization" line. */
    static String describe(RedisConfig config) {
        return RedisReadClient.JEDIS.setting() + " (pool of " + config.readConnections()
                + (config.topology().mode() == RedisTopology.Mode.CLUSTER ? " per node" : "")
                + ", created on first read)";
    }

    @Override
    public void close() {
        closed = true;
        building.lock();
        try {
            UnifiedJedis built = client;
            client = null;
            if (built != null) {
                built.close();
            }
        } finally {
            building.unlock();
        }
    }
}
