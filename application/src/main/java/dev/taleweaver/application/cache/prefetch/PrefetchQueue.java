package dev.taleweaver.application.cache.prefetch;

import dev.taleweaver.application.cache.aside.RefreshAhead;
import dev.taleweaver.application.cache.aside.Warmed;
import dev.taleweaver.application.cache.resilience.CircuitBreakingCacheStore;
import dev.taleweaver.application.port.out.CircuitState;
import dev.taleweaver.application.port.out.PrefetchFigures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The bounded prefetch work of ADR 16: a queue of at most {@link #CAPACITY} warms and refreshes, run one at a time
 * by one worker thread. Submitting never blocks: work is dropped (and counted) when the queue is full, when the same
 * key is already queued or being worked on, or when the cache is unavailable (the circuit open or the invalidation
 * fence up, ADR 12) — then too when that is so by the time the work would run. The request that triggered a
 * prefetch never waits for it.
 *
 * <p>It is also the {@link RefreshAhead} of the cached repositories: one hit in {@link #SAMPLE_ONE_IN} is offered
 * for a refresh, so a key read often is looked at often and a key read rarely almost never.
 */
public final class PrefetchQueue implements RefreshAhead, PrefetchFigures, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PrefetchQueue.class);

    /** The most prefetches waiting at once; more are dropped. */
    public static final int CAPACITY = 256;
    /** One cache hit in this many is looked at for refresh-ahead. */
    public static final int SAMPLE_ONE_IN = 16;
    /** How long {@link #close} waits for the work in hand. */
    public static final long CLOSE_PATIENCE_MILLIS = 5_000;

    private final BlockingQueue<Work> queue;
    /** Keys queued or being worked on: at most {@code capacity + 1}. */
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final BooleanSupplier cacheUsable;
    private final int sampleOneIn;
    private final LongAdder submitted = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder loaded = new LongAdder();
    private final LongAdder alreadyCached = new LongAdder();
    private final LongAdder finished = new LongAdder();
    private final Thread worker;
    private volatile boolean closed;

    /** @param cacheUsable false while the circuit is open or the invalidation fence is up: nothing is prefetched */
    public PrefetchQueue(BooleanSupplier cacheUsable) {
        this(cacheUsable, CAPACITY, SAMPLE_ONE_IN);
    }

    public PrefetchQueue(BooleanSupplier cacheUsable, int capacity, int sampleOneIn) {
        if (capacity < 1 || sampleOneIn < 1) {
            throw new IllegalArgumentException("capacity and sampleOneIn must be positive");
        }
        this.cacheUsable = Objects.requireNonNull(cacheUsable, "cacheUsable");
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.sampleOneIn = sampleOneIn;
        this.worker = new Thread(this::work, "cache-prefetch");
        this.worker.setDaemon(true);
    }

    /** The gate of production: prefetch only while {@code breaker}'s circuit is closed and no fence is up. */
    public static BooleanSupplier whileUsable(CircuitBreakingCacheStore breaker) {
        return () -> breaker.state() == CircuitState.CLOSED && !breaker.fenced();
    }

    /** Starts the worker; work submitted before waits for it. */
    public PrefetchQueue start() {
        worker.start();
        return this;
    }

    /**
     * Offers {@code work} under {@code key} (what it fills); never blocks.
     *
     * @return whether it was queued
     */
    public boolean submit(String key, Supplier<Warmed> work) {
        if (closed || !usable()) {
            dropped.increment();
            return false;
        }
        if (!pending.add(key)) {
            dropped.increment();
            return false;
        }
        if (!queue.offer(new Work(key, work))) {
            pending.remove(key);
            dropped.increment();
            return false;
        }
        submitted.increment();
        return true;
    }

    @Override
    public boolean sampled() {
        return ThreadLocalRandom.current().nextInt(sampleOneIn) == 0;
    }

    @Override
    public void submit(String entityType, String key, Supplier<Warmed> refresh) {
        submit(key, refresh);
    }

    private boolean usable() {
        try {
            return cacheUsable.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void work() {
        while (!closed) {
            Work next;
            try {
                next = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (next != null) {
                try {
                    run(next);
                } finally {
                    pending.remove(next.key);
                    finished.increment();
                }
            }
        }
    }

    private void run(Work work) {
        if (!usable()) {
            dropped.increment();
            return;
        }
        try {
            Warmed outcome = work.work.get();
            if (outcome == Warmed.LOADED) {
                loaded.increment();
            } else if (outcome == Warmed.ALREADY_CACHED) {
                alreadyCached.increment();
            }
        } catch (RuntimeException e) {
            log.debug("Prefetch of {} failed: {}", work.key, e.toString());
        }
    }

    @Override
    public long submitted() {
        return submitted.sum();
    }

    @Override
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public long loaded() {
        return loaded.sum();
    }

    @Override
    public long alreadyCached() {
        return alreadyCached.sum();
    }

    /** Work taken from the queue and done (or dropped there) so far: lets tests wait for the worker. */
    public long finished() {
        return finished.sum();
    }

    @Override
    public int queued() {
        return queue.size();
    }

    /**
     * Stops the worker: what is queued is dropped, the work in hand is finished (not interrupted: a load holds a
     * database connection), waiting for it at most {@link #CLOSE_PATIENCE_MILLIS}, so the store it uses can be closed
     * next.
     */
    @Override
    public void close() {
        closed = true;
        queue.clear();
        if (worker.isAlive() && Thread.currentThread() != worker) {
            try {
                worker.join(CLOSE_PATIENCE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        pending.clear();
    }

    private record Work(String key, Supplier<Warmed> work) {
    }
}
