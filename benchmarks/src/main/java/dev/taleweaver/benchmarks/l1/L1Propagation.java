package dev.taleweaver.benchmarks.l1;

import dev.taleweaver.benchmarks.BenchConfig;
import dev.taleweaver.benchmarks.report.Table;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How long an L1 keeps answering a value another instance has just overwritten, per {@link L1Alternative}: two
 * instances (reader A, writer B, each with its own Redisson client) on the same keys; per trial A holds the key's
 * value in its L1, B writes (see {@link L1Alternative.Instance#write}), and A is polled in a tight loop until it no
 * longer returns the old value. Reported from the start of B's write and from its return (A's stale window once
 * the writer believes it is done; 0 when A was already fresh on the first read after it).
 *
 * <p>{@code Tool l1-propagation [trials] [ALTERNATIVE…]}: 200 trials, every alternative with an L1, by default.
 */
public final class L1Propagation {
    private static final long GIVE_UP_NANOS = 5_000_000_000L;

    private L1Propagation() {
    }

    /** Microseconds per trial; trials where a stale answer followed the write's return; trials given up. */
    public record Stats(int trials, double[] fromStartMicros, double[] fromReturnMicros, int staleAfterReturn,
                 int timedOut) {
    }

    public static void main(String[] args) {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        List<L1Alternative> alternatives = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            alternatives.add(L1Alternative.valueOf(args[i]));
        }
        if (alternatives.isEmpty()) {
            Arrays.stream(L1Alternative.values()).filter(L1Alternative::hasL1).forEach(alternatives::add);
        }
        run(BenchConfig.fromEnvironment(), trials, alternatives, System.out);
    }

    public static void run(BenchConfig config, int trials, List<L1Alternative> alternatives, PrintStream out) {
        Table table = new Table("alternative", "trials", "p50 µs from write start", "max µs from write start",
                "p50 µs after write returned", "max µs after write returned", "stale after return",
                "gave up (>5 s)");
        for (L1Alternative alternative : alternatives) {
            Stats stats = measure(config, trials, alternative);
            table.row(alternative.name(), stats.trials(), Table.num(percentile(stats.fromStartMicros(), 50)),
                    Table.num(max(stats.fromStartMicros())), Table.num(percentile(stats.fromReturnMicros(), 50)),
                    Table.num(max(stats.fromReturnMicros())),
                    stats.staleAfterReturn() + "/" + stats.trials(), stats.timedOut());
        }
        out.println(table.render());
    }

    public static Stats measure(BenchConfig config, int trials, L1Alternative alternative) {
        double[] fromStart = new double[trials];
        double[] fromReturn = new double[trials];
        int staleAfterReturn = 0;
        int timedOut = 0;
        try (L1Keys keys = L1Keys.fill(config, trials);
             L1Alternative.Instance reader = alternative.open(keys);
             L1Alternative.Instance writer = alternative.open(keys)) {
            reader.awaitReady();
            writer.awaitReady();
            for (int trial = 0; trial < trials; trial++) {
                String old = "old " + trial + " " + keys.value();
                String fresh = "new " + trial + " " + keys.value();
                writer.seed(trial, old);
                long settle = System.nanoTime() + GIVE_UP_NANOS;
                while (!old.equals(reader.get(trial))) { // the seed itself must reach A first
                    if (System.nanoTime() > settle) {
                        throw new IllegalStateException(alternative + ": the reader never saw the seeded value");
                    }
                    pause();
                }
                reader.get(trial); // now from A's L1
                long start = System.nanoTime();
                writer.write(trial, fresh);
                long returned = System.nanoTime();
                boolean staleSeen = false;
                long seen;
                while (true) {
                    String now = reader.get(trial);
                    seen = System.nanoTime();
                    if (!old.equals(now)) {
                        break;
                    }
                    staleSeen = true;
                    if (seen - start > GIVE_UP_NANOS) {
                        timedOut++;
                        break;
                    }
                }
                fromStart[trial] = (seen - start) / 1_000.0;
                fromReturn[trial] = staleSeen ? (seen - returned) / 1_000.0 : 0;
                if (staleSeen) {
                    staleAfterReturn++;
                }
                pause();
            }
        }
        return new Stats(trials, fromStart, fromReturn, staleAfterReturn, timedOut);
    }

    private static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static double percentile(double[] values, double percent) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percent / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }
}
