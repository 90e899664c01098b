package dev.taleweaver.benchmarks.jmh;

import dev.taleweaver.adapter.redis.JacksonCacheCodecs;
import dev.taleweaver.application.port.out.CacheCodec;
import dev.taleweaver.benchmarks.data.Dataset;
import dev.taleweaver.domain.hero.Hero;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What an L1-off Redis hit does with the bytes it read, without the round trip (whose jitter hides it in
 * {@link HeroReadBenchmark}): the entity-JSON check that serves them (ADR 13, {@code CacheCodec.entityJson}), the
 * decode path it saves, and a plain copy of the entry (the floor: the check ends in one). Over the 1,000 first heroes
 * of the benchmark dataset as the service encodes them, one per call in turn. No Redis or PostgreSQL involved.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar EntryCheckBenchmark</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class EntryCheckBenchmark {
    private static final int HEROES = 1_000;

    @State(Scope.Thread)
    public static class Entries {
        final CacheCodec<Hero> codec = new JacksonCacheCodecs().hero();
        byte[][] entries;
        String[] texts;
        String[] ids;
        int next;

        @Setup(Level.Trial)
        public void encode() {
            List<Hero> heroes = Dataset.heroes(HEROES, 42);
            entries = new byte[HEROES][];
            texts = new String[HEROES];
            ids = new String[HEROES];
            Instant cachedAt = Instant.parse("2026-12-05T18:00:00.123456Z");
            for (int i = 0; i < HEROES; i++) {
                texts[i] = codec.encode(heroes.get(i), cachedAt, Duration.ofHours(1));
                entries[i] = texts[i].getBytes(StandardCharsets.UTF_8);
                ids[i] = heroes.get(i).id().toString();
                if (codec.entityJson(entries[i], ids[i]) == null) {
                    throw new IllegalStateException("the check refuses the service's own entry " + texts[i]);
                }
            }
        }

        int turn() {
            int i = next;
            next = i + 1 == HEROES ? 0 : i + 1;
            return i;
        }
    }

    /** The check and the copy of the entity's bytes an L1-off hit by id is answered with. */
    @Benchmark
    public CacheCodec.EntityJson entityJson(Entries e) {
        int i = e.turn();
        return e.codec.entityJson(e.entries[i], e.ids[i]);
    }

    /** The decode path the check saves: Jackson into the wire record, then the domain value with its checks. */
    @Benchmark
    public Hero decode(Entries e) {
        return e.codec.decode(e.texts[e.turn()]);
    }

    /** The floor: a copy of the entry's bytes. */
    @Benchmark
    public byte[] copy(Entries e) {
        byte[] entry = e.entries[e.turn()];
        return Arrays.copyOf(entry, entry.length);
    }
}
