package dev.taleweaver.benchmarks.tool;

import dev.taleweaver.application.port.in.CacheAnalyticsReport;
import dev.taleweaver.benchmarks.BenchConfig;
import dev.taleweaver.benchmarks.BenchStack;
import dev.taleweaver.benchmarks.report.Table;
import dev.taleweaver.benchmarks.trace.Trace;
import dev.taleweaver.benchmarks.trace.TraceReplay;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code Tool trace-replay [--option value]…}: generates the seeded {@link Trace} over the benchmark dataset and
 * replays it with prefetching off and on, with today's TTLs and (when {@code --advised-ttls} is given) the advised
 * ones, every TTL divided by {@code --time-scale} so that expiry happens within a short replay. Prints hit rate,
 * database loads per 1,000 requests and latency percentiles per run. {@code --advised-ttls auto} takes the advice
 * of the cache analytics (ADR 15) from the run with today's TTLs and prefetching off, scaled back to real seconds,
 * and prints its reasoning before replaying with it.
 */
public final class TraceReplayTool {
    /** Options and their defaults (the full size the coordinator runs; smoke runs pass smaller ones). */
    static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("requests", "60000"), Map.entry("rate", "500"), Map.entry("threads", "8"),
            Map.entry("write-share", "0.05"), Map.entry("zipf", "1.0"), Map.entry("seed", "15"),
            Map.entry("time-scale", "60"), Map.entry("ttls", ""), Map.entry("advised-ttls", ""),
            Map.entry("l1", "true"), Map.entry("warmup", "2000"));

    private TraceReplayTool() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        try (BenchStack stack = BenchStack.open(BenchConfig.fromEnvironment())) {
            run(stack, options, System.out);
        }
    }

    /** Runs the replays {@code options} ask for on {@code stack} and prints the table; returns the results. */
    public static List<TraceReplay.Result> run(BenchStack stack, Map<String, String> options, PrintStream out)
            throws InterruptedException {
        Trace.Shape shape = new Trace.Shape(Integer.parseInt(options.get("requests")),
                Double.parseDouble(options.get("write-share")), Double.parseDouble(options.get("zipf")),
                Long.parseLong(options.get("seed")));
        Trace trace = Trace.generate(stack.dataset(), shape);
        double scale = Double.parseDouble(options.get("time-scale"));
        int rate = Integer.parseInt(options.get("rate"));
        int threads = Integer.parseInt(options.get("threads"));
        boolean l1 = Boolean.parseBoolean(options.get("l1"));
        Map<String, TraceReplay.Ttls> ttlSets = new LinkedHashMap<>();
        TraceReplay.Ttls today = options.get("ttls").isBlank() ? TraceReplay.Ttls.TODAY
                : TraceReplay.Ttls.parse(options.get("ttls"), TraceReplay.Ttls.TODAY);
        ttlSets.put("today", today);
        String advised = options.get("advised-ttls").strip();
        if (!advised.isBlank() && !advised.equals("auto")) {
            ttlSets.put("advised", TraceReplay.Ttls.parse(advised, today));
        }
        out.printf("Trace: %d requests (seed %d, Zipf s=%s, write share %s) over %d heroes, %d children,"
                        + " %d stories: %s; %d distinct heroes read%n", trace.steps().size(), shape.seed(),
                shape.zipfExponent(), shape.writeShare(), stack.dataset().heroes().size(),
                stack.dataset().children().size(), stack.dataset().stories().size(), trace.counts(),
                trace.distinct(Trace.Kind.HERO));
        out.printf("Replayed at %d req/s by %d threads (%.0f s of real time per run), L1 %s; TTLs divided by %s"
                + " (time compressed: an hour of TTL lasts %.0f s)%n", rate, threads,
                trace.steps().size() / (double) rate, l1 ? "on" : "off", scale, 3600 / scale);
        int warmup = Math.min(Integer.parseInt(options.get("warmup")), trace.steps().size());
        if (warmup > 0) { // the JIT and the pools, not the cache: every run starts from an empty cache
            Trace first = new Trace(trace.seed(), trace.steps().subList(0, warmup));
            TraceReplay.replay(stack, first, new TraceReplay.Run("warm-up", today.scaledDown(scale), true, l1, rate,
                    threads));
            out.printf("Warm-up: the first %d requests, once, unmeasured%n", warmup);
        }
        List<TraceReplay.Result> results = new ArrayList<>();
        for (Map.Entry<String, TraceReplay.Ttls> ttls : ttlSets.entrySet()) {
            replayBoth(stack, trace, ttls.getKey(), ttls.getValue().scaledDown(scale), l1, rate, threads, results);
        }
        if (advised.equals("auto")) {
            TraceReplay.Ttls fromAdvice = advice(results.get(0), today, scale, out);
            replayBoth(stack, trace, "advised", fromAdvice.scaledDown(scale), l1, rate, threads, results);
        }
        Table table = new Table("run", "TTLs (s, replayed)", "requests", "hit rate", "DB loads / 1,000", "p50 ms",
                "p99 ms", "read p99 ms", "prefetch loaded", "prefetch dropped", "errors").leftAligned(2);
        for (TraceReplay.Result r : results) {
            table.row(r.run().name(), r.run().ttls(), r.requests(), String.format("%.1f %%", 100 * r.hitRate()),
                    Table.num(r.loadsPerThousand()), Table.num(r.p50Nanos() / 1e6), Table.num(r.p99Nanos() / 1e6),
                    Table.num(r.readP99Nanos() / 1e6), r.prefetchLoaded(), r.prefetchDropped(), r.errors());
        }
        out.println(table.render());
        return results;
    }

    /** Replays {@code trace} with prefetching off, then on, adding both results. */
    private static void replayBoth(BenchStack stack, Trace trace, String ttlsName, TraceReplay.Ttls scaled, boolean l1,
                                   int rate, int threads, List<TraceReplay.Result> results)
            throws InterruptedException {
        for (boolean prefetch : new boolean[]{false, true}) {
            String name = ttlsName + " TTLs, prefetch " + (prefetch ? "on" : "off");
            results.add(TraceReplay.replay(stack, trace, new TraceReplay.Run(name, scaled, prefetch, l1, rate,
                    threads)));
        }
    }

    /**
     * The TTLs the analytics of {@code baseline} advises, in real seconds (its advice is in replayed time, so it is
     * multiplied by {@code scale}); an entity without advice keeps today's. Prints each verdict and its reasoning.
     */
    static TraceReplay.Ttls advice(TraceReplay.Result baseline, TraceReplay.Ttls today, double scale,
                                   PrintStream out) {
        Map<String, Long> seconds = new LinkedHashMap<>();
        out.printf("TTL advice of the cache analytics after \"%s\" (replayed seconds x %s = real seconds):%n",
                baseline.run().name(), scale);
        for (CacheAnalyticsReport.Entity entity : baseline.analytics().entities()) {
            CacheAnalyticsReport.TtlAdvice advice = entity.ttlAdvice();
            long real = Math.round(advice.advisedTtlSeconds() * scale);
            out.printf("  %s: %s, %d s -> %d s (hit rate %.1f %% observed, %.1f %% best, %.1f %% advised; memory"
                            + " x%.2f): %s%n", entity.entityType(), advice.verdict(),
                    Math.round(advice.currentTtlSeconds() * scale), real, 100 * advice.observedHitRate(),
                    100 * advice.bestHitRate(), 100 * advice.advisedHitRate(), advice.relativeMemory(),
                    advice.reasoning());
            if (advice.advisedTtlSeconds() > 0) {
                seconds.put(entity.entityType(), real);
            }
        }
        String text = String.join(",", seconds.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .toList());
        return text.isEmpty() ? today : TraceReplay.Ttls.parse(text, today);
    }

    /** The options given over {@link #DEFAULTS}. */
    public static Map<String, String> parse(String... args) {
        Map<String, String> options = new LinkedHashMap<>(DEFAULTS);
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!options.containsKey(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown option or missing value: " + args[i] + "; options: "
                        + DEFAULTS.keySet().stream().map(o -> "--" + o).toList());
            }
            options.put(name, args[i + 1]);
        }
        return options;
    }
}
