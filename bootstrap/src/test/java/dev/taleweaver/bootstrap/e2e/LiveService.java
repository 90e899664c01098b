package dev.taleweaver.bootstrap.e2e;

import dev.taleweaver.adapter.postgres.testing.TestPostgres;
import dev.taleweaver.adapter.postgres.testing.TestSchema;
import dev.taleweaver.adapter.redis.testing.TestRedis;
import dev.taleweaver.bootstrap.Settings;
import dev.taleweaver.bootstrap.Taleweaver;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The real service, started as Main starts it ({@link Taleweaver#start}), on a private PostgreSQL schema and a
 * private Redis key prefix, listening on a free port. Closing it stops the service and drops the schema and
 * every key under the prefix.
 */
public final class LiveService implements AutoCloseable {
    private final TestSchema schema;
    private final TestRedis redis;
    private final Taleweaver service;
    private final HttpApi api;

    private LiveService(TestSchema schema, TestRedis redis, Taleweaver service) {
        this.schema = schema;
        this.redis = redis;
        this.service = service;
        this.api = HttpApi.onLocalPort(service.port());
    }

    /** @param redisEnabled false for REDIS_ENABLED=false (the prefix is still configured, so tests can watch it) */
    public static LiveService start(boolean redisEnabled) {
        return start(redisEnabled, Settings.Operations.DEFAULTS);
    }

    /** With {@code CACHE_L1_ENABLED=false}: every read goes to Redis (ADR 13), else as {@link #start(boolean)}. */
    public static LiveService startWithoutL1() {
        return start(true, Settings.Operations.DEFAULTS, Settings.L1.OFF);
    }

    /** With the admin endpoints on: {@code ADMIN_TOKEN=adminToken}, everything else as {@link #start(boolean)}. */
    public static LiveService startWithAdminToken(String adminToken) {
        Settings.Operations defaults = Settings.Operations.DEFAULTS;
        return start(true, new Settings.Operations(Optional.of(adminToken), defaults.warmup(),
                defaults.warmupMaxEntries(), defaults.warmupTimeout()));
    }

    private static LiveService start(boolean redisEnabled, Settings.Operations operations) {
        return start(redisEnabled, operations, Settings.L1.DEFAULTS);
    }

    private static LiveService start(boolean redisEnabled, Settings.Operations operations, Settings.L1 l1) {
        TestSchema schema = TestPostgres.createSchema();
        TestRedis redis = TestRedis.create();
        try {
            Settings settings = new Settings(schema.config(), 0, redisEnabled, redis.config(), defaultTtls(),
                    operations).withL1(l1);
            return new LiveService(schema, redis, Taleweaver.start(settings, Clock.systemUTC()));
        } catch (RuntimeException e) {
            redis.close();
            schema.close();
            throw e;
        }
    }

    /** The TTLs a deployment gets when it sets none. */
    public static Settings.CacheTtls defaultTtls() {
        return Settings.from(Map.of()).ttls();
    }

    public HttpApi api() {
        return api;
    }

    /** Every route the running service answers, as {@code "METHOD /path/{param}"}. */
    public Set<String> routes() {
        return service.routes();
    }

    public TestRedis redis() {
        return redis;
    }

    public TestSchema schema() {
        return schema;
    }

    /** The Redis key a logical cache key such as {@code hero:<id>} is stored under. */
    public String redisKey(String logicalKey) {
        return redis.keyPrefix() + logicalKey;
    }

    public boolean cached(String logicalKey) {
        return redis.keys().contains(redisKey(logicalKey));
    }

    /** Forgets every row and cache entry, so the next test starts from nothing. */
    public void reset() {
        schema.truncateTables();
        redis.close(); // deletes the prefix's keys; the object stays usable
    }

    @Override
    public void close() {
        try {
            service.close();
        } finally {
            try {
                redis.close();
            } finally {
                schema.close();
            }
        }
    }
}
