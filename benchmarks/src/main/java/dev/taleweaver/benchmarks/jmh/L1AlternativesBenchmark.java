package dev.taleweaver.benchmarks.jmh;

import dev.taleweaver.benchmarks.BenchConfig;
import dev.taleweaver.benchmarks.l1.L1Alternative;
import dev.taleweaver.benchmarks.l1.L1Keys;
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
 * ADR 7's measurement: a GET of the same ~600-byte hero JSON from {@code keys} keys (a random key per call), all
 * warm, through each {@link L1Alternative} — our Caffeine + pub/sub store, Redisson's {@code RLocalCachedMap},
 * Redisson's RESP3 client-side caching — and the plain Redis GET without an L1. Keys live under
 * {@code <BENCH_KEY_PREFIX>l1:} ({@code bench:l1:}) and are deleted after each trial. No PostgreSQL is involved.
 * Run by {@code benchmarks/bin/l1-compare.sh}.
 */
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Threads(1)
public class L1AlternativesBenchmark {

    /** One alternative's warm instance, once per trial; named {@code subject} so JmhReport reads it. */
    @State(Scope.Benchmark)
    public static class Subject {
        /** No values listed: JMH runs every alternative. */
        @Param
        public L1Alternative subject;

        @Param("10000")
        public int keys;

        L1Keys fixture;
        L1Alternative.Instance instance;

        @Setup(Level.Trial)
        public void open() {
            fixture = L1Keys.fill(BenchConfig.fromEnvironment(), keys);
            try {
                instance = subject.openWarm(fixture);
            } catch (RuntimeException e) {
                fixture.close();
                throw e;
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            try {
                instance.close();
            } finally {
                fixture.close();
            }
        }
    }

    /** Each thread's own walk through a pre-generated random sequence of key indexes. */
    @State(Scope.Thread)
    public static class Picks {
        private static final int LENGTH = 1 << 16;
        private final int[] indexes = new int[LENGTH];
        private int cursor;

        @Setup(Level.Trial)
        public void generate(Subject subject) {
            SplittableRandom random = new SplittableRandom(System.nanoTime());
            for (int i = 0; i < LENGTH; i++) {
                indexes[i] = random.nextInt(subject.keys);
            }
        }

        int next() {
            cursor = (cursor + 1) & (LENGTH - 1);
            return indexes[cursor];
        }
    }

    @Benchmark
    public String get(Subject s, Picks picks) {
        return s.instance.get(picks.next());
    }
}
