package dev.taleweaver.benchmarks.gatling;

import dev.taleweaver.benchmarks.report.CacheHitRate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load's two phases by the clock: a warm-up (the service's JIT and caches, Gatling's own JIT, every connection
 * opened), then the measured window. The first user's first action starts the clock ({@link #start()}); requests
 * are placed in a phase by {@link #elapsedNanos()} on that one clock (see {@link PacedSchedule}).
 *
 * <p>When the measured window opens, it prints {@code LOAD_WINDOW start=<epoch s>} (bin/gatling.sh judges its
 * connection samples between the marks) and records the service's cache counters into {@code -DhitRateFile}
 * (when given), so that the hit rate bin/gatling.sh prints afterwards covers the measured window only, then prints
 * {@code LOAD_WINDOW counters=…} (until then the counters' own request holds one more connection); when it
 * closes, {@code LOAD_WINDOW end=…}. All from a thread of its own: nothing blocks Gatling's event loops.
 */
public final class LoadWindow {
    private final Duration warmup;
    private final Duration measured;
    private final AtomicLong startNanos = new AtomicLong();
    private final ScheduledExecutorService marks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "load-window");
        thread.setDaemon(true);
        return thread;
    });

    public LoadWindow(Duration warmup, Duration measured) {
        this.warmup = warmup;
        this.measured = measured;
    }

    public Duration warmup() {
        return warmup;
    }

    public Duration measured() {
        return measured;
    }

    /** Starts the clock on the first call; later calls do nothing. */
    public void start() {
        if (!startNanos.compareAndSet(0, System.nanoTime())) {
            return;
        }
        marks.schedule(this::opened, warmup.toNanos(), TimeUnit.NANOSECONDS);
        marks.schedule(() -> LoadSettings.markLoadWindow("end"), warmup.plus(measured).toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /** Nanoseconds since {@link #start()}; 0 before. */
    public long elapsedNanos() {
        long start = startNanos.get();
        return start == 0 ? 0 : System.nanoTime() - start;
    }

    private void opened() {
        LoadSettings.markLoadWindow("start");
        String file = System.getProperty("hitRateFile");
        if (file != null && !file.isBlank()) {
            long asked = System.nanoTime();
            boolean saved = CacheHitRate.saveNow(LoadSettings.baseUrl(), Path.of(file));
            System.out.println(saved
                    ? String.format("Cache counters recorded as the measured window opened (the hit rate covers it"
                            + " alone; the service answered in %d ms)", (System.nanoTime() - asked) / 1_000_000)
                    : "WARNING: could not record the cache counters as the measured window opened; the hit rate"
                            + " printed afterwards includes the warm-up");
            // an overloaded service answers the counters late, and their connection is one more until then
            LoadSettings.markLoadWindow("counters");
        }
    }
}
