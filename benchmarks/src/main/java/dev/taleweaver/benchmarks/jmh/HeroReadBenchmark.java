package dev.taleweaver.benchmarks.jmh;

import dev.taleweaver.adapter.redis.RedisReadClient;
import dev.taleweaver.adapter.redis.RedisTransport;
import dev.taleweaver.benchmarks.BenchConfig;
import dev.taleweaver.benchmarks.BenchStack;
import dev.taleweaver.benchmarks.data.Dataset;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The repository-level hero reads — find_by_id, find_by_language, list_all — against each {@link HeroSubject}:
 * PostgreSQL, the Redis cache hit, the raw Redisson GET floor, and the store's bounded read through the read client
 * ({@code -p readClient}). SampleTime gives p50/p99, Throughput ops/s.
 *
 * <p>Ids and languages are drawn uniformly at random per invocation from a pre-generated sequence, so every
 * invocation reads a different key and nothing is allocated to choose it.
 */
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class HeroReadBenchmark {

    /** The stack and the subject, once per trial (per subject, per benchmark method). */
    @State(Scope.Benchmark)
    public static class Subject {
        /** No values listed: JMH runs every HeroSubject, so a new subject needs no change here. */
        @Param
        public HeroSubject subject;

        /**
         * The Redis connections' transport ({@code REDIS_TRANSPORT}): {@code default} is the service's, {@code epoll}
         * or {@code nio} chooses one, so {@code -p transport=nio,epoll} puts them side by side in one run (ADR 17).
         */
        @Param("default")
        public String transport;

        /**
         * The client of the store's single-key reads ({@code REDIS_READ_CLIENT}, ADR 18): {@code default} is the
         * service's (jedis), {@code jedis} or {@code redisson} chooses one, so {@code -p readClient=jedis,redisson}
         * puts CACHED, CACHED_JSON and STORE_GET_BYTES on both side by side.
         */
        @Param("default")
        public String readClient;

        BenchStack stack;
        HeroReads reads;
        int heroes;

        @Setup(Level.Trial)
        public void open() {
            BenchConfig config = BenchConfig.fromEnvironment();
            stack = BenchStack.open(config, redisTransport(transport), readClient(readClient));
            heroes = stack.dataset().heroes().size();
            reads = subject.prepare(stack);
        }

        @TearDown(Level.Trial)
        public void close() {
            stack.close();
        }

        private static RedisReadClient readClient(String param) {
            if (param.equals("default")) {
                return null;
            }
            RedisReadClient client = RedisReadClient.parse(param);
            if (client == null) {
                throw new IllegalArgumentException("-p readClient= takes default, jedis or redisson, not " + param);
            }
            return client;
        }

        private static RedisTransport redisTransport(String param) {
            if (param.equals("default")) {
                return null;
            }
            RedisTransport transport = RedisTransport.parse(param);
            if (transport == null) {
                throw new IllegalArgumentException("-p transport= takes default, epoll or nio, not " + param);
            }
            return transport;
        }
    }

    /** Each thread's own walk through a pre-generated random sequence of hero and language indexes. */
    @State(Scope.Thread)
    public static class Picks {
        private static final int LENGTH = 1 << 16;
        private final int[] heroIndexes = new int[LENGTH];
        private final int[] languageIndexes = new int[LENGTH];
        private int cursor;

        @Setup(Level.Trial)
        public void generate(Subject subject) {
            SplittableRandom random = new SplittableRandom(System.nanoTime());
            for (int i = 0; i < LENGTH; i++) {
                heroIndexes[i] = random.nextInt(subject.heroes);
                languageIndexes[i] = random.nextInt(Dataset.LANGUAGES.size());
            }
        }

        int nextHero() {
            cursor = (cursor + 1) & (LENGTH - 1);
            return heroIndexes[cursor];
        }

        int nextLanguage() {
            cursor = (cursor + 1) & (LENGTH - 1);
            return languageIndexes[cursor];
        }
    }

    @Benchmark
    public Object findById(Subject s, Picks picks) {
        return s.reads.byId(picks.nextHero());
    }

    @Benchmark
    public Object findByLanguage(Subject s, Picks picks) {
        return s.reads.byLanguage(picks.nextLanguage());
    }

    @Benchmark
    public Object listAll(Subject s) {
        return s.reads.all();
    }
}
