package dev.taleweaver.benchmarks.jmh;

import dev.taleweaver.application.cache.analytics.CacheAnalytics;
import dev.taleweaver.application.cache.aside.HeroCacheStrategy;
import dev.taleweaver.application.port.out.CacheListener;
import dev.taleweaver.benchmarks.BenchStack;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * What a hero read is measured against. Each subject prepares its own state (a warm cache, say) and checks it
 * before measuring, so a benchmark never silently measures misses.
 */
public enum HeroSubject {
    /** PostgresHeroRepository: every read is a query. */
    UNCACHED(stack -> HeroReads.of(stack.postgresHeroes(), stack.dataset())),

    /** CachedHeroRepository over the real store, every key warm: every read is a Redis hit. */
    CACHED(stack -> {
        stack.warmHeroCache();
        HitCheck.requireHits(stack::cachedHeroes, stack.dataset());
        return HeroReads.of(stack.cachedHeroes(CacheListener.NOOP), stack.dataset());
    }),

    /**
     * CACHED with the L1 off as bootstrap wires it (ADR 13): find_by_id answers a hit as the entry's entity JSON,
     * checked without decoding ({@code findValueOrJsonById}); the list reads are CACHED's.
     */
    CACHED_JSON(stack -> {
        stack.warmHeroCache();
        HitCheck.requireHits(stack::cachedHeroes, stack.dataset());
        HeroReads reads = HeroReads.jsonHits(stack.cachedJsonHeroes(CacheListener.NOOP), stack.dataset());
        HeroReads.requireJson(reads, stack.dataset());
        return reads;
    }),

    /** The in-process L1 in front of Redis (CACHE_L1_ENABLED), every key in the L1: every read is an L1 hit. */
    TWO_LEVEL(stack -> {
        stack.warmHeroCache();
        HeroReads reads = HeroReads.of(stack.twoLevelHeroes(CacheListener.NOOP), stack.dataset());
        HeroReads.touchEveryKey(reads, stack.dataset()); // one read per key fills the L1 before measuring
        HitCheck.requireHits(stack::twoLevelHeroes, stack.dataset());
        return reads;
    }),

    /**
     * TWO_LEVEL with the cache analytics listening (CACHE_ANALYTICS=true, ADR 15), the L1 reporting its hits to it
     * as in the service: the analytics' cost on the cheapest hit there is. Compare with TWO_LEVEL.
     */
    TWO_LEVEL_ANALYTICS(stack -> {
        CacheAnalytics analytics = new CacheAnalytics(Clock.systemUTC(),
                Map.of(HeroCacheStrategy.ENTITY_TYPE, Duration.ofHours(1)));
        stack.warmHeroCache();
        HeroReads reads = HeroReads.of(stack.twoLevelHeroes(analytics), stack.dataset());
        stack.reportL1HitsTo(analytics);
        HeroReads.touchEveryKey(reads, stack.dataset());
        HitCheck.requireHits(stack::twoLevelHeroes, stack.dataset());
        return reads;
    }),

    /** The floor: Redisson RBucket&lt;String&gt;(StringCodec).get() of the exact bytes CACHED reads. */
    RAW_GET(stack -> {
        stack.warmHeroCache();
        return HeroReads.rawGet(stack);
    }),

    /** RAW_GET through ByteArrayCodec: RBucket&lt;byte[]&gt;.get(), no string decoded. */
    RAW_GET_BYTES(stack -> {
        stack.warmHeroCache();
        return HeroReads.raw(stack, key -> stack.redis().<byte[]>getBucket(key, ByteArrayCodec.INSTANCE)::get);
    }),

    /** What RedissonCacheStore.get sends: GETRANGE 0..bound through the command executor, StringCodec. */
    RAW_GETRANGE(stack -> {
        stack.warmHeroCache();
        return HeroReads.raw(stack, key -> HeroReads.getRange(stack, key, StringCodec.INSTANCE));
    }),

    /** What RedissonCacheStore.getBytes sends (CACHED_JSON's read): GETRANGE through ByteArrayCodec. */
    RAW_GETRANGE_BYTES(stack -> {
        stack.warmHeroCache();
        return HeroReads.raw(stack, key -> HeroReads.getRange(stack, key, ByteArrayCodec.INSTANCE));
    }),

    /**
     * RedissonCacheStore.getBytes itself: the bounded GETRANGE through the read client of {@code -p readClient}
     * (ADR 18), with the store's key check, in-flight count and bound check; RAW_GET's equivalent on either client.
     */
    STORE_GET_BYTES(stack -> {
        stack.warmHeroCache();
        return HeroReads.storeGetBytes(stack);
    });

    private final Function<BenchStack, HeroReads> prepare;

    HeroSubject(Function<BenchStack, HeroReads> prepare) {
        this.prepare = prepare;
    }

    HeroReads prepare(BenchStack stack) {
        return prepare.apply(stack);
    }
}
