package dev.taleweaver.benchmarks.tool;

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
 * database loads per 1,000 requests and latency percentiles per run.
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
        if (!options.get("advised-ttls").isBlank()) {
            ttlSets.put("advised", TraceReplay.Ttls.parse(options.get("advised-ttls"), today));
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
            TraceReplay.Ttls scaled = ttls.getValue().scaledDown(scale);
            for (boolean prefetch : new boolean[]{false, true}) {
                String name = ttls.getKey() + " TTLs, prefetch " + (prefetch ? "on" : "off");
                results.add(TraceReplay.replay(stack, trace,
                        new TraceReplay.Run(name, scaled, prefetch, l1, rate, threads)));
            }
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
