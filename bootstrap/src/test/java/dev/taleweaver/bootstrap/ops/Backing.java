package dev.taleweaver.bootstrap.ops;

import dev.taleweaver.adapter.postgres.testing.TestPostgres;
import dev.taleweaver.adapter.postgres.testing.TestSchema;
import dev.taleweaver.adapter.redis.testing.TestRedis;

import java.util.Set;
import java.util.TreeSet;

/**
 * What a service under test stands on: a private PostgreSQL schema and a private Redis key prefix on the real
 * servers of this machine. Several services may be started on one backing in turn (seed with one, warm with the
 * next). Closing it drops the schema and every key under the prefix.
 */
final class Backing implements AutoCloseable {
    private final TestSchema schema;
    private final TestRedis redis;

    private Backing(TestSchema schema, TestRedis redis) {
        this.schema = schema;
        this.redis = redis;
    }

    static Backing create() {
        TestSchema schema = TestPostgres.createSchema();
        try {
            return new Backing(schema, TestRedis.create());
        } catch (RuntimeException e) {
            schema.close();
            throw e;
        }
    }

    /** A service on this backing, to be configured and started. */
    OpsService.Builder service() {
        return new OpsService.Builder(this);
    }

    TestSchema schema() {
        return schema;
    }

    TestRedis redis() {
        return redis;
    }

    String prefix() {
        return redis.keyPrefix();
    }

    /** The Redis key a logical cache key such as {@code hero:all} is stored under. */
    String redisKey(String logicalKey) {
        return prefix() + logicalKey;
    }

    /** Every Redis key under the prefix (value and version keys alike), as stored, sorted. */
    Set<String> keys() {
        return new TreeSet<>(redis.keys());
    }

    /** The logical keys (prefix stripped) of the cached values, version keys left out. */
    Set<String> valueKeys() {
        Set<String> values = new TreeSet<>();
        for (String key : keys()) {
            String logical = key.substring(prefix().length());
            if (!isVersionKey(key)) {
                values.add(logical);
            }
        }
        return values;
    }

    /** Whether a Redis key of this prefix is an invalidation version key ({@code prefix + "ver:{" + …}). */
    boolean isVersionKey(String redisKey) {
        return redisKey.startsWith(prefix() + "ver:{");
    }

    /** Deletes every key under the prefix, version keys included: a cache nobody has filled yet. */
    void emptyCache() {
        redis.close(); // unlinks the prefix's keys; the object stays usable
    }

    @Override
    public void close() {
        try {
            redis.close();
        } finally {
            schema.close();
        }
    }
}
