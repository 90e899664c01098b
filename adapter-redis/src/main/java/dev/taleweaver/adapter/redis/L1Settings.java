package dev.taleweaver.adapter.redis;

import java.time.Duration;

/**
 * The knobs of {@link TwoLevelCacheStore}'s in-process L1.
 *
 * @param maxEntries        how many values the L1 holds at most (least recently/frequently used go first)
 * @param maxLifetime       how long a value stays in the L1 at most: a safety net, never the consistency mechanism
 * @param stalenessBound    how long after a write completes on another instance this one may still answer the old
 *                          value from its L1
 * @param heartbeatInterval how often the instance proves to itself that its invalidation subscription is current;
 *                          also the margin kept inside {@code stalenessBound}
 * @param lossyLapse        a lapse of trust at least this long may hide an invalidation that FAILED on another
 *                          instance (its Redis call timed out, so it never PUBLISHed; its circuit breaker replays it
 *                          later): the L1 is cleared before it is trusted again, and a Redis answer that took this
 *                          long is read as a miss. Below the Redis socket timeout, so no call elsewhere can have timed
 *                          out in a shorter stall ({@link #lossyLapseFor})
 */
public record L1Settings(int maxEntries, Duration maxLifetime, Duration stalenessBound, Duration heartbeatInterval,
                         Duration lossyLapse) {

    public static final String ENABLED_SETTING = "CACHE_L1_ENABLED";
    public static final String MAX_ENTRIES_SETTING = "CACHE_L1_MAX_ENTRIES";

    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    /** Below every strategy's TTL; the L1 learns a value's remaining Redis TTL only when it writes the value. */
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofSeconds(60);
    /** The cache issue's promise: a write is never served stale by another instance for longer than this. */
    public static final Duration DEFAULT_STALENESS_BOUND = Duration.ofMillis(100);
    /** Three heartbeats fit in the trust window, so one late or lost beat does not lapse the L1. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofMillis(25);

    public L1Settings {
        if (maxEntries < 1) {
            throw new IllegalArgumentException(MAX_ENTRIES_SETTING + " must be at least 1 (got " + maxEntries + ")");
        }
        requireAtLeastOneMilli("the L1's maximum lifetime", maxLifetime);
        requireAtLeastOneMilli("the L1's heartbeat interval", heartbeatInterval);
        requireAtLeastOneMilli("the L1's staleness bound", stalenessBound);
        requireAtLeastOneMilli("the L1's lossy lapse", lossyLapse);
        if (stalenessBound.compareTo(heartbeatInterval.multipliedBy(2)) <= 0) {
            throw new IllegalArgumentException("the L1's staleness bound (" + stalenessBound.toMillis()
                    + " ms) must exceed two heartbeat intervals (" + heartbeatInterval.toMillis()
                    + " ms each), or the L1 would lapse between two beats");
        }
    }

    /** The defaults, for Redis calls that time out after {@link RedisConfig#DEFAULT_SOCKET_TIMEOUT}. */
    public static L1Settings defaults(int maxEntries) {
        return defaults(maxEntries, RedisConfig.DEFAULT_SOCKET_TIMEOUT);
    }

    /** The defaults, for Redis calls that time out after {@code redisTimeout} ({@code REDIS_SOCKET_TIMEOUT}). */
    public static L1Settings defaults(int maxEntries, Duration redisTimeout) {
        return new L1Settings(maxEntries, DEFAULT_MAX_LIFETIME, DEFAULT_STALENESS_BOUND, DEFAULT_HEARTBEAT_INTERVAL,
                lossyLapseFor(redisTimeout, DEFAULT_STALENESS_BOUND.minus(DEFAULT_HEARTBEAT_INTERVAL)));
    }

    /**
     * Half the Redis socket timeout, and at most the timeout less the trust window: when Redis stalls long enough
     * for another instance's call to time out, this instance's trust (which ends one trust window after its last
     * heartbeat before the stall) stays lapsed at least that long. Half leaves room for timer and scheduling skew.
     * At least 1 ms.
     */
    static Duration lossyLapseFor(Duration redisTimeout, Duration trustWindow) {
        Duration half = redisTimeout.dividedBy(2);
        Duration lessWindow = redisTimeout.minus(trustWindow);
        Duration shorter = half.compareTo(lessWindow) <= 0 ? half : lessWindow;
        return shorter.toMillis() < 1 ? Duration.ofMillis(1) : shorter;
    }

    /**
     * How long after sending a heartbeat the L1 may answer on its strength: the staleness bound less one interval,
     * kept as a margin for scheduling delays between the trust check and the answer.
     */
    public Duration trustWindow() {
        return stalenessBound.minus(heartbeatInterval);
    }

    private static void requireAtLeastOneMilli(String what, Duration duration) {
        if (duration == null || duration.toMillis() < 1) {
            throw new IllegalArgumentException(what + " must be at least 1 ms (got " + duration + ")");
        }
    }
}
