package dev.taleweaver.benchmarks.tool;

import dev.taleweaver.benchmarks.BenchConfig;
import dev.taleweaver.benchmarks.BenchStack;
import dev.taleweaver.benchmarks.l1.L1Propagation;
import dev.taleweaver.benchmarks.l1.L1Reconnect;
import dev.taleweaver.benchmarks.report.CacheHitRate;
import dev.taleweaver.benchmarks.report.GatlingReport;
import dev.taleweaver.benchmarks.report.JmhReport;
import dev.taleweaver.benchmarks.report.WrkSummary;

import java.util.Arrays;

/**
 * The helpers behind benchmarks/bin/*.sh, one jar for all: {@code java -cp target/benchmarks.jar
 * dev.taleweaver.benchmarks.tool.Tool <command> …}. Database and Redis come from {@link BenchConfig}
 * ({@code -Dbench.*} or {@code BENCH_*}).
 */
public final class Tool {
    private Tool() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "describe" -> System.out.println(BenchConfig.fromEnvironment().describe());
            case "prepare" -> prepare();
            case "cleanup" -> cleanup();
            case "jmh-report" -> JmhReport.main(rest);
            case "memory" -> memory(rest);
            case "warm-http" -> HttpWarmer.main(rest);
            case "http-compare" -> HttpListComparison.main(rest);
            case "http-write-compare" -> HttpWriteComparison.main(rest);
            case "hit-rate" -> CacheHitRate.main(rest);
            case "gatling-report" -> GatlingReport.main(rest);
            case "l1-propagation" -> L1Propagation.main(rest);
            case "l1-reconnect" -> L1Reconnect.main(rest);
            case "wrk-summary" -> WrkSummary.main(rest);
            case "trace-replay" -> TraceReplayTool.main(rest);
            case "redis-floor" -> RedisFloor.main(rest);
            default -> usage();
        }
    }

    /** Loads the dataset into the private schema (kept for reuse) and says where it is. */
    private static void prepare() {
        BenchConfig config = BenchConfig.fromEnvironment();
        try (BenchStack stack = BenchStack.open(config)) {
            System.out.println("Dataset " + stack.dataset().fingerprint() + " ready: " + config.describe());
        }
    }

    /** Drops the private schema and deletes every key under the private prefix. */
    private static void cleanup() {
        BenchConfig config = BenchConfig.fromEnvironment();
        long deleted = BenchStack.cleanup(config);
        System.out.println("Cleaned up: schema " + config.schema() + " dropped, " + deleted + " keys under \""
                + config.keyPrefix() + "\" deleted");
    }

    /** {@code memory <redis-url> <prefix> <heroes>} */
    private static void memory(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: memory <redis-url> <key-prefix> <heroes>");
            System.exit(2);
        }
        MemoryProbe.run(args[0], args[1], Integer.parseInt(args[2]), BenchConfig.fromEnvironment().seed(),
                System.out);
    }

    private static void usage() {
        System.err.println("""
                usage: Tool <command>
                  describe                        where the benchmarks run (database, schema, redis, prefix, size)
                  prepare                         load the dataset into BENCH_SCHEMA (reused when already there)
                  cleanup                         drop BENCH_SCHEMA, delete keys under BENCH_KEY_PREFIX
                  jmh-report [--db-latency-ms N] result.json…   p50/p99/throughput table and the issue's ratios
                  memory <redis-url> <prefix> <heroes>          Redis used_memory of N cached heroes
                  trace-replay [--requests N --rate R --time-scale S --advised-ttls hero=..,child=..,story=.. …]
                                                  issue 15's trace, prefetching off/on: hit rate, DB loads, p99
                  redis-floor [gets-per-round] [rounds] [socket,nio,epoll]   one GET in flight: a plain socket
                                                  against Redisson on each REDIS_TRANSPORT, alternating rounds;
                                                  p50/p99, JVM CPU and context switches per GET (issue 16)
                  warm-http <base-url>            read every entity once through the service (fills its cache)
                  http-compare <rounds> <per-round> <name>=<base-url>…   list endpoints side by side (http-lists.sh)
                  hit-rate save|since [--targets] <base-url> <file>   cache hits/misses (/admin/cache/stats or /metrics)
                  gatling-report [--targets] <gatling-results-dir>    the newest report's table
                  l1-propagation [trials] [ALTERNATIVE…]   how long each L1 alternative serves a value another
                                                  instance overwrote (default 200 trials, every L1 alternative)
                  l1-reconnect [redis-server] [down-ms] [watch-s]   each L1 across a restart of a private
                                                  redis-server: when it is emptied, when it stops serving old values
                  wrk-summary <wrk-output> | --table <runs-file>   one wrk run's req/s, p50, p99; the medians and
                                                  issue 16's ratios of peer-compare.sh's runs""");
        System.exit(2);
    }

}
