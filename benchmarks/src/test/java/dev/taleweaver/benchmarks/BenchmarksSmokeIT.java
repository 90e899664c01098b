package dev.taleweaver.benchmarks;

import dev.taleweaver.benchmarks.jmh.EntryCheckBenchmark;
import dev.taleweaver.benchmarks.jmh.HeroReadBenchmark;
import dev.taleweaver.benchmarks.jmh.HeroSubject;
import dev.taleweaver.benchmarks.jmh.InterleavedReads;
import dev.taleweaver.benchmarks.jmh.L1AlternativesBenchmark;
import dev.taleweaver.benchmarks.l1.L1Alternative;
import dev.taleweaver.benchmarks.l1.L1Propagation;
import dev.taleweaver.benchmarks.report.JmhReport;
import io.gatling.javaapi.core.Simulation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Keeps the benchmark suite working under the default build, cheaply: the real find_by_id benchmark, every subject,
 * one 200 ms iteration on 100 heroes against the local PostgreSQL and Redis (in-process, no fork), then the report
 * over its JSON; the same for the L1 alternatives (100 keys), plus a few propagation trials. Private schema and key
 * prefix per run, removed afterwards.
 */
class BenchmarksSmokeIT {
    private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private static BenchConfig config;

    @BeforeAll
    static void privateDataset() {
        System.setProperty("bench.heroes", "100");
        System.setProperty("bench.schema", "tw_bench_smoke_" + RUN);
        System.setProperty("bench.key.prefix", "bench-smoke-" + RUN + ":");
        config = BenchConfig.fromEnvironment();
        requireReachable("PostgreSQL", URI.create(config.jdbcUrl().substring("jdbc:".length())), 5432,
                "BENCH_DATABASE_URL");
        requireReachable("Redis", URI.create(config.redisUrl()), 6379, "BENCH_REDIS_URL");
    }

    /** A missing server is a setup problem: say which and how to point the test elsewhere. */
    private static void requireReachable(String what, URI uri, int defaultPort, String setting) {
        int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), 2_000);
        } catch (IOException e) {
            fail(what + " does not answer at " + uri.getHost() + ":" + port + " (" + e.getMessage() + "). Start it"
                    + " locally, or set " + setting + " (or -D" + setting.toLowerCase(Locale.ROOT).replace('_', '.')
                    + ") to one that runs.");
        }
    }

    @AfterAll
    static void cleanUp() {
        BenchStack.cleanup(config);
    }

    @Test
    void findByIdRunsForEverySubjectAndTheReportComparesThem(@TempDir Path dir)
            throws Exception {
        Path json = dir.resolve("smoke.json");
        Options options = new OptionsBuilder()
                .include(HeroReadBenchmark.class.getName() + ".findById")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .threads(1)
                .result(json.toString())
                .resultFormat(ResultFormatType.JSON)
                .verbosity(VerboseMode.SILENT)
                .build();

        Collection<RunResult> results = new Runner(options).run();

        assertThat(results).hasSize(HeroSubject.values().length * 2); // every subject, SampleTime and Throughput
        assertThat(results).extracting(r -> r.getParams().getParam("subject"))
                .containsOnly(names(HeroSubject.values()));
        assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        JmhReport.read(List.of(json)).print(new PrintStream(printed, true, StandardCharsets.UTF_8), 0);
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("find_by_id", "RAW_GET")
                .contains("find_by_id: cached / raw GET")
                .contains("find_by_id: uncached / cached")
                .contains("find_by_id: cached / two-level");
        assertThat(Files.size(json)).isPositive();
    }

    /** bin/interleaved-reads.sh, cheaply: two subjects alternating for a second, then the table and the ratio. */
    @Test
    void interleavedReadsTimeEverySubjectAndPrintTheirRatio() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        InterleavedReads.run(new String[] {"--subjects", "CACHED_JSON,STORE_GET_BYTES", "--seconds", "1",
                "--warmup", "0", "--block", "20"}, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("| CACHED_JSON |", "| STORE_GET_BYTES |", "CACHED_JSON / STORE_GET_BYTES: p50");
    }

    /** The entity-JSON check's benchmark (no Redis or PostgreSQL): every method, one 200 ms iteration. */
    @Test
    void theEntryCheckBenchmarkRuns() throws Exception {
        Options options = new OptionsBuilder()
                .include(EntryCheckBenchmark.class.getName())
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .verbosity(VerboseMode.SILENT)
                .build();

        Collection<RunResult> results = new Runner(options).run();

        assertThat(results).hasSize(3);
        assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
    }

    /**
     * bin/l1-compare.sh's benchmark, cheaply: every L1 alternative, 100 keys, one 200 ms iteration; then the report
     * and a few propagation trials.
     */
    @Test
    void l1AlternativesRunForEverySubjectAndPropagationIsMeasured(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("l1.json");
        Options options = new OptionsBuilder()
                .include(L1AlternativesBenchmark.class.getName() + ".get")
                .param("keys", "100")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .threads(1)
                .result(json.toString())
                .resultFormat(ResultFormatType.JSON)
                .verbosity(VerboseMode.SILENT)
                .build();

        Collection<RunResult> results = new Runner(options).run();

        assertThat(results).hasSize(L1Alternative.values().length * 2); // SampleTime and Throughput
        assertThat(results).extracting(r -> r.getParams().getParam("subject"))
                .containsOnly(Arrays.stream(L1Alternative.values()).map(Enum::name).toArray(String[]::new));
        assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        JmhReport.read(List.of(json)).print(new PrintStream(printed, true, StandardCharsets.UTF_8), 0);
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("get: plain GET / TWO_LEVEL", "get: plain GET / LOCAL_CACHED_MAP",
                        "get: plain GET / CLIENT_SIDE_CACHING");

        for (L1Alternative alternative : L1Alternative.values()) {
            if (alternative.hasL1()) {
                // a reader that never noticed the write would give up after 5 s
                assertThat(L1Propagation.measure(config, 5, alternative).timedOut()).as(alternative.name()).isZero();
            }
        }
    }

    /** bin/gatling.sh names these classes; renaming one must fail here, not in the next load test. */
    @Test
    void theSimulationsTheScriptRunsExist() throws Exception {
        for (String name : List.of("MixedLoadSimulation", "HitVersusTrivialSimulation")) {
            Class<?> simulation = Class.forName("dev.taleweaver.benchmarks.gatling." + name);
            assertThat(Simulation.class).isAssignableFrom(simulation);
        }
    }

    private static String[] names(HeroSubject[] subjects) {
        return Arrays.stream(subjects).map(Enum::name).toArray(String[]::new);
    }
}
