package dev.taleweaver.benchmarks;

import dev.taleweaver.adapter.postgres.PostgresDatabase;
import dev.taleweaver.adapter.postgres.PostgresHeroRepository;
import dev.taleweaver.adapter.redis.JacksonCacheCodecs;
import dev.taleweaver.adapter.redis.RedisClientFactory;
import dev.taleweaver.adapter.redis.RedisConfig;
import dev.taleweaver.adapter.redis.RedisReadClient;
import dev.taleweaver.adapter.redis.RedisTransport;
import dev.taleweaver.adapter.redis.RedissonCacheStore;
import dev.taleweaver.adapter.redis.TwoLevelCacheStore;
import dev.taleweaver.adapter.redis.VersionCheckedCopies;
import dev.taleweaver.application.cache.aside.CacheOptions;
import dev.taleweaver.application.cache.aside.CachedHeroRepository;
import dev.taleweaver.application.cache.aside.DependentViews;
import dev.taleweaver.application.cache.aside.HeroCacheStrategy;
import dev.taleweaver.application.cache.resilience.CircuitBreakingCacheStore;
import dev.taleweaver.application.port.out.CacheCodecs;
import dev.taleweaver.application.port.out.CacheListener;
import dev.taleweaver.application.port.out.CacheStore;
import dev.taleweaver.benchmarks.data.Dataset;
import dev.taleweaver.benchmarks.data.DatasetLoader;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.paging.Listing;
import org.redisson.api.RBatch;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The hero read path composed exactly as bootstrap's CacheModule and CacheLayer compose it: a
 * {@link PostgresHeroRepository} on a Hikari pool, and a {@link CachedHeroRepository} over a
 * {@link CircuitBreakingCacheStore} around {@link VersionCheckedCopies} of a {@link RedissonCacheStore}, with {@link JacksonCacheCodecs}; plus the
 * Redisson client itself for the raw-GET floor. Private schema and key prefix come from {@link BenchConfig}.
 */
public final class BenchStack implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BenchStack.class);

    private final BenchConfig config;
    private final Dataset dataset;
    private final PostgresDatabase database;
    private final PostgresHeroRepository heroes;
    private final RedissonClient redis;
    private final RedissonCacheStore redisStore;
    private final CacheStore store;
    private final CacheCodecs codecs = new JacksonCacheCodecs();
    private final HeroCacheStrategy heroStrategy;
    private TwoLevelCacheStore twoLevel;
    private CacheStore twoLevelStore;

    private BenchStack(BenchConfig config, Dataset dataset, PostgresDatabase database, RedissonClient redis,
                       RedisReadClient readClient) {
        this.config = config;
        this.dataset = dataset;
        this.database = database;
        this.heroes = new PostgresHeroRepository(database.jdbi());
        this.redis = redis;
        // REDIS_READ_CLIENT (ADR 18): the service's default unless the benchmark chooses
        this.redisStore = new RedissonCacheStore(redis, readClient == null ? config.redis()
                : config.redis().withReadClient(readClient));
        // with the L1 off, CacheLayer puts the version-checked copies of big entries (id lists) below the breaker
        this.store = new CircuitBreakingCacheStore(new VersionCheckedCopies(redisStore));
        this.heroStrategy = new HeroCacheStrategy(codecs, BenchConfig.HERO_TTL);
    }

    /**
     * The service's Redisson client, or — for comparing Redisson's knobs side by side (issue 16) — the same
     * configuration with {@code BENCH_REDISSON} applied: comma-separated {@code nettyThreads=N}, {@code threads=N},
     * {@code useThreadClassLoader=false}.
     */
    private static RedissonClient redisson(RedisConfig redisConfig) {
        String knobs = System.getenv().getOrDefault("BENCH_REDISSON", "");
        if (knobs.isBlank()) {
            return RedisClientFactory.create(redisConfig);
        }
        org.redisson.config.Config redisson = RedisClientFactory.redissonConfig(redisConfig);
        for (String knob : knobs.split(",")) {
            String[] kv = knob.trim().split("=", 2);
            switch (kv[0]) {
                case "nettyThreads" -> redisson.setNettyThreads(Integer.parseInt(kv[1]));
                case "threads" -> redisson.setThreads(Integer.parseInt(kv[1]));
                case "useThreadClassLoader" -> redisson.setUseThreadClassLoader(Boolean.parseBoolean(kv[1]));
                default -> throw new IllegalArgumentException("unknown BENCH_REDISSON knob " + knob);
            }
        }
        return org.redisson.Redisson.create(redisson);
    }

    /** Connects, and makes sure the private schema holds the configured dataset (loading it when it does not). */
    public static BenchStack open(BenchConfig config) {
        return open(config, null);
    }

    /**
     * {@link #open(BenchConfig)} with the Redis connections on {@code transport} ({@code REDIS_TRANSPORT}, ADR 17),
     * or on the service's default when null: to put the transports side by side in one JMH run.
     */
    public static BenchStack open(BenchConfig config, RedisTransport transport) {
        return open(config, transport, null);
    }

    /**
     * {@link #open(BenchConfig, RedisTransport)} with the store's single-key reads through {@code readClient}
     * ({@code REDIS_READ_CLIENT}, ADR 18), or the service's default when null: Jedis and Redisson side by side.
     */
    public static BenchStack open(BenchConfig config, RedisTransport transport, RedisReadClient readClient) {
        Dataset dataset = Dataset.generate(config.heroes(), config.seed());
        PostgresDatabase database = new PostgresDatabase(config.postgres());
        RedissonClient redis = null;
        try {
            new DatasetLoader(database).ensure(dataset);
            redis = redisson(transport == null ? config.redis() : config.redis().withTransport(transport));
            return new BenchStack(config, dataset, database, redis, readClient);
        } catch (RuntimeException e) {
            if (redis != null) {
                redis.shutdown();
            }
            database.close();
            throw e;
        }
    }

    public BenchConfig config() {
        return config;
    }

    public Dataset dataset() {
        return dataset;
    }

    /** Uncached: straight to PostgreSQL. */
    public PostgresHeroRepository postgresHeroes() {
        return heroes;
    }

    /** Cached over Redis, reporting to {@code listener} (NOOP in measured code, so it costs nothing). */
    public CachedHeroRepository cachedHeroes(CacheListener listener) {
        CacheOptions options = CacheOptions.defaults().withClock(Clock.systemUTC()).withListener(listener);
        return new CachedHeroRepository(heroes, store, heroStrategy, options, DependentViews.NONE);
    }

    /** {@link #cachedHeroes} as bootstrap wires it with CACHE_L1_ENABLED=false: hits by id served as JSON (ADR 13). */
    public CachedHeroRepository cachedJsonHeroes(CacheListener listener) {
        CacheOptions options = CacheOptions.defaults().withClock(Clock.systemUTC()).withListener(listener)
                .withJsonHits(true);
        return new CachedHeroRepository(heroes, store, heroStrategy, options, DependentViews.NONE);
    }

    /**
     * Cached over the in-process L1 in front of Redis, composed as bootstrap's CacheLayer does with
     * CACHE_L1_ENABLED=true (breaker → L1 → Redis); the L1 is built once, sized for the whole dataset.
     */
    public synchronized CachedHeroRepository twoLevelHeroes(CacheListener listener) {
        if (twoLevel == null) {
            twoLevel = TwoLevelCacheStore.create(redis, redisStore, config.redis(), dataset.heroes().size() + 100);
            twoLevelStore = new CircuitBreakingCacheStore(twoLevel);
        }
        CacheOptions options = CacheOptions.defaults().withClock(Clock.systemUTC()).withListener(listener);
        return new CachedHeroRepository(heroes, twoLevelStore, heroStrategy, options, DependentViews.NONE);
    }

    /** The L1 of {@link #twoLevelHeroes} reports each hit to {@code listener} (as bootstrap wires the analytics). */
    public synchronized void reportL1HitsTo(CacheListener listener) {
        if (twoLevel == null) {
            throw new IllegalStateException("call twoLevelHeroes first");
        }
        twoLevel.reportingL1HitsTo(listener);
    }

    public HeroCacheStrategy heroStrategy() {
        return heroStrategy;
    }

    /** A Redisson bucket of one logical cache key, as the store reads it ({@code prefix + key}, StringCodec). */
    public RBucket<String> rawBucket(String logicalKey) {
        return redis.getBucket(config.keyPrefix() + logicalKey, StringCodec.INSTANCE);
    }

    public RedissonClient redis() {
        return redis;
    }

    /** The pool the uncached repositories use (the trace replay builds children's and stories' on it). */
    public PostgresDatabase database() {
        return database;
    }

    /** The Redis store without a breaker, to compose another stack over it (the trace replay's L1 per run). */
    public RedissonCacheStore redisStore() {
        return redisStore;
    }

    public CacheStore store() {
        return store;
    }

    public CacheCodecs codecs() {
        return codecs;
    }

    /**
     * Fills Redis with every hero read key, the bytes encoded by the production codec from what PostgreSQL returns
     * (so a cached read returns exactly what an uncached one does), written in pipelined batches rather than one
     * cache miss per hero. The stored entries equal what a miss stores: a plain string with a TTL.
     */
    public void warmHeroCache() {
        long started = System.nanoTime();
        Duration ttl = heroStrategy.defaultTtl();
        List<Hero> all = heroes.listAll();
        RBatch batch = redis.createBatch();
        int queued = 0;
        for (Hero hero : all) {
            queue(batch, heroStrategy.idKey(hero.id()), codecs.hero().encode(hero, Clock.systemUTC().instant(), ttl),
                    ttl);
            if (++queued % 1000 == 0) {
                batch.execute();
                batch = redis.createBatch();
            }
        }
        // collections are id lists (ADR 11)
        queue(batch, heroStrategy.allKey(), codecs.members().encode(heroes.members(Listing.ALL),
                Clock.systemUTC().instant(), ttl), ttl);
        for (Language language : Dataset.LANGUAGES) {
            queue(batch, heroStrategy.languageKey(language), codecs.members().encode(
                    heroes.members(new Listing.InLanguage(language)), Clock.systemUTC().instant(), ttl), ttl);
        }
        batch.execute();
        log.info("Warmed {} hero entries plus {} lists under prefix \"{}\" in {} ms", all.size(),
                Dataset.LANGUAGES.size() + 1, config.keyPrefix(), (System.nanoTime() - started) / 1_000_000);
    }

    private void queue(RBatch batch, String logicalKey, String value, Duration ttl) {
        batch.getBucket(config.keyPrefix() + logicalKey, StringCodec.INSTANCE).setAsync(value, ttl);
    }

    /** Deletes every key under the private prefix, version keys included (SCAN + UNLINK, never KEYS). */
    public long deleteKeys() {
        return RedisKeys.deleteUnderPrefix(redis, config.keyPrefix());
    }

    /**
     * Removes what a run left behind, without loading anything first: drops the private schema and deletes every
     * key under the private prefix.
     *
     * @return how many Redis keys were deleted
     */
    public static long cleanup(BenchConfig config) {
        try (PostgresDatabase database = new PostgresDatabase(config.postgres())) {
            new DatasetLoader(database).dropSchema();
        }
        RedissonClient redis = RedisClientFactory.create(config.redis());
        try {
            return RedisKeys.deleteUnderPrefix(redis, config.keyPrefix());
        } finally {
            redis.shutdown();
        }
    }

    @Override
    public void close() {
        if (twoLevel != null) {
            twoLevel.close();
        }
        redisStore.close(); // the Jedis reads' connections
        redis.shutdown();
        database.close();
    }
}
