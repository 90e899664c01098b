package dev.taleweaver.benchmarks.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WrkSummaryTest {
    private static final String OUTPUT = """
            Running 15s test @ http://127.0.0.1:8081
              2 threads and 50 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     3.07ms    2.10ms  60.00ms   90.00%
                Req/Sec     7.40k   500.00     8.00k    70.00%
              Latency Distribution
                 50%    3.07ms
                 75%    4.00ms
                 90%    6.00ms
                 99%   11.20ms
              221280 requests in 15.00s, 130.00MB read
              Non-2xx or 3xx responses: 3
            Requests/sec:  14752.00
            Transfer/sec:      8.67MB
            """;

    @Test
    void readsRateLatenciesAndErrorsOfOneRun() {
        WrkSummary.Run run = WrkSummary.parse(OUTPUT);

        assertThat(run.requestsPerSecond()).isEqualTo(14752.0);
        assertThat(run.p50Millis()).isEqualTo(3.07);
        assertThat(run.p99Millis()).isEqualTo(11.2);
        assertThat(run.errors()).isEqualTo("Non-2xx or 3xx responses: 3");
        assertThat(WrkSummary.summary(run))
                .isEqualTo("14752.00 req/s p50 3.070 ms p99 11.200 ms  ERRORS Non-2xx or 3xx responses: 3");
    }

    @Test
    void convertsMicrosecondsAndSeconds() {
        WrkSummary.Run run = WrkSummary.parse(OUTPUT.replace("3.07ms", "512.00us").replace("11.20ms", "1.50s"));

        assertThat(run.p50Millis()).isEqualTo(0.512);
        assertThat(run.p99Millis()).isEqualTo(1500.0);
    }

    @Test
    void refusesAnUnfinishedRun() {
        assertThatThrownBy(() -> WrkSummary.parse("Running 15s test"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tableHoldsMediansPerTargetAndTheIssuesRatios() {
        String table = WrkSummary.table(List.of(
                "run 1 redis-only 20000.00 req/s p50 2.000 ms p99 6.000 ms",
                "run 1 peer 10000.00 req/s p50 3.000 ms p99 7.000 ms",
                "run 1 default 30000.00 req/s p50 1.000 ms p99 4.000 ms",
                "run 1 trivial 40000.00 req/s p50 1.000 ms p99 3.000 ms",
                "run 2 redis-only 22000.00 req/s p50 2.500 ms p99 8.000 ms",
                "run 2 peer 12000.00 req/s p50 3.500 ms p99 9.000 ms",
                "run 2 default 26000.00 req/s p50 1.200 ms p99 5.000 ms",
                "run 2 trivial 30000.00 req/s p50 1.100 ms p99 3.500 ms",
                "run 3 redis-only 18000.00 req/s p50 3.000 ms p99 7.000 ms",
                "run 3 peer 11000.00 req/s p50 3.200 ms p99 8.000 ms",
                "run 3 default 32000.00 req/s p50 1.100 ms p99 4.500 ms",
                "run 3 trivial 35000.00 req/s p50 1.050 ms p99 3.200 ms"));

        assertThat(table)
                .contains("| redis-only | 3 | 20,000 | 2.50 | 7.00 | none |")
                .contains("| peer | 3 | 11,000 | 3.20 | 8.00 | none |")
                .contains("| L1 off / peer, req/s | 1.82× | ≥ 1.3× | met |")
                .contains("| L1 off p99 / peer p99 | 7.00 / 8.00 ms | ≤ peer's | met |")
                .contains("| default / peer, req/s | 2.73× | ≥ 2.5× | met |")
                .contains("| default / trivial endpoint, req/s | 0.86× | ≥ 0.8× | met |");
    }

    @Test
    void tableGivesIssue11sPageRatios() {
        String table = WrkSummary.table(List.of(
                "run 1 page-cached 9000.00 req/s p50 2.000 ms p99 6.000 ms",
                "run 1 by-id-cached 20000.00 req/s p50 1.000 ms p99 3.000 ms",
                "run 1 page-redis-only 1500.00 req/s p50 9.000 ms p99 20.000 ms",
                "run 1 page-uncached 1000.00 req/s p50 12.000 ms p99 30.000 ms"));

        assertThat(table)
                .contains("| cached page of 50 / cached by id, req/s | 0.45× | ≥ 0.5× | MISSED |")
                .contains("| cached page of 50 / uncached page, req/s | 9.00× | ≥ 10.0× | MISSED |")
                .contains("| Redis-only page / uncached page, req/s | 1.50× | (no target) | |")
                .doesNotContain("L1 off / peer");
    }
}
