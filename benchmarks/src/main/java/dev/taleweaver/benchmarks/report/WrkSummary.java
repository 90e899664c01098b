package dev.taleweaver.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of {@code wrk --latency} runs (issue 16's side-by-side comparison, {@code peer-compare.sh}): one run's
 * line ({@link #summary}), and the table of the medians per target with the issue's ratios ({@link #table}).
 */
public final class WrkSummary {
    private static final Pattern RATE = Pattern.compile("(?m)^Requests/sec:\\s+([\\d.]+)");
    private static final Pattern ERRORS = Pattern.compile("(?m)^\\s*(Non-2xx or 3xx responses|Socket errors):.*$");
    /** A line of {@link #summary}, as {@code peer-compare.sh} prefixes it: {@code run <n> <target> <figures>}. */
    private static final Pattern RUN_LINE = Pattern.compile(
            "^run \\d+ (\\S+) ([\\d.]+) req/s p50 ([\\d.]+) ms p99 ([\\d.]+) ms(.*)$");

    private WrkSummary() {
    }

    /** One run's figures. */
    public record Run(double requestsPerSecond, double p50Millis, double p99Millis, String errors) {
    }

    /** {@code wrk-summary <wrk-output>} prints one run's line; {@code wrk-summary --table <runs-file>} the table. */
    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("--table")) {
            System.out.print(table(Files.readAllLines(Path.of(args[1]))));
        } else if (args.length == 1) {
            System.out.println(summary(parse(Files.readString(Path.of(args[0])))));
        } else {
            System.err.println("usage: wrk-summary <wrk-output> | wrk-summary --table <runs-file>");
            System.exit(2);
        }
    }

    /** Reads requests/s, p50, p99 and any error counts from the output of {@code wrk --latency}. */
    public static Run parse(String output) {
        Matcher rate = RATE.matcher(output);
        if (!rate.find()) {
            throw new IllegalArgumentException("no Requests/sec line: not the output of a finished wrk run");
        }
        List<String> errors = new ArrayList<>();
        Matcher error = ERRORS.matcher(output);
        while (error.find()) {
            errors.add(error.group().trim());
        }
        return new Run(Double.parseDouble(rate.group(1)), percentile(output, "50%"), percentile(output, "99%"),
                String.join("; ", errors));
    }

    /** {@code 15432.10 req/s p50 2.950 ms p99 9.120 ms}, and the errors, if any. */
    public static String summary(Run run) {
        return String.format(Locale.ROOT, "%.2f req/s p50 %.3f ms p99 %.3f ms%s", run.requestsPerSecond(),
                run.p50Millis(), run.p99Millis(), run.errors().isEmpty() ? "" : "  ERRORS " + run.errors());
    }

    /**
     * The medians per target (in the order first seen) and the issues' ratios, from {@link #summary} lines prefixed
     * {@code run <n> <target> }. Targets named {@code redis-only}, {@code peer}, {@code default} and {@code trivial}
     * give issue 16's ratios, {@code page-cached}, {@code by-id-cached}, {@code page-redis-only} and
     * {@code page-uncached} issue 11's; others are only listed.
     */
    public static String table(List<String> lines) {
        Map<String, List<Run>> runs = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher m = RUN_LINE.matcher(line.trim());
            if (m.matches()) {
                runs.computeIfAbsent(m.group(1), t -> new ArrayList<>()).add(new Run(Double.parseDouble(m.group(2)),
                        Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)), m.group(5).trim()));
            }
        }
        Map<String, Run> medians = new LinkedHashMap<>();
        StringBuilder out = new StringBuilder();
        out.append("| target | runs | req/s (median) | p50 ms | p99 ms | errors |\n|---|--:|--:|--:|--:|---|\n");
        runs.forEach((target, list) -> {
            Run median = new Run(median(list, Run::requestsPerSecond), median(list, Run::p50Millis),
                    median(list, Run::p99Millis), String.join("; ", list.stream().map(Run::errors)
                    .filter(e -> !e.isEmpty()).toList()));
            medians.put(target, median);
            out.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %.2f | %.2f | %s |%n", target, list.size(),
                    median.requestsPerSecond(), median.p50Millis(), median.p99Millis(),
                    median.errors().isEmpty() ? "none" : median.errors()));
        });
        out.append("\n| ratio (medians) | value | target | verdict |\n|---|--:|--:|---|\n");
        ratio(out, medians, "redis-only", "peer", "L1 off / peer, req/s", 1.3, false);
        p99(out, medians, "redis-only", "peer");
        ratio(out, medians, "default", "peer", "default / peer, req/s", 2.5, false);
        ratio(out, medians, "default", "trivial", "default / trivial endpoint, req/s", 0.8, false);
        ratio(out, medians, "page-cached", "by-id-cached", "cached page of 50 / cached by id, req/s", 0.5, false);
        ratio(out, medians, "page-cached", "page-uncached", "cached page of 50 / uncached page, req/s", 10, false);
        if (medians.containsKey("page-redis-only") && medians.containsKey("page-uncached")) {
            out.append(String.format(Locale.ROOT, "| Redis-only page / uncached page, req/s | %.2f× | (no target) | |%n",
                    medians.get("page-redis-only").requestsPerSecond()
                            / medians.get("page-uncached").requestsPerSecond()));
        }
        if (medians.containsKey("redis-only-before") && medians.containsKey("redis-only")) {
            out.append(String.format(Locale.ROOT, "| L1 off, this build / before, req/s | %.2f× | | |%n",
                    medians.get("redis-only").requestsPerSecond()
                            / medians.get("redis-only-before").requestsPerSecond()));
        }
        return out.toString();
    }

    private static void ratio(StringBuilder out, Map<String, Run> medians, String a, String b, String label,
                              double target, boolean lowerIsBetter) {
        if (!medians.containsKey(a) || !medians.containsKey(b)) {
            return;
        }
        double value = medians.get(a).requestsPerSecond() / medians.get(b).requestsPerSecond();
        boolean met = lowerIsBetter ? value <= target : value >= target;
        out.append(String.format(Locale.ROOT, "| %s | %.2f× | %s %.1f× | %s |%n", label, value,
                lowerIsBetter ? "≤" : "≥", target, met ? "met" : "MISSED"));
    }

    private static void p99(StringBuilder out, Map<String, Run> medians, String a, String b) {
        if (!medians.containsKey(a) || !medians.containsKey(b)) {
            return;
        }
        double mine = medians.get(a).p99Millis();
        double theirs = medians.get(b).p99Millis();
        out.append(String.format(Locale.ROOT, "| L1 off p99 / peer p99 | %.2f / %.2f ms | ≤ peer's | %s |%n", mine,
                theirs, mine <= theirs ? "met" : "MISSED"));
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> figure) {
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    /** A latency percentile of wrk's distribution ({@code 50%    2.95ms}) in milliseconds. */
    private static double percentile(String output, String label) {
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(label) + "\\s+([\\d.]+)(us|ms|s|m)\\s*$")
                .matcher(output);
        if (!m.find()) {
            throw new IllegalArgumentException("no " + label + " latency line: run wrk with --latency");
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "ms" -> value;
            case "s" -> value * 1000;
            default -> value * 60_000;
        };
    }
}
