package dev.taleweaver.benchmarks;

import dev.taleweaver.benchmarks.tool.TraceReplayTool;
import dev.taleweaver.benchmarks.trace.TraceReplay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the trace replay (issue 15) working under the default build, cheaply: 600 requests over 100 heroes against
 * the local PostgreSQL and Redis, four runs (today's and "advised" TTLs, prefetching off and on) of about a second
 * each. Private schema and key prefix, removed afterwards. It checks the tool runs and counts, not performance.
 */
class TraceReplaySmokeIT {
    private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private static BenchConfig config;

    @BeforeAll
    static void privateDataset() {
        config = BenchConfig.fromEnvironment().withHeroes(100).withSchema("tw_trace_smoke_" + RUN)
                .withKeyPrefix("trace-smoke-" + RUN + ":");
    }

    @AfterAll
    static void cleanUp() {
        BenchStack.cleanup(config);
    }

    @Test
    void replaysTheTraceWithPrefetchingOffAndOnAndPrintsTheTable() throws Exception {
        Map<String, String> options = TraceReplayTool.parse("--requests", "600", "--rate", "600", "--threads", "4",
                "--warmup", "100",
                "--time-scale", "600", "--advised-ttls", "auto");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<TraceReplay.Result> results;
        try (BenchStack stack = BenchStack.open(config);
             PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            results = TraceReplayTool.run(stack, options, out);
        }

        assertThat(results).extracting(r -> r.run().name()).containsExactly("today TTLs, prefetch off",
                "today TTLs, prefetch on", "advised TTLs, prefetch off", "advised TTLs, prefetch on");
        assertThat(results).allSatisfy(r -> {
            assertThat(r.requests()).isEqualTo(600);
            assertThat(r.errors()).isZero();
            assertThat(r.hits()).isPositive();
            assertThat(r.loads()).isPositive();
        });
        assertThat(results.get(0).prefetchLoaded()).isZero();
        assertThat(results.get(1).prefetchLoaded()).as("prefetching warmed something").isPositive();
        assertThat(results.get(2).run().ttls().story().toSeconds()).as("600 s / 600 or the advice's, at least 1 s")
                .isPositive();
        assertThat(results.get(0).analytics().entities()).extracting(e -> e.entityType())
                .containsExactlyInAnyOrder("hero", "child", "story");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("hit rate", "DB loads / 1,000", "p99 ms",
                "time compressed", "TTL advice of the cache analytics after \"today TTLs, prefetch off\"");
    }
}
