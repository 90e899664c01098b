package dev.taleweaver.application.cache.analytics;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.taleweaver.application.port.in.CacheAnalyticsReport;
import dev.taleweaver.application.port.in.CacheAnalyticsReport.HotKey;
import dev.taleweaver.application.port.in.CacheAnalyticsReport.Quantiles;
import dev.taleweaver.application.port.in.InspectCacheAnalytics;
import dev.taleweaver.application.port.out.CacheListener;
import dev.taleweaver.application.port.out.InvalidationReason;
import dev.taleweaver.application.port.out.MissReason;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The cache analytics of ADR 15: fed by the cached repositories' key-aware {@link CacheListener} events (and the L1's
 * {@link #onL1Hit}), it counts reads, hits by level, misses, fills, invalidations and expiries per entity type and
 * key family, measures entry lifetimes and read ages, finds hot keys, and advises a TTL per type ({@link TtlAdvisor}).
 *
 * <p><b>Bounded memory.</b> Every structure has a fixed bound: {@link #TRACKED_KEYS} fills tracked (a Caffeine cache
 * bounded by size, each entry expiring with its TTL, whose removal cause tells an expiry from an eviction),
 * {@link #EXPIRED_KEYS} recent expiries (to age a miss after an expiry), KLL sketches of {@link #KLL_K} (a few KB each,
 * three per entity type) and one frequent-items sketch of {@link #HOT_KEY_MAP_SIZE} slots. Counters are a fixed set per
 * type and family. Unknown entity types are ignored.
 *
 * <p><b>The hit path</b> costs a few {@link LongAdder} increments and one quiet Caffeine look-up (lock-free, no
 * allocation);
 * one read in {@code sampleEvery} also updates the sketches, under a lock only tried, never waited for: a sample
 * that finds it taken is dropped and counted. Misses, fills and invalidations (already a database or Redis trip)
 * take the lock.
 *
 * <p>What one instance sees: its own fills and reads; a key another instance filled is read without an age, and
 * another instance's invalidation shows here only as a refill ("replaced") or a miss.
 */
public final class CacheAnalytics implements CacheListener, InspectCacheAnalytics {

    /** Fills whose age and fate are tracked at most (about 200 bytes each). */
    public static final int TRACKED_KEYS = 50_000;
    /** Expired keys remembered at most, each for {@link TtlAdvisor#HORIZON_FACTOR} times its TTL. */
    public static final int EXPIRED_KEYS = 50_000;
    /** Hot keys reported at most. */
    public static final int HOT_KEYS = 20;
    /** The frequent-items sketch's map size (a power of 2; it holds three quarters of it: 48 keys). */
    public static final int HOT_KEY_MAP_SIZE = 64;
    /** KLL accuracy parameter: about 1.3 % rank error, a few KB per sketch whatever the count. */
    public static final int KLL_K = 200;
    /**
     * One read in this many updates the sketches by default (the counters see every read): a frequent-items update
     * costs a few hundred nanoseconds when the key space is wide, so it is paid by one hit in 16.
     */
    public static final int DEFAULT_SAMPLE_EVERY = 16;

    private static final double MILLIS_PER_SECOND = 1_000.0;

    private final Clock clock;
    private final long startMillis;
    private final int sampleEvery;
    private final List<Type> types;
    private final Cache<String, Life> tracked;
    private final Cache<String, Life> expiredKeys;
    private final ReentrantLock sketches = new ReentrantLock();
    private final ItemsSketch<String> hot = new ItemsSketch<>(HOT_KEY_MAP_SIZE);
    private final LongAdder dropped = new LongAdder();

    /** @param ttls today's TTL of each entity type analysed (hero, child, story) */
    public CacheAnalytics(Clock clock, Map<String, Duration> ttls) {
        this(clock, ttls, DEFAULT_SAMPLE_EVERY);
    }

    /** @param sampleEvery one read in this many feeds the sketches; 1 feeds every read (tests) */
    public CacheAnalytics(Clock clock, Map<String, Duration> ttls, int sampleEvery) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (sampleEvery < 1) {
            throw new IllegalArgumentException("sampleEvery must be at least 1, got " + sampleEvery);
        }
        this.sampleEvery = sampleEvery;
        this.startMillis = clock.millis();
        this.types = new TreeMap<>(ttls).entrySet().stream().map(e -> new Type(e.getKey(), e.getValue())).toList();
        this.tracked = Caffeine.newBuilder()
                .maximumSize(TRACKED_KEYS)
                .expireAfter(Expiry.writing((String key, Life life) -> Duration.ofMillis(life.ttlMillis)))
                .ticker(() -> clock.millis() * 1_000_000L)
                .executor(Runnable::run)
                .removalListener(this::ended)
                .build();
        this.expiredKeys = Caffeine.newBuilder()
                .maximumSize(EXPIRED_KEYS)
                .expireAfter(Expiry.writing((String key, Life life) ->
                        Duration.ofMillis(life.ttlMillis * TtlAdvisor.HORIZON_FACTOR)))
                .ticker(() -> clock.millis() * 1_000_000L)
                .executor(Runnable::run)
                .build();
    }

    // ---- events -------------------------------------------------------------------------------------------

    @Override
    public void onKeyHit(String entityType, String key) {
        Type type = typeNamed(entityType);
        if (type == null) {
            return;
        }
        type.familyOf(key).hits.increment();
        // quietly: no access recorded (half the cost of a counted look-up); the bound evicts by fill order then
        Life life = tracked.policy().getIfPresentQuietly(key);
        if (life != null && !life.read) {
            life.read = true;
        }
        if (sampled()) {
            if (!sketches.tryLock()) {
                dropped.increment();
                return;
            }
            try {
                hot.update(key);
                if (life != null) {
                    type.hitAges.update(secondsSince(life.fillMillis));
                }
            } finally {
                sketches.unlock();
            }
        }
    }

    @Override
    public void onL1Hit(String key) {
        Type type = typeOfKey(key);
        if (type != null) {
            type.familyOf(key).l1Hits.increment();
        }
    }

    @Override
    public void onKeyMiss(String entityType, String key, MissReason reason) {
        Type type = typeNamed(entityType);
        if (type == null) {
            return;
        }
        type.familyOf(key).misses.increment();
        Life expired = null;
        if (reason == MissReason.ABSENT) {
            tracked.cleanUp(); // runs due expiries, so an entry that just expired is among the expired keys
            expired = expiredKeys.asMap().remove(key);
        }
        boolean sample = sampled();
        if (expired == null && !sample) {
            return;
        }
        sketches.lock();
        try {
            if (sample) {
                hot.update(key);
            }
            if (expired != null) {
                type.expiredMissAges.update(secondsSince(expired.fillMillis));
            }
        } finally {
            sketches.unlock();
        }
    }

    @Override
    public void onKeyFill(String entityType, String key, Duration ttl) {
        Type type = typeNamed(entityType);
        if (type == null) {
            return;
        }
        Family family = type.familyOf(key);
        family.fills.increment();
        expiredKeys.invalidate(key);
        tracked.put(key, new Life(type, family, clock.millis(), Math.max(1, ttl.toMillis())));
    }

    @Override
    public void onKeysInvalidated(String entityType, Collection<String> keys, InvalidationReason reason) {
        for (String key : keys) {
            Type type = typeOfKey(key);
            if (type == null) {
                continue;
            }
            type.familyOf(key).invalidations.increment();
            expiredKeys.invalidate(key);
            Life life = tracked.asMap().remove(key);
            if (life != null) {
                sketches.lock();
                try {
                    type.lifetimes.update(secondsSince(life.fillMillis));
                } finally {
                    sketches.unlock();
                }
            }
        }
    }

    /** A tracked entry left the tracking cache: an expiry is counted (unread or not); evictions only counted. */
    private void ended(String key, Life life, RemovalCause cause) {
        if (life == null) {
            return;
        }
        if (cause == RemovalCause.EXPIRED) {
            life.family.expired.increment();
            if (!life.read) {
                life.family.expiredUnread.increment();
            }
            expiredKeys.put(key, life);
        } else if (cause == RemovalCause.SIZE) {
            life.type.untracked.increment();
        } else if (cause == RemovalCause.REPLACED) {
            life.type.replaced.increment();
        }
    }

    // ---- the report ---------------------------------------------------------------------------------------

    @Override
    public CacheAnalyticsReport analytics() {
        tracked.cleanUp();
        expiredKeys.cleanUp();
        double minutes = Math.max(1e-9, (clock.millis() - startMillis) / 60_000.0);
        List<CacheAnalyticsReport.Family> families = new ArrayList<>();
        List<CacheAnalyticsReport.Entity> entities = new ArrayList<>();
        List<HotKey> hotKeys = new ArrayList<>();
        sketches.lock();
        try {
            for (Type type : types) {
                long reads = 0;
                long hits = 0;
                long expired = 0;
                long expiredUnread = 0;
                for (KeyFamily kind : KeyFamily.values()) {
                    Family f = type.families[kind.ordinal()];
                    long h = f.hits.sum();
                    long m = f.misses.sum();
                    long l1 = Math.min(h, f.l1Hits.sum());
                    long fills = f.fills.sum();
                    long inv = f.invalidations.sum();
                    long exp = f.expired.sum();
                    long unread = f.expiredUnread.sum();
                    reads += h + m;
                    hits += h;
                    expired += exp;
                    expiredUnread += unread;
                    if (h + m + fills + inv + exp > 0) {
                        families.add(new CacheAnalyticsReport.Family(type.name, kind.label(), h + m, h, l1, h - l1,
                                m, fills, inv, exp, unread, perMinute(h + m, minutes), perMinute(h, minutes),
                                perMinute(m, minutes), perMinute(fills, minutes), perMinute(inv, minutes)));
                    }
                }
                var advice = TtlAdvisor.advise(new TtlAdvisor.Observations(type.ttl, reads, hits, type.hitAges,
                        type.expiredMissAges, type.lifetimes, expired));
                entities.add(new CacheAnalyticsReport.Entity(type.name, quantiles(type.lifetimes),
                        quantiles(type.hitAges), expired, expiredUnread,
                        expired == 0 ? 0 : (double) expiredUnread / expired, advice));
            }
            ItemsSketch.Row<String>[] rows = hot.getFrequentItems(ErrorType.NO_FALSE_POSITIVES);
            long error = hot.getMaximumError() * sampleEvery;
            for (int i = 0; i < rows.length && hotKeys.size() < HOT_KEYS; i++) {
                Type type = typeOfKey(rows[i].getItem());
                hotKeys.add(new HotKey(rows[i].getItem(), type == null ? "" : type.name,
                        rows[i].getEstimate() * sampleEvery, error));
            }
        } finally {
            sketches.unlock();
        }
        return new CacheAnalyticsReport(true, minutes, sampleEvery, dropped.sum(), tracked.estimatedSize(),
                TRACKED_KEYS, families, entities, hotKeys);
    }

    /** Entries tracked now (after due expiries and evictions); at most {@link #TRACKED_KEYS}. */
    public long trackedKeys() {
        tracked.cleanUp();
        return tracked.estimatedSize();
    }

    /** Expired keys remembered now; at most {@link #EXPIRED_KEYS}. */
    public long rememberedExpiries() {
        expiredKeys.cleanUp();
        return expiredKeys.estimatedSize();
    }

    /** Keys the hot-key sketch holds now; at most three quarters of {@link #HOT_KEY_MAP_SIZE}. */
    public int hotKeyCandidates() {
        sketches.lock();
        try {
            return hot.getNumActiveItems();
        } finally {
            sketches.unlock();
        }
    }

    /** Values every KLL sketch of {@code entityType} retains now (bounded by {@link #KLL_K}, not by the count). */
    public int retainedSketchValues(String entityType) {
        Type type = Objects.requireNonNull(typeNamed(entityType), entityType);
        sketches.lock();
        try {
            return type.hitAges.getNumRetained() + type.expiredMissAges.getNumRetained()
                    + type.lifetimes.getNumRetained();
        } finally {
            sketches.unlock();
        }
    }

    private static double perMinute(long count, double minutes) {
        return Math.round(count / minutes * 100) / 100.0;
    }

    private static Quantiles quantiles(KllDoublesSketch sketch) {
        if (sketch.isEmpty()) {
            return Quantiles.NONE;
        }
        return new Quantiles(sketch.getN(), sketch.getQuantile(0.5), sketch.getQuantile(0.9),
                sketch.getQuantile(0.99), sketch.getMaxItem());
    }

    private boolean sampled() {
        return sampleEvery == 1 || ThreadLocalRandom.current().nextInt(sampleEvery) == 0;
    }

    private double secondsSince(long millis) {
        return Math.max(0, clock.millis() - millis) / MILLIS_PER_SECOND;
    }

    private Type typeNamed(String entityType) {
        for (Type type : types) {
            if (type.name.equals(entityType)) {
                return type;
            }
        }
        return null;
    }

    private Type typeOfKey(String key) {
        for (Type type : types) {
            int length = type.name.length();
            if (key.length() > length && key.charAt(length) == ':' && key.startsWith(type.name)) {
                return type;
            }
        }
        return null;
    }

    /** One entity type: its counters per key family and its sketches (guarded by {@code sketches}). */
    private static final class Type {
        final String name;
        final Duration ttl;
        final Family[] families = new Family[KeyFamily.values().length];
        final KllDoublesSketch hitAges = KllDoublesSketch.newHeapInstance(KLL_K);
        final KllDoublesSketch expiredMissAges = KllDoublesSketch.newHeapInstance(KLL_K);
        final KllDoublesSketch lifetimes = KllDoublesSketch.newHeapInstance(KLL_K);
        final LongAdder untracked = new LongAdder();
        final LongAdder replaced = new LongAdder();

        Type(String name, Duration ttl) {
            this.name = name;
            this.ttl = ttl;
            for (int i = 0; i < families.length; i++) {
                families[i] = new Family();
            }
        }

        Family familyOf(String key) {
            return families[KeyFamily.of(key, name.length() + 1).ordinal()];
        }
    }

    private static final class Family {
        final LongAdder hits = new LongAdder();
        final LongAdder l1Hits = new LongAdder();
        final LongAdder misses = new LongAdder();
        final LongAdder fills = new LongAdder();
        final LongAdder invalidations = new LongAdder();
        final LongAdder expired = new LongAdder();
        final LongAdder expiredUnread = new LongAdder();
    }

    /** A tracked fill: when, for how long, and whether anything read it since. */
    private static final class Life {
        final Type type;
        final Family family;
        final long fillMillis;
        final long ttlMillis;
        volatile boolean read;

        Life(Type type, Family family, long fillMillis, long ttlMillis) {
            this.type = type;
            this.family = family;
            this.fillMillis = fillMillis;
            this.ttlMillis = ttlMillis;
        }
    }
}
