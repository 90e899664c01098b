package dev.taleweaver.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads JMH's JSON results ({@code -rf json}) of HeroReadBenchmark and L1AlternativesBenchmark and prints
 * p50/p99/throughput per operation and subject, then the ratios issue 5 sets targets for, each marked met or missed,
 * and each L1 alternative against the plain GET.
 */
public final class JmhReport {
    static final String UNCACHED = "UNCACHED";
    static final String CACHED = "CACHED";
    static final String TWO_LEVEL = "TWO_LEVEL";
    static final String RAW_GET = "RAW_GET";
    /** CACHED as the service reads with CACHE_L1_ENABLED=false: hits by id answered as entity JSON (ADR 13). */
    static final String CACHED_JSON = "CACHED_JSON";
    static final String REDIS_GET = "REDIS_GET";
    /** HeroReadBenchmark's operations, then L1AlternativesBenchmark's one. */
    private static final List<String> OPERATIONS = List.of("findById", "findByLanguage", "listAll", "get");

    /** One row: an operation on a subject, latency in microseconds, throughput in operations per second. */
    record Result(String operation, String subject, double p50, double p99, double mean, long samples,
                  double opsPerSecond, int latencyThreads, int throughputThreads) {
    }

    private final Map<String, Result> results = new LinkedHashMap<>();

    /** Reads every result of every file; latency and throughput of one benchmark may come from separate runs. */
    public static JmhReport read(List<Path> files) throws IOException {
        JmhReport report = new JmhReport();
        ObjectMapper mapper = new ObjectMapper();
        for (Path file : files) {
            for (JsonNode run : mapper.readTree(Files.readString(file))) {
                report.add(run);
            }
        }
        return report;
    }

    private void add(JsonNode run) {
        String benchmark = run.path("benchmark").asText();
        String operation = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        String subject = run.path("params").path("subject").asText("?");
        // HeroReadBenchmark's -p transport=nio,epoll (ADR 17): each transport's results are their own rows
        String transport = run.path("params").path("transport").asText("default");
        if (!transport.equals("default")) {
            subject = subject + " " + transport;
        }
        // and -p readClient=jedis,redisson (ADR 18): each read client's results are their own rows
        String readClient = run.path("params").path("readClient").asText("default");
        if (!readClient.equals("default")) {
            subject = subject + " " + readClient;
        }
        String key = operation + "/" + subject;
        Result old = results.getOrDefault(key,
                new Result(operation, subject, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, 0, 0));
        JsonNode metric = run.path("primaryMetric");
        String unit = metric.path("scoreUnit").asText();
        int threads = run.path("threads").asInt();
        switch (run.path("mode").asText()) {
            case "sample" -> {
                double toMicros = microsPer(unit.substring(0, unit.indexOf('/')));
                JsonNode percentiles = metric.path("scorePercentiles");
                long samples = 0;
                for (JsonNode fork : metric.path("rawDataHistogram")) {
                    for (JsonNode iteration : fork) {
                        for (JsonNode bucket : iteration) {
                            samples += bucket.get(1).asLong();
                        }
                    }
                }
                results.put(key, new Result(operation, subject, percentiles.path("50.0").asDouble() * toMicros,
                        percentiles.path("99.0").asDouble() * toMicros, metric.path("score").asDouble() * toMicros,
                        samples, old.opsPerSecond(), threads, old.throughputThreads()));
            }
            case "thrpt" -> {
                double perSecond = metric.path("score").asDouble() * 1_000_000 / microsPer(unit.substring(
                        unit.indexOf('/') + 1));
                results.put(key, new Result(operation, subject, old.p50(), old.p99(), old.mean(), old.samples(),
                        perSecond, old.latencyThreads(), threads));
            }
            default -> {
                // other modes are not part of this report
            }
        }
    }

    private static double microsPer(String unit) {
        return switch (unit) {
            case "ns" -> 0.001;
            case "us" -> 1;
            case "ms" -> 1_000;
            case "s" -> 1_000_000;
            case "min" -> 60_000_000;
            default -> throw new IllegalArgumentException("unknown JMH time unit " + unit);
        };
    }

    Optional<Result> result(String operation, String subject) {
        return Optional.ofNullable(results.get(operation + "/" + subject));
    }

    /**
     * @param dbLatencyMillis the round trip added in front of PostgreSQL (0 on loopback); it picks the uncached
     *                        versus cached find_by_id target: 2× on loopback, 20× from 20 ms on
     */
    public void print(PrintStream out, int dbLatencyMillis) {
        Table table = new Table("operation", "subject", "p50 µs", "p99 µs", "mean µs", "samples", "ops/s",
                "threads (latency/thrpt)").leftAligned(2);
        for (String operation : OPERATIONS) {
            results.values().stream().filter(r -> r.operation().equals(operation)).forEach(r -> table.row(
                    snake(operation), r.subject(), Table.num(r.p50()), Table.num(r.p99()), Table.num(r.mean()),
                    r.samples() == 0 ? "-" : String.format("%,d", r.samples()), Table.num(r.opsPerSecond()),
                    threads(r.latencyThreads()) + "/" + threads(r.throughputThreads())));
        }
        out.println(table.render());
        out.println(ratios(dbLatencyMillis).render());
    }

    private static String threads(int count) {
        return count == 0 ? "-" : Integer.toString(count);
    }

    Table ratios(int dbLatencyMillis) {
        Table table = new Table("ratio (p50 unless noted)", "value", "target", "verdict");
        ratio(table, "find_by_id: cached / raw GET", "findById", CACHED, RAW_GET, Target.atMost(1.5));
        // issue 16: the L1-off hit as the service answers it, within 1.1× of the GET it cannot avoid
        ratio(table, "find_by_id: cached JSON (L1 off) / raw GET", "findById", CACHED_JSON, RAW_GET,
                Target.atMost(1.1));
        for (String operation : OPERATIONS) {
            Target target = operation.equals("findById")
                    ? Target.atLeast(dbLatencyMillis >= 20 ? 20 : 2)
                    : Target.none();
            ratio(table, snake(operation) + ": uncached / cached", operation, UNCACHED, CACHED, target);
        }
        // the service's default configuration (CACHE_L1_ENABLED=true) answers a hit from the L1
        ratio(table, "find_by_id: uncached / two-level (the default)", "findById", UNCACHED, TWO_LEVEL,
                Target.atLeast(dbLatencyMillis >= 20 ? 20 : 2));
        for (String operation : OPERATIONS) {
            ratio(table, snake(operation) + ": cached / two-level", operation, CACHED, TWO_LEVEL,
                    operation.equals("findById") ? Target.atLeast(20) : Target.none());
        }
        for (String operation : OPERATIONS) {
            throughputRatio(table, snake(operation) + ": throughput cached / uncached", operation);
        }
        // HeroReadBenchmark -p transport=nio,epoll: each subject on NIO against the same on epoll (ADR 17)
        for (String operation : OPERATIONS) {
            results.values().stream()
                    .filter(r -> r.operation().equals(operation) && r.subject().endsWith(" nio"))
                    .map(r -> r.subject().substring(0, r.subject().length() - " nio".length()))
                    .toList()
                    .forEach(subject -> ratio(table, snake(operation) + ": " + subject + " nio / epoll", operation,
                            subject + " nio", subject + " epoll", Target.none()));
        }
        // HeroReadBenchmark -p readClient=jedis,redisson: each subject through Redisson against Jedis (ADR 18)
        for (String operation : OPERATIONS) {
            results.values().stream()
                    .filter(r -> r.operation().equals(operation) && r.subject().endsWith(" redisson"))
                    .map(r -> r.subject().substring(0, r.subject().length() - " redisson".length()))
                    .toList()
                    .forEach(subject -> ratio(table, snake(operation) + ": " + subject + " redisson / jedis",
                            operation, subject + " redisson", subject + " jedis", Target.none()));
        }
        // L1AlternativesBenchmark: how much each L1 saves over the plain GET it replaces
        results.values().stream()
                .filter(r -> r.operation().equals("get") && !r.subject().equals(REDIS_GET))
                .map(Result::subject)
                .toList()
                .forEach(subject -> {
                    ratio(table, "get: plain GET / " + subject, "get", REDIS_GET, subject, Target.none());
                    throughputRatio(table, "get: throughput " + subject + " / plain GET", "get", subject,
                            REDIS_GET);
                });
        return table;
    }

    private void ratio(Table table, String label, String operation, String numerator, String denominator,
                       Target target) {
        Optional<Result> top = result(operation, numerator);
        Optional<Result> bottom = result(operation, denominator);
        if (top.isEmpty() || bottom.isEmpty() || Double.isNaN(top.get().p50()) || Double.isNaN(bottom.get().p50())) {
            return;
        }
        double value = top.get().p50() / bottom.get().p50();
        table.row(label, Table.num(value) + "×", target.describe(), target.verdict(value));
    }

    private void throughputRatio(Table table, String label, String operation) {
        throughputRatio(table, label, operation, CACHED, UNCACHED);
    }

    private void throughputRatio(Table table, String label, String operation, String numerator,
                                 String denominator) {
        Optional<Result> cached = result(operation, numerator);
        Optional<Result> uncached = result(operation, denominator);
        if (cached.isEmpty() || uncached.isEmpty() || Double.isNaN(cached.get().opsPerSecond())
                || Double.isNaN(uncached.get().opsPerSecond())) {
            return;
        }
        double value = cached.get().opsPerSecond() / uncached.get().opsPerSecond();
        table.row(label, Table.num(value) + "×", "", "");
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /** A bound a ratio must respect, or none. */
    record Target(String comparison, double bound) {
        static Target atMost(double bound) {
            return new Target("≤", bound);
        }

        static Target atLeast(double bound) {
            return new Target("≥", bound);
        }

        static Target none() {
            return new Target("", Double.NaN);
        }

        String describe() {
            return comparison.isEmpty() ? "" : comparison + " " + Table.num(bound) + "×";
        }

        String verdict(double value) {
            if (comparison.isEmpty()) {
                return "";
            }
            boolean met = comparison.equals("≤") ? value <= bound : value >= bound;
            return met ? "met" : "MISSED";
        }
    }

    /** {@code JmhReport [--db-latency-ms N] result.json…} */
    public static void main(String[] args) throws IOException {
        int latency = 0;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--db-latency-ms")) {
                latency = Integer.parseInt(args[++i]);
            } else if (Files.exists(Path.of(args[i]))) {
                files.add(Path.of(args[i]));
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: JmhReport [--db-latency-ms N] jmh-result.json…  (no result file found)");
            System.exit(2);
        }
        read(files).print(System.out, latency);
    }
}
