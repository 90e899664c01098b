package dev.taleweaver.application.port.in;

import java.util.Map;

/**
 * A snapshot of the cache's effectiveness and the Redis server behind it.
 *
 * @param enabled      false when REDIS_ENABLED=false (everything else is then zero / empty)
 * @param circuitState CLOSED, OPEN or HALF_OPEN (DISABLED when not enabled)
 * @param entities     per entity type ("hero", "child", "story")
 * @param server       Redis figures; fields are -1 when Redis could not be asked
 */
public record CacheReport(boolean enabled, String circuitState, Map<String, EntityStats> entities, ServerStats server) {

    public CacheReport {
        entities = Map.copyOf(entities);
    }

    /**
     * Hit rates are hits / (hits + misses), 0 when there was no read. Latencies are means in milliseconds;
     * {@code latencySavedPerHitMillis} = mean miss latency − mean hit latency (0 until both are known).
     */
    public record EntityStats(
            Window sinceStart,
            Window lastMinute,
            double meanHitMillis,
            double meanMissMillis,
            double latencySavedPerHitMillis,
            long keyCount) {
    }

    public record Window(long hits, long misses, double hitRate) {
        public static Window of(long hits, long misses) {
            long reads = hits + misses;
            return new Window(hits, misses, reads == 0 ? 0.0 : (double) hits / reads);
        }
    }

    /**
     * @param usedMemoryBytes Redis INFO used_memory
     * @param evictedKeys     Redis INFO evicted_keys
     * @param poolInUse       connections of this instance's main pool busy with a command right now
     * @param poolSize        REDIS_MAX_CONNECTIONS
     * @param readPoolInUse   connections of the single-key reads' own pool busy right now (ADR 18's Jedis reads);
     *                        {@code poolInUse} when the reads share the main pool
     * @param readPoolSize    REDIS_READ_CONNECTIONS; {@code poolSize} when the reads share the main pool
     */
    public record ServerStats(long usedMemoryBytes, long evictedKeys, int poolInUse, int poolSize, int readPoolInUse,
                              int readPoolSize) {
        public static final ServerStats UNKNOWN = new ServerStats(-1, -1, -1, -1, -1, -1);
    }
}
