package dev.taleweaver.benchmarks.tool;

import dev.taleweaver.adapter.redis.JacksonCacheCodecs;
import dev.taleweaver.adapter.redis.RedisClientFactory;
import dev.taleweaver.adapter.redis.RedisConfig;
import dev.taleweaver.adapter.redis.RedissonCacheStore;
import dev.taleweaver.application.cache.aside.HeroCacheStrategy;
import dev.taleweaver.application.cache.aside.TtlJitter;
import dev.taleweaver.application.port.out.CacheCodecs;
import dev.taleweaver.application.port.out.CacheStore;
import dev.taleweaver.benchmarks.BenchConfig;
import dev.taleweaver.benchmarks.RedisKeys;
import dev.taleweaver.benchmarks.data.Dataset;
import dev.taleweaver.benchmarks.report.Table;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.Hero;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How much Redis memory the hero cache takes: {@code used_memory} before and after writing N hero entries exactly
 * as production writes them (the production codec's bytes, through {@link RedissonCacheStore#set} with the hero
 * strategy's keys and a jittered TTL), then the collection entries (all, and one per language) on top.
 *
 * <p>Meant for a private, empty redis-server (bin/memory.sh starts one), so nothing else moves the figure.
 */
public final class MemoryProbe {
    private static final int WRITERS = 8;

    private final RedissonClient redis;
    private final CacheStore store;
    private final CacheCodecs codecs = new JacksonCacheCodecs();
    private final HeroCacheStrategy strategy = new HeroCacheStrategy(codecs, BenchConfig.HERO_TTL);
    private final TtlJitter jitter = new TtlJitter();

    MemoryProbe(RedisConfig config) {
        this.redis = RedisClientFactory.create(config.withMaxConnections(WRITERS * 2));
        this.store = new RedissonCacheStore(redis, config);
    }

    /** Measures {@code count} heroes under {@code prefix} on {@code redisUrl} and prints the table. */
    static void run(String redisUrl, String prefix, int count, long seed, PrintStream out) throws Exception {
        MemoryProbe probe = new MemoryProbe(RedisConfig.of(redisUrl).withKeyPrefix(prefix));
        try {
            probe.measure(Dataset.heroes(count, seed), out);
        } finally {
            RedisKeys.deleteUnderPrefix(probe.redis, prefix);
            probe.redis.shutdown();
        }
    }

    private void measure(List<Hero> heroes, PrintStream out) throws Exception {
        long empty = usedMemory();
        long keysBefore = redis.getKeys().count();
        AtomicLong valueBytes = new AtomicLong();
        long started = System.nanoTime();
        writeEntries(heroes, valueBytes);
        long writeMillis = (System.nanoTime() - started) / 1_000_000;
        long withEntities = usedMemory();
        long keysAfter = redis.getKeys().count();

        long listBytes = writeLists(heroes);
        long withLists = usedMemory();

        int n = heroes.size();
        long entityDelta = withEntities - empty;
        long listDelta = withLists - withEntities;
        long entityJson = valueBytes.get();
        Table table = new Table("what", "entries", "used_memory MB", "bytes per hero", "JSON written MB");
        table.row("hero:{id}", String.format("%,d", keysAfter - keysBefore), mb(entityDelta),
                String.format("%,d", entityDelta / n), mb(entityJson));
        table.row("hero:all + " + Dataset.LANGUAGES.size() + " × hero:lang:{code}", Dataset.LANGUAGES.size() + 1,
                mb(listDelta), String.format("%,d", listDelta / n), mb(listBytes));
        table.row("whole hero cache", String.format("%,d", keysAfter - keysBefore + Dataset.LANGUAGES.size() + 1),
                mb(withLists - empty), String.format("%,d", (withLists - empty) / n), mb(entityJson + listBytes));
        out.printf("Redis used_memory: %s MB empty, %s MB after %,d hero entries (written in %,d ms), %s MB with"
                + " the lists%n", mb(empty), mb(withEntities), n, writeMillis, mb(withLists));
        out.println(table.render());
        out.printf("hero:{id}: %,d bytes of JSON per entry + %,d bytes of Redis overhead (key, dict entry, expiry,"
                + " allocator rounding)%n", entityJson / n, (entityDelta - entityJson) / n);
        double perHundredThousand = entityDelta * 100_000.0 / n / (1024 * 1024);
        out.printf("100,000 hero entries ≈ %.1f MB of used_memory (issue 5 target < 200 MB: %s; spec < 500 MB)%n",
                perHundredThousand, perHundredThousand < 200 ? "met" : "MISSED");
    }

    /** Every hero through the store's plain SET with TTL, from several threads (the store is thread-safe). */
    private void writeEntries(List<Hero> heroes, AtomicLong valueBytes) throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            int slice = (heroes.size() + WRITERS - 1) / WRITERS;
            for (int from = 0; from < heroes.size(); from += slice) {
                List<Hero> part = heroes.subList(from, Math.min(heroes.size(), from + slice));
                done.add(writers.submit(() -> {
                    for (Hero hero : part) {
                        Duration ttl = jitter.apply(strategy.defaultTtl());
                        String value = codecs.hero().encode(hero, Clock.systemUTC().instant(), ttl);
                        valueBytes.addAndGet(value.getBytes(StandardCharsets.UTF_8).length);
                        store.set(strategy.idKey(hero.id()), value, ttl);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            writers.shutdownNow();
        }
    }

    private long writeLists(List<Hero> heroes) {
        long bytes = 0;
        Duration ttl = strategy.defaultTtl();
        String all = codecs.heroes().encode(heroes, Clock.systemUTC().instant(), ttl);
        store.set(strategy.allKey(), all, ttl);
        bytes += all.getBytes(StandardCharsets.UTF_8).length;
        for (Language language : Dataset.LANGUAGES) {
            List<Hero> ofLanguage = heroes.stream().filter(h -> h.language().equals(language)).toList();
            String list = codecs.heroes().encode(ofLanguage, Clock.systemUTC().instant(), ttl);
            store.set(strategy.languageKey(language), list, ttl);
            bytes += list.getBytes(StandardCharsets.UTF_8).length;
        }
        return bytes;
    }

    private long usedMemory() {
        String used = redis.getRedisNodes(RedisNodes.SINGLE).getInstance().info(RedisNode.InfoSection.MEMORY)
                .get("used_memory");
        return Long.parseLong(used.strip());
    }

    private static String mb(long bytes) {
        return String.format("%.1f", bytes / (1024.0 * 1024.0));
    }
}
