package dev.taleweaver.application.cache.resilience;

import dev.taleweaver.application.port.out.CacheFenceFigures;
import dev.taleweaver.application.port.out.CacheFenceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This instance's view of the cache fence (ADR 12): whether any instance, this one included, holds invalidations
 * that did not reach the cache, in which case nobody may trust the cache, and this instance's own fence.
 *
 * <p>{@link #start()} gives the fence its own daemon thread ({@code cache-fence-poller}) that every
 * {@link #POLL_PERIOD} refreshes this instance's heartbeat while its fence is raised and reads every fence (one
 * query of at most {@link #MAX_FENCES} rows). {@link #fenced()} is a volatile read of the last answer, so the hit
 * path pays nothing else. A fence whose heartbeat is older than {@link #EXPIRY} belongs to an instance that died
 * with invalidations it never replayed; the poller hands it to the {@link #onAdopt adopter} (the circuit breaker,
 * which raises its own fence and flushes the cache) and only then removes it, so a fence is never left uncovered.
 *
 * <p>When the database does not answer the poll, the last answer stands: no write can commit meanwhile, so no new
 * fence is needed, and a raised one stays until a poll can read it lowered.
 */
public final class InvalidationFence implements CacheFenceFigures, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InvalidationFence.class);
    /** How often every instance reads the fences: well inside the 100 ms freshness bound. */
    public static final Duration POLL_PERIOD = Duration.ofMillis(50);
    /** A fence whose heartbeat is older than this belongs to a dead instance. */
    public static final Duration EXPIRY = Duration.ofSeconds(2);
    /** Rows read per poll: one per running instance is expected. */
    public static final int MAX_FENCES = 100;

    private final CacheFenceStore store;
    private final String instance;
    private final Object transitions = new Object();
    private volatile boolean fenced;
    private volatile boolean raised;
    private volatile Runnable adopter = () -> {
        throw new IllegalStateException("no adopter for a dead instance's fence");
    };
    private final AtomicLong fencedNanos = new AtomicLong();
    private final AtomicLong raises = new AtomicLong();
    private final AtomicLong adopted = new AtomicLong();
    private volatile int fenceCount;
    private long lastPollNanos = System.nanoTime();
    /** The poller, once started; guarded by {@code this}. */
    private ScheduledExecutorService poller;

    public InvalidationFence(CacheFenceStore store) {
        this(store, UUID.randomUUID().toString());
    }

    public InvalidationFence(CacheFenceStore store, String instance) {
        this.store = Objects.requireNonNull(store, "store");
        this.instance = Objects.requireNonNull(instance, "instance");
    }

    /** Who takes over a dead instance's fence: must leave this instance's own fence raised until it is covered. */
    public InvalidationFence onAdopt(Runnable adopter) {
        this.adopter = Objects.requireNonNull(adopter, "adopter");
        return this;
    }

    public String instance() {
        return instance;
    }

    /** Whether some instance's invalidations may be missing from the cache, as of the last poll. */
    @Override
    public boolean fenced() {
        return fenced;
    }

    /** Whether this instance's own fence is recorded. */
    public boolean raised() {
        return raised;
    }

    /** Fences seen by the last poll. */
    @Override
    public int fenceCount() {
        return fenceCount;
    }

    /** Total time this instance has read from the database only because of a fence. */
    @Override
    public Duration fencedTime() {
        return Duration.ofNanos(fencedNanos.get());
    }

    /** How many times this instance raised its own fence. */
    @Override
    public long raises() {
        return raises.get();
    }

    /** How many dead instances' fences this instance took over. */
    @Override
    public long adopted() {
        return adopted.get();
    }

    /** Records this instance's fence now (a database write) unless recorded already; throws if it cannot. */
    public void raise() {
        synchronized (transitions) {
            if (raised) {
                return;
            }
            store.raise(instance);
            raised = true;
            fenced = true;
            raises.incrementAndGet();
        }
        log.warn("Cache fence raised by instance {}: invalidations wait for the cache; every instance reads"
                + " from the database until they are replayed", instance);
    }

    /** Removes this instance's fence (a database write) if recorded; throws if it cannot. */
    public void lower() {
        synchronized (transitions) {
            if (!raised) {
                return;
            }
            store.lower(instance);
            raised = false;
        }
        log.info("Cache fence lowered by instance {}: its invalidations reached the cache", instance);
    }

    /** One poll: this instance's heartbeat, every fence, adoption of dead instances' fences. */
    public void poll() {
        synchronized (transitions) {
            if (raised) {
                store.raise(instance); // the heartbeat (re-creates the row if someone removed it)
            }
        }
        var fences = store.fences(EXPIRY, MAX_FENCES);
        long now = System.nanoTime();
        if (fenced) {
            fencedNanos.addAndGet(now - lastPollNanos);
        }
        lastPollNanos = now;
        fenceCount = fences.size();
        fenced = !fences.isEmpty() || raised;
        for (CacheFenceStore.Fence fence : fences) {
            if (fence.expired() && !fence.instance().equals(instance)) {
                adopter.run();
                if (store.removeExpired(fence.instance(), EXPIRY)) {
                    adopted.incrementAndGet();
                    log.warn("Cache fence of instance {} expired (the instance stopped with invalidations it never"
                            + " replayed): taken over by instance {}, which flushes the cache", fence.instance(),
                            instance);
                }
            }
        }
    }

    /** Polls once now (so a fence left by a dead instance counts from the first request) and then every period. */
    public synchronized InvalidationFence start() {
        if (poller == null) {
            pollQuietly();
            poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "cache-fence-poller");
                thread.setDaemon(true);
                return thread;
            });
            long period = POLL_PERIOD.toMillis();
            poller.scheduleWithFixedDelay(this::pollQuietly, period, period, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            log.debug("Cache fence poll failed ({}); the last answer stands", e.toString());
        }
    }

    /** Stops the poller; a raised fence stays in the store and expires (then another instance adopts it). */
    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }
}
