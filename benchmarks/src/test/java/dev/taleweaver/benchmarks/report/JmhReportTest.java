package dev.taleweaver.benchmarks.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JmhReportTest {

    private static String sample(String subject, double p50, double p99) {
        return """
                {"benchmark":"dev.taleweaver.benchmarks.jmh.HeroReadBenchmark.findById","mode":"sample","threads":1,
                 "params":{"subject":"%s"},
                 "primaryMetric":{"score":%s,"scoreUnit":"ms/op","scorePercentiles":{"50.0":%s,"99.0":%s},
                                  "rawDataHistogram":[[[[%s,3],[%s,1]]]]}}""".formatted(subject, p50, p50, p99, p50, p99);
    }

    private static String throughput(String subject, double opsPerMs) {
        return """
                {"benchmark":"dev.taleweaver.benchmarks.jmh.HeroReadBenchmark.findById","mode":"thrpt","threads":2,
                 "params":{"subject":"%s"},"primaryMetric":{"score":%s,"scoreUnit":"ops/ms"}}""".formatted(subject,
                opsPerMs);
    }

    @Test
    void printsLatencyAndThroughputInCommonUnitsAndJudgesTheRatios(@TempDir Path dir) throws Exception {
        Path latency = Files.writeString(dir.resolve("latency.json"), "[" + String.join(",",
                sample("UNCACHED", 1.0, 4.0), sample("CACHED", 0.2, 0.5), sample("RAW_GET", 0.1, 0.3)) + "]");
        Path thrpt = Files.writeString(dir.resolve("thrpt.json"), "[" + String.join(",",
                throughput("UNCACHED", 2), throughput("CACHED", 9)) + "]");

        String printed = print(JmhReport.read(List.of(latency, thrpt)), 0);

        // ms/op → µs, ops/ms → ops/s; 4 samples from the histogram
        assertThat(printed).containsPattern("find_by_id \\| CACHED +\\| +200 \\| +500 \\| +200 \\| +4 \\| +9,000 \\| +1/2");
        assertThat(printed).containsPattern("cached / raw GET +\\| +2\\.00× \\| +≤ 1\\.50× \\| +MISSED");
        assertThat(printed).containsPattern("uncached / cached +\\| +5\\.00× \\| +≥ 2\\.00× \\| +met");
        assertThat(printed).containsPattern("throughput cached / uncached +\\| +4\\.50×");
        assertThat(printed).doesNotContain("two-level");
    }

    @Test
    void judgesTheJsonHitOfTheL1OffServiceAgainstTheRawGet(@TempDir Path dir) throws Exception {
        Path latency = Files.writeString(dir.resolve("latency.json"), "[" + String.join(",",
                sample("CACHED_JSON", 0.105, 0.3), sample("RAW_GET", 0.1, 0.3)) + "]");

        String printed = print(JmhReport.read(List.of(latency)), 0);

        assertThat(printed).containsPattern("cached JSON \\(L1 off\\) / raw GET +\\| +1\\.05× \\| +≤ 1\\.10× \\| +met");
    }

    @Test
    void withTwentyMillisecondsOfDatabaseLatencyTheUncachedTargetIsTwentyTimes(@TempDir Path dir) throws Exception {
        Path latency = Files.writeString(dir.resolve("latency.json"), "[" + String.join(",",
                sample("UNCACHED", 10.0, 40.0), sample("CACHED", 1.0, 2.0), sample("TWO_LEVEL", 0.01, 0.02)) + "]");

        String printed = print(JmhReport.read(List.of(latency)), 20);

        assertThat(printed).containsPattern("uncached / cached +\\| +10\\.0× \\| +≥ 20\\.0× \\| +MISSED");
        assertThat(printed).containsPattern("find_by_id: cached / two-level +\\| +100× \\| +≥ 20\\.0× \\| +met");
    }

    @Test
    void eachReadClientIsItsOwnRowAndRedissonIsSetAgainstJedis(@TempDir Path dir) throws Exception {
        Path latency = Files.writeString(dir.resolve("latency.json"), "[" + String.join(",",
                sample("CACHED_JSON", 0.08, 0.3).replace("\"subject\":\"CACHED_JSON\"",
                        "\"subject\":\"CACHED_JSON\",\"readClient\":\"redisson\""),
                sample("CACHED_JSON", 0.04, 0.2).replace("\"subject\":\"CACHED_JSON\"",
                        "\"subject\":\"CACHED_JSON\",\"readClient\":\"jedis\"")) + "]");

        String printed = print(JmhReport.read(List.of(latency)), 0);

        assertThat(printed).contains("CACHED_JSON redisson", "CACHED_JSON jedis");
        assertThat(printed).containsPattern("find_by_id: CACHED_JSON redisson / jedis +\\| +2\\.00×");
    }

    private static String print(JmhReport report, int latency) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        report.print(new PrintStream(out, true, StandardCharsets.UTF_8), latency);
        return out.toString(StandardCharsets.UTF_8);
    }
}
