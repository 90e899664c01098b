package dev.taleweaver.application.port.in;

import java.util.List;

/**
 * What the cache analytics saw on this instance since it started (ADR 15, docs/operations.md "Cache analytics").
 *
 * @param enabled          false when {@code CACHE_ANALYTICS=false}: every list is empty
 * @param minutes          minutes since the analytics started (the per-minute figures are averages over them)
 * @param sampleEvery      one read in this many feeds the sketches (read ages, hot keys); counters see every read
 * @param droppedSamples   sampled reads left out because another thread was updating the sketches (never waited for)
 * @param trackedKeys      entries whose fill this instance tracks now (for ages, lifetimes, expiries)
 * @param trackedKeysBound the most it tracks; beyond it the least useful entries are forgotten
 * @param families         per entity type and key family ({@code id}, {@code all}, {@code lang}, {@code child},
 *                         {@code hero})
 * @param entities         per entity type: lifetimes, read ages, expired-unread share and the TTL advice
 * @param hotKeys          the most read keys (estimated), most read first, at most {@code HOT_KEYS}
 */
public record CacheAnalyticsReport(boolean enabled, double minutes, int sampleEvery, long droppedSamples,
                                   long trackedKeys, long trackedKeysBound, List<Family> families,
                                   List<Entity> entities, List<HotKey> hotKeys) {

    public CacheAnalyticsReport {
        families = List.copyOf(families);
        entities = List.copyOf(entities);
        hotKeys = List.copyOf(hotKeys);
    }

    public static CacheAnalyticsReport disabled() {
        return new CacheAnalyticsReport(false, 0, 0, 0, 0, 0, List.of(), List.of(), List.of());
    }

    /**
     * Counts since start of one key family of one entity type; {@code redisHits} are hits the L1 did not answer.
     * {@code expired} entries reached their TTL here, {@code expiredUnread} of them without a single read.
     */
    public record Family(String entityType, String family, long reads, long hits, long l1Hits, long redisHits,
                         long misses, long fills, long invalidations, long expired, long expiredUnread,
                         double readsPerMinute, double hitsPerMinute, double missesPerMinute,
                         double fillsPerMinute, double invalidationsPerMinute) {
    }

    /**
     * @param lifetimeSeconds   fill-to-invalidation times of entries an invalidation ended (quantiles)
     * @param readAgeSeconds    the age of the entry at each sampled hit (quantiles)
     * @param expiredUnreadShare expired entries that were never read, of all expired ones (0 when none expired)
     */
    public record Entity(String entityType, Quantiles lifetimeSeconds, Quantiles readAgeSeconds, long expired,
                         long expiredUnread, double expiredUnreadShare, TtlAdvice ttlAdvice) {
    }

    /** Estimated quantiles of {@code count} observations; all 0 when there is none. */
    public record Quantiles(long count, double p50, double p90, double p99, double max) {
        public static final Quantiles NONE = new Quantiles(0, 0, 0, 0, 0);
    }

    /**
     * The TTL that would have kept the hit rate within 1 point of its best at the least memory, and why.
     *
     * @param verdict          {@code KEEP}, {@code SHORTEN}, {@code LENGTHEN} or {@code NOT_ENOUGH_DATA}
     * @param observedHitRate  hits / reads of this type so far
     * @param bestHitRate      the best hit rate of the curve
     * @param advisedHitRate   the curve's hit rate at the advised TTL
     * @param relativeMemory   expected memory of the advised TTL, today's = 1.0
     * @param curve            the estimate at each candidate TTL (today's included), shortest first
     */
    public record TtlAdvice(String verdict, long currentTtlSeconds, long advisedTtlSeconds, double observedHitRate,
                            double bestHitRate, double advisedHitRate, double relativeMemory, String reasoning,
                            List<CurvePoint> curve) {
        public TtlAdvice {
            curve = List.copyOf(curve);
        }
    }

    /** The estimated hit rate and memory (today's = 1.0) had every entry of the type been kept {@code ttlSeconds}. */
    public record CurvePoint(long ttlSeconds, double hitRate, double relativeMemory) {
    }

    /** A key read often: {@code estimatedReads} is within {@code maxError} of the truth (both scaled by sampling). */
    public record HotKey(String key, String entityType, long estimatedReads, long maxError) {
    }
}
