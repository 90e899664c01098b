package dev.taleweaver.benchmarks.jmh;

import dev.taleweaver.adapter.redis.RedisReadClient;
import dev.taleweaver.adapter.redis.RedisTransport;
import dev.taleweaver.benchmarks.BenchConfig;
import dev.taleweaver.benchmarks.BenchStack;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Two or more {@link HeroSubject}s' {@code find_by_id}, timed call by call in alternating blocks on one thread, so
 * that their latencies are compared over the same seconds of the same machine. JMH measures subjects one after
 * another; on these shared machines the round trip's p50 drifts by a third between two of its 16-second trials
 * (docs/benchmarks.md), far more than the microsecond that separates a Redis hit from the raw read of its bytes.
 *
 * <p>Blocks of {@code --block} calls go in the order A B B A A B B A … (each subject as often first as last), after
 * {@code --warmup} seconds of the same alternation. Every call is timed with {@code System.nanoTime()} (the same
 * ~30 ns for every subject); the percentiles are exact, over every call measured.
 *
 * <pre>benchmarks/bin/interleaved-reads.sh [--subjects CACHED_JSON,STORE_GET_BYTES] [--seconds 60] …</pre>
 */
public final class InterleavedReads {
    private InterleavedReads() {
    }

    public static void main(String[] args) {
        run(args, System.out);
    }

    /** Parses {@code args} as the script's options, runs and prints the table and ratios to {@code out}. */
    public static void run(String[] args, PrintStream out) {
        Options options = Options.parse(args);
        BenchConfig config = BenchConfig.fromEnvironment();
        try (BenchStack stack = BenchStack.open(config, options.transport, options.readClient)) {
            List<HeroReads> reads = new ArrayList<>();
            for (HeroSubject subject : options.subjects) {
                reads.add(subject.prepare(stack));
            }
            int heroes = stack.dataset().heroes().size();
            SplittableRandom random = new SplittableRandom(options.seed);
            run(reads, heroes, random, options.block, options.warmupSeconds, null);
            List<LatencyLog> logs = new ArrayList<>();
            for (int i = 0; i < reads.size(); i++) {
                logs.add(new LatencyLog());
            }
            run(reads, heroes, random, options.block, options.seconds, logs);
            print(options, logs, out);
        }
    }

    /** Alternating blocks for {@code seconds}; each call's latency into its subject's log, unless logs is null. */
    private static void run(List<HeroReads> reads, int heroes, SplittableRandom random, int block, int seconds,
                            List<LatencyLog> logs) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        int n = reads.size();
        for (long round = 0; System.nanoTime() < end; round++) {
            for (int k = 0; k < n; k++) {
                int subject = round % 2 == 0 ? k : n - 1 - k; // A B, then B A: each as often first as last
                HeroReads subjectReads = reads.get(subject);
                LatencyLog log = logs == null ? null : logs.get(subject);
                for (int i = 0; i < block; i++) {
                    int hero = random.nextInt(heroes);
                    long started = System.nanoTime();
                    Object found = subjectReads.byId(hero);
                    long took = System.nanoTime() - started;
                    if (found == null) {
                        throw new IllegalStateException("hero " + hero + " not found by " + subject);
                    }
                    if (log != null) {
                        log.add(took);
                    }
                }
            }
        }
    }

    private static void print(Options options, List<LatencyLog> logs, PrintStream out) {
        out.printf(Locale.ROOT, "== find_by_id, %d s interleaved in blocks of %d calls after %d s of warm-up"
                + " (transport %s, read client %s)%n", options.seconds, options.block, options.warmupSeconds,
                options.transport == null ? "default" : options.transport,
                options.readClient == null ? "default" : options.readClient);
        out.println("| subject | calls | p50 µs | p90 µs | p99 µs | mean µs |");
        out.println("|---|--:|--:|--:|--:|--:|");
        for (int i = 0; i < logs.size(); i++) {
            LatencyLog log = logs.get(i);
            out.printf(Locale.ROOT, "| %s | %,d | %.1f | %.1f | %.1f | %.1f |%n", options.subjects.get(i),
                    log.count(), log.percentile(50) / 1e3, log.percentile(90) / 1e3, log.percentile(99) / 1e3,
                    log.mean() / 1e3);
        }
        LatencyLog last = logs.get(logs.size() - 1);
        for (int i = 0; i < logs.size() - 1; i++) {
            out.printf(Locale.ROOT, "%s / %s: p50 %.3f×, p99 %.3f×, mean %.3f×%n", options.subjects.get(i),
                    options.subjects.get(logs.size() - 1), logs.get(i).percentile(50) / last.percentile(50),
                    logs.get(i).percentile(99) / last.percentile(99), logs.get(i).mean() / last.mean());
        }
    }

    /** Every latency of one subject, in nanoseconds. */
    private static final class LatencyLog {
        private long[] values = new long[1 << 16];
        private int count;
        private boolean sorted;

        void add(long nanos) {
            if (count == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[count++] = nanos;
            sorted = false;
        }

        int count() {
            return count;
        }

        double percentile(double p) {
            if (!sorted) {
                Arrays.sort(values, 0, count);
                sorted = true;
            }
            int rank = (int) Math.ceil(p / 100 * count) - 1;
            return values[Math.max(0, Math.min(count - 1, rank))];
        }

        double mean() {
            double sum = 0;
            for (int i = 0; i < count; i++) {
                sum += values[i];
            }
            return sum / count;
        }
    }

    private record Options(List<HeroSubject> subjects, int seconds, int warmupSeconds, int block, long seed,
                           RedisTransport transport, RedisReadClient readClient) {
        static Options parse(String[] args) {
            List<HeroSubject> subjects = List.of(HeroSubject.CACHED_JSON, HeroSubject.STORE_GET_BYTES);
            int seconds = 60;
            int warmup = 20;
            int block = 200;
            long seed = 42;
            RedisTransport transport = RedisTransport.EPOLL;
            RedisReadClient readClient = RedisReadClient.JEDIS;
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                String value = args[i + 1];
                switch (args[i]) {
                    case "--subjects" -> subjects = Arrays.stream(value.split(",")).map(HeroSubject::valueOf).toList();
                    case "--seconds" -> seconds = Integer.parseInt(value);
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--block" -> block = Integer.parseInt(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--transport" -> transport = RedisTransport.parse(value);
                    case "--read-client" -> readClient = RedisReadClient.parse(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; known: --subjects --seconds --warmup --block --seed --transport --read-client");
                }
            }
            if (subjects.size() < 2 || seconds < 1 || warmup < 0 || block < 1 || transport == null
                    || readClient == null) {
                throw new IllegalArgumentException("two or more subjects, --seconds ≥ 1, --warmup ≥ 0, --block ≥ 1,"
                        + " --transport epoll|nio, --read-client jedis|redisson");
            }
            return new Options(subjects, seconds, warmup, block, seed, transport, readClient);
        }
    }
}
