package dev.taleweaver.application.port.out;

/**
 * What an in-process cache level (the L1) counted since start, as plain numbers so no cache library's types
 * travel between the adapter that holds the cache and the one that exports metrics.
 *
 * @param hits      lookups the level answered
 * @param misses    lookups it could not answer (only lookups it was asked: a level bypassed is not asked)
 * @param puts      values written into it
 * @param evictions values it dropped to stay within its bound or because their lifetime ended (not explicit
 *                  invalidations)
 * @param size      values it holds now (an estimate)
 */
public record LocalCacheStats(long hits, long misses, long puts, long evictions, long size) {
    public static final LocalCacheStats EMPTY = new LocalCacheStats(0, 0, 0, 0, 0);
}
