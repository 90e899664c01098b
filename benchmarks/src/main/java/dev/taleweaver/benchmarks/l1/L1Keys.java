package dev.taleweaver.benchmarks.l1;

import dev.taleweaver.adapter.redis.JacksonCacheCodecs;
import dev.taleweaver.adapter.redis.RedisClientFactory;
import dev.taleweaver.adapter.redis.RedisConfig;
import dev.taleweaver.benchmarks.BenchConfig;
import dev.taleweaver.benchmarks.RedisKeys;
import dev.taleweaver.benchmarks.data.Dataset;
import dev.taleweaver.domain.hero.Hero;
import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The keys every L1 alternative reads, under a private prefix ({@code <BENCH_KEY_PREFIX>l1:}, so {@code bench:l1:}
 * by default): {@code count} plain string keys {@code <prefix>k:<i>} (what our store, client-side caching and the
 * plain GET read) and one hash {@code <prefix>map} with the same fields (fields {@code k:<i>}, what
 * {@code RLocalCachedMap} reads), each holding the same hero JSON, encoded by the production codec: the dataset hero
 * closest to 600 bytes.
 */
public final class L1Keys implements AutoCloseable {
    static final Duration TTL = BenchConfig.HERO_TTL;
    private static final int BATCH = 1000;
    /** The size of value the comparison is about: a typical cached hero. */
    static final int TARGET_BYTES = 600;

    private final BenchConfig config;
    private final RedisConfig redis;
    private final int count;
    private final String value;
    private final RedissonClient client;

    private L1Keys(BenchConfig config, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("need at least one key, got " + count);
        }
        this.config = config.withKeyPrefix(config.keyPrefix() + "l1:");
        this.redis = this.config.redis();
        this.count = count;
        this.value = heroJsonOfAbout(TARGET_BYTES, config.seed());
        this.client = RedisClientFactory.create(redis);
    }

    /** Writes {@code count} keys and the hash under {@code <base prefix>l1:}; {@link #close()} deletes them. */
    public static L1Keys fill(BenchConfig base, int count) {
        L1Keys keys = new L1Keys(base, count);
        try {
            keys.deleteAll();
            keys.writeAll();
            return keys;
        } catch (RuntimeException e) {
            keys.close();
            throw e;
        }
    }

    private void writeAll() {
        RBatch batch = client.createBatch();
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i < count; i++) {
            batch.getBucket(fullKey(i), StringCodec.INSTANCE).setAsync(value, TTL);
            fields.put(logicalKey(i), value);
            if ((i + 1) % BATCH == 0) {
                batch.getMap(mapName(), StringCodec.INSTANCE).putAllAsync(fields);
                fields.clear();
                batch.execute();
                batch = client.createBatch();
            }
        }
        if (!fields.isEmpty()) {
            batch.getMap(mapName(), StringCodec.INSTANCE).putAllAsync(fields);
        }
        batch.getMap(mapName(), StringCodec.INSTANCE).expireAsync(TTL);
        batch.execute();
    }

    /** The production encoding of the dataset hero whose entry is closest to {@code bytes} long. */
    static String heroJsonOfAbout(int bytes, long seed) {
        JacksonCacheCodecs codecs = new JacksonCacheCodecs();
        String best = null;
        for (Hero hero : Dataset.heroes(200, seed)) {
            String json = codecs.hero().encode(hero, Clock.systemUTC().instant(), TTL);
            if (best == null || Math.abs(length(json) - bytes) < Math.abs(length(best) - bytes)) {
                best = json;
            }
        }
        return best;
    }

    private static int length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    public int count() {
        return count;
    }

    /** The value every key holds at the start. */
    public String value() {
        return value;
    }

    /** The service's Redis settings with the private prefix. */
    public RedisConfig redis() {
        return redis;
    }

    public String prefix() {
        return config.keyPrefix();
    }

    /** The key as our CacheStore sees it (the store adds the prefix). */
    public String logicalKey(int index) {
        return "k:" + index;
    }

    /** The key in Redis (the hash's field is the logical key). */
    public String fullKey(int index) {
        return prefix() + logicalKey(index);
    }

    public String mapName() {
        return prefix() + "map";
    }

    private long deleteAll() {
        return RedisKeys.deleteUnderPrefix(client, prefix());
    }

    /** Deletes every key under the private prefix and disconnects. */
    @Override
    public void close() {
        try {
            deleteAll();
        } finally {
            client.shutdown();
        }
    }
}
