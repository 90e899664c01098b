package dev.taleweaver.benchmarks.jmh;

import dev.taleweaver.application.port.out.CacheListener;
import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.benchmarks.BenchConfig;
import dev.taleweaver.benchmarks.BenchStack;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.paging.Listing;
import dev.taleweaver.domain.paging.Page;
import dev.taleweaver.domain.paging.PageRequest;
import dev.taleweaver.domain.paging.Position;
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

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Issue 11: assembling a page of 50 heroes ({@code page(Listing.ALL, limit 50)} after a random cursor) with every
 * member in the L1 ({@code L1}), with the L1 off and every member in Redis (one MGET per page, {@code REDIS}), and
 * uncached (PostgreSQL's keyset query, {@code UNCACHED}). Every subject is checked to answer 50 heroes.
 */
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class PageAssemblyBenchmark {
    static final int LIMIT = 50;

    /** Where the members of a page come from. */
    public enum Source { L1, REDIS, UNCACHED }

    @State(Scope.Benchmark)
    public static class Subject {
        @Param
        public Source source;

        BenchStack stack;
        HeroRepository heroes;
        List<Position> members;

        @Setup(Level.Trial)
        public void open() {
            stack = BenchStack.open(BenchConfig.fromEnvironment());
            members = stack.postgresHeroes().members(Listing.ALL);
            heroes = switch (source) {
                case UNCACHED -> stack.postgresHeroes();
                case REDIS -> {
                    stack.warmHeroCache();
                    yield stack.cachedHeroes(CacheListener.NOOP);
                }
                case L1 -> {
                    stack.warmHeroCache();
                    HeroRepository twoLevel = stack.twoLevelHeroes(CacheListener.NOOP);
                    twoLevel.listAll(); // one read of every member and of hero:all fills the L1
                    yield twoLevel;
                }
            };
            Page<Hero> check = heroes.page(Listing.ALL, new PageRequest(Optional.of(members.get(0)), LIMIT));
            if (check.items().size() != LIMIT) {
                throw new IllegalStateException(source + " answered " + check.items().size() + " heroes, not " + LIMIT);
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            stack.close();
        }
    }

    /** A pre-generated random walk over cursors, so each invocation reads another page. */
    @State(Scope.Thread)
    public static class Cursors {
        private static final int LENGTH = 1 << 12;
        private final Optional<Position>[] after = newArray();
        private int next;

        @SuppressWarnings("unchecked")
        private static Optional<Position>[] newArray() {
            return new Optional[LENGTH];
        }

        @Setup(Level.Trial)
        public void generate(Subject subject) {
            SplittableRandom random = new SplittableRandom(System.nanoTime());
            int bound = Math.max(1, subject.members.size() - LIMIT);
            for (int i = 0; i < LENGTH; i++) {
                after[i] = Optional.of(subject.members.get(random.nextInt(bound)));
            }
        }

        Optional<Position> next() {
            next = (next + 1) & (LENGTH - 1);
            return after[next];
        }
    }

    @Benchmark
    public Object pageOf50(Subject s, Cursors cursors) {
        return s.heroes.page(Listing.ALL, new PageRequest(cursors.next(), LIMIT));
    }
}
