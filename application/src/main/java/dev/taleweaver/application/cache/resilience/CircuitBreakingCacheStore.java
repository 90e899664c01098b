package dev.taleweaver.application.cache.resilience;

import dev.taleweaver.application.port.out.CacheCodec;
import dev.taleweaver.application.port.out.CacheCodecException;
import dev.taleweaver.application.port.out.CacheListener;
import dev.taleweaver.application.port.out.CacheStore;
import dev.taleweaver.application.port.out.CacheStoreException;
import dev.taleweaver.application.port.out.CircuitState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A circuit breaker in front of the real {@link CacheStore}, shared by every cached repository.
 *
 * <p>After {@link #DEFAULT_FAILURE_THRESHOLD} consecutive failures the circuit OPENs: every call fails at once
 * with {@link CacheCircuitOpenException}, so during an outage requests go straight to the database without
 * paying a timeout each. A {@link CacheStoreException.Kind#TIMEOUT timeout} opens it at once: the store did not
 * answer for a whole timeout, and every further call (the next ones of the same request, a page's id list then its
 * members) would wait as long, so a request meets a frozen store once at most. Once the probe interval has passed,
 * the next caller (or {@link #probeIfDue()} from a scheduler) probes the store with {@code healthCheck()};
 * meanwhile everyone else keeps skipping the cache. With {@link #startBackgroundProbes() background probes} no
 * caller probes: a probe of a frozen store waits for its timeout, and no request should.
 *
 * <p>Invalidations that do not reach the store (while open, or because the call failed) are remembered and
 * replayed before the circuit closes, so no entry that went stale during the outage is served afterwards.
 * Until a key's replay succeeds, reads of it are misses and conditional writes to it are refused. Past
 * {@code maxPendingKeys} the breaker remembers "flush everything" instead and then deletes every key of this
 * deployment ({@code deletePattern("*")}: every key of its key families, see {@link CacheStore#deletePattern}).
 *
 * <p>A {@link CacheCodecException} (an unreadable entry, or alien data the store removed) is the store answering,
 * not failing: it is passed on but neither counts towards opening the circuit nor keeps an invalidation pending.
 *
 * <p>Logs a connection problem once per transition (ERROR when it opens), not once per request.
 *
 * <p>With a {@link #fencedBy fence} (ADR 12), remembering an invalidation also records this instance's fence in the
 * database before the call returns (so before the write answers), and the replay that empties the pending set lowers
 * it; while any instance's fence stands, reads are misses and fills are refused here, so neither the L1 nor Redis
 * below answers what another instance's missing invalidation left stale.
 *
 * <p>{@link #startBackgroundProbes()} gives the breaker its own daemon thread that calls {@link #probeIfDue()}
 * every {@link #BACKGROUND_PROBE_PERIOD}, so no request waits for a probe; {@link #close()} stops it.
 */
public final class CircuitBreakingCacheStore implements CacheStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CircuitBreakingCacheStore.class);

    /** Consecutive failures that open the circuit: enough to ignore a blip, few enough to stop paying timeouts. */
    public static final int DEFAULT_FAILURE_THRESHOLD = 3;
    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_PENDING_KEYS = 10_000;
    /** Keys per invalidate call when replaying, so one replay never becomes one huge command. */
    static final int REPLAY_BATCH_SIZE = 500;
    private static final String EVERY_KEY = "*";
    /** How often the background prober asks {@link #probeIfDue()}; the probe interval decides when it probes. */
    public static final Duration BACKGROUND_PROBE_PERIOD = Duration.ofSeconds(1);

    private final CacheStore delegate;
    private final int failureThreshold;
    private final Duration probeInterval;
    private final Clock clock;
    private final CacheListener listener;
    private final PendingInvalidations pending;

    private final Object transitions = new Object();
    private volatile CircuitState state = CircuitState.CLOSED;
    private volatile Instant openedAt = Instant.MIN;
    private volatile Instant nextProbeAt = Instant.MIN;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    /** One caller at a time probes or replays. */
    private final AtomicBoolean recovering = new AtomicBoolean();
    /** The background prober, once started (then only it probes); written under {@code this}. */
    private volatile ScheduledExecutorService prober;
    /** The instances' fence (ADR 12), or null for none. */
    private volatile InvalidationFence fence;
    /** Orders "pending changed, raise" against "pending emptied, lower". */
    private final Object fenceTransitions = new Object();

    public CircuitBreakingCacheStore(CacheStore delegate) {
        this(delegate, DEFAULT_PROBE_INTERVAL, Clock.systemUTC(), CacheListener.NOOP);
    }

    public CircuitBreakingCacheStore(CacheStore delegate, Duration probeInterval, Clock clock, CacheListener listener) {
        this(delegate, DEFAULT_FAILURE_THRESHOLD, probeInterval, DEFAULT_MAX_PENDING_KEYS, clock, listener);
    }

    public CircuitBreakingCacheStore(CacheStore delegate, int failureThreshold, Duration probeInterval,
                                     int maxPendingKeys, Clock clock, CacheListener listener) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failure threshold must be positive, got " + failureThreshold);
        }
        if (probeInterval.isNegative()) {
            throw new IllegalArgumentException("probe interval must not be negative, got " + probeInterval);
        }
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.failureThreshold = failureThreshold;
        this.probeInterval = probeInterval;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.pending = new PendingInvalidations(maxPendingKeys);
    }

    /**
     * Makes this breaker keep {@code fence} in step with its pending invalidations and obey it on reads and fills;
     * a dead instance's fence the fence's poller finds is adopted as a pending flush of every key.
     */
    public CircuitBreakingCacheStore fencedBy(InvalidationFence fence) {
        this.fence = Objects.requireNonNull(fence, "fence");
        fence.onAdopt(this::adoptLostInvalidations);
        return this;
    }

    /** Whether reads and fills currently bypass the store because some instance's fence stands. */
    public boolean fenced() {
        InvalidationFence current = fence;
        return current != null && current.fenced();
    }

    /** The fence, if any. */
    public Optional<InvalidationFence> fence() {
        return Optional.ofNullable(fence);
    }

    // ---- state ------------------------------------------------------------------------------------------

    public CircuitState state() {
        return state;
    }

    /** When the circuit last opened ({@link Instant#MIN} if never). */
    public Instant openedAt() {
        return openedAt;
    }

    /** Invalidations waiting for the store: a key count, or -1 when a flush of every key waits. */
    public int pendingInvalidations() {
        return pending.size();
    }

    /**
     * Probes the store now if the circuit is open and the probe interval has passed, or replays invalidations that
     * failed while it stayed closed; for a background scheduler, so neither waits for this instance's next
     * request.
     *
     * @return whether the circuit is closed afterwards
     */
    public boolean probeIfDue() {
        if (state == CircuitState.OPEN && probeDue()) {
            probe();
        } else if (state == CircuitState.CLOSED && !pending.isEmpty()) {
            // An invalidation that failed below the threshold would otherwise wait for this instance's next cache
            // call, while other instances keep reading the old entry from the store.
            try {
                replayWhileClosed();
            } catch (CacheStoreException e) {
                // counted as a failure by the replay; it stays pending for the next attempt
            }
        }
        syncFence(); // retries a raise or a lower the database refused earlier
        return state == CircuitState.CLOSED;
    }

    /**
     * Starts this breaker's own daemon thread ({@code cache-circuit-prober}) that calls {@link #probeIfDue()} every
     * {@link #BACKGROUND_PROBE_PERIOD} until {@link #close()}. Starting twice is starting once.
     */
    public synchronized CircuitBreakingCacheStore startBackgroundProbes() {
        if (prober == null) {
            prober = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "cache-circuit-prober");
                thread.setDaemon(true);
                return thread;
            });
            long period = BACKGROUND_PROBE_PERIOD.toMillis();
            prober.scheduleWithFixedDelay(this::probeQuietly, period, period, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    private void probeQuietly() {
        try {
            probeIfDue();
        } catch (RuntimeException e) {
            // transitions are logged by the breaker itself; a failed probe just keeps the circuit open
        }
    }

    /** Stops the background prober, if started; the store behind is not closed (its owner closes it). */
    @Override
    public synchronized void close() {
        if (prober != null) {
            prober.shutdownNow();
            prober = null;
        }
    }

    // ---- CacheStore -------------------------------------------------------------------------------------

    @Override
    public Optional<String> get(String key) {
        admit();
        if (bypassed(key)) {
            return Optional.empty();
        }
        return call(() -> delegate.get(key));
    }

    /** Like {@link #get(String)}, as bytes: the hit path that serves an entry's JSON obeys the fence too (ADR 13). */
    @Override
    public Optional<byte[]> getBytes(String key) {
        admit();
        if (bypassed(key)) {
            return Optional.empty();
        }
        return call(() -> delegate.getBytes(key));
    }

    /** Like {@link #get(String)}; the delegate decodes (an L1 below may hand out what it decoded before). */
    @Override
    public <T> Optional<T> get(String key, CacheCodec<T> codec) {
        return getDecoded(key, codec).map(Decoded::value);
    }

    /** Like {@link #get(String, CacheCodec)}, with the delegate's upcast answer. */
    @Override
    public <T> Optional<Decoded<T>> getDecoded(String key, CacheCodec<T> codec) {
        admit();
        if (bypassed(key)) {
            return Optional.empty();
        }
        return call(() -> delegate.getDecoded(key, codec));
    }

    /**
     * {@link #getDecoded} from memory only (ADR 22): the delegate's held answer while the circuit is closed with
     * nothing pending to replay and no fence standing; else null (the read that follows goes through
     * {@link #getDecoded}, which replays, probes or bypasses as it always does).
     */
    @Override
    public <T> Decoded<T> heldDecoded(String key, CacheCodec<T> codec) {
        return answersFromMemory() ? delegate.heldDecoded(key, codec) : null;
    }

    /** {@link #getAll(List, CacheCodec)} from memory only, as {@link #heldDecoded}. */
    @Override
    public <T> Map<String, T> heldAll(List<String> keys, CacheCodec<T> codec) {
        return answersFromMemory() ? delegate.heldAll(keys, codec) : null;
    }

    private boolean answersFromMemory() {
        return state == CircuitState.CLOSED && pending.isEmpty() && !fenced();
    }

    /**
     * Like {@link #get(String)} for several keys: those with a pending invalidation are left out, and all of them
     * while a fence stands (ADR 12).
     */
    @Override
    public Map<String, String> getAll(List<String> keys) {
        admit();
        List<String> asked = notBypassed(keys);
        return asked.isEmpty() ? Map.of() : call(() -> delegate.getAll(asked));
    }

    /** Like {@link #get(String, CacheCodec)} for several keys: see {@link #getAll(List)}. */
    @Override
    public <T> Map<String, T> getAll(List<String> keys, CacheCodec<T> codec) {
        admit();
        List<String> asked = notBypassed(keys);
        return asked.isEmpty() ? Map.of() : call(() -> delegate.getAll(asked, codec));
    }

    @Override
    public void set(String key, String value, Duration ttl) {
        admit();
        if (fenced()) {
            return; // nobody may trust the cache now: a fill would only be bypassed, and may be stale
        }
        call(() -> {
            delegate.set(key, value, ttl);
            return null;
        });
    }

    @Override
    public boolean delete(String key) {
        try {
            admit();
            return call(() -> delegate.delete(key));
        } catch (CacheStoreException e) {
            pending.addKeys(List.of(key));
            syncFence();
            throw e;
        }
    }

    /** A pattern delete that fails is remembered as "flush everything": safe, and rare enough to afford. */
    @Override
    public long deletePattern(String pattern) {
        try {
            admit();
            return call(() -> delegate.deletePattern(pattern));
        } catch (CacheStoreException e) {
            pending.addFlushEverything();
            syncFence();
            throw e;
        }
    }

    @Override
    public boolean exists(String key) {
        admit();
        if (bypassed(key)) {
            return false;
        }
        return call(() -> delegate.exists(key));
    }

    /** Asks the store itself, whatever the circuit's state; never throws. */
    @Override
    public boolean healthCheck() {
        return storeAnswers();
    }

    @Override
    public long version(String key) {
        admit();
        return call(() -> delegate.version(key));
    }

    @Override
    public Map<String, Long> versions(List<String> keys) {
        admit();
        return call(() -> delegate.versions(keys));
    }

    @Override
    public boolean setIfVersion(String key, long expectedVersion, String value, Duration ttl) {
        admit();
        if (bypassed(key)) {
            return false;
        }
        return call(() -> delegate.setIfVersion(key, expectedVersion, value, ttl));
    }

    @Override
    public void invalidate(Collection<String> keys) {
        List<String> copy = List.copyOf(keys);
        try {
            admit();
            call(() -> {
                delegate.invalidate(copy);
                return null;
            });
        } catch (CacheStoreException e) {
            pending.addKeys(copy);
            syncFence();
            throw e;
        }
    }

    // ---- the breaker ------------------------------------------------------------------------------------

    /** Lets a call through, or throws {@link CacheCircuitOpenException} at once. */
    private void admit() {
        CircuitState current = state;
        if (current == CircuitState.CLOSED) {
            if (!pending.isEmpty()) {
                replayWhileClosed();
            }
        } else if (current == CircuitState.OPEN && prober == null && probeDue()) {
            probe();
        }
        if (state != CircuitState.CLOSED) {
            throw new CacheCircuitOpenException(state);
        }
    }

    private boolean probeDue() {
        return !clock.instant().isBefore(nextProbeAt);
    }

    private <T> T call(Supplier<T> operation) {
        try {
            T result = operation.get();
            succeeded();
            return result;
        } catch (CacheCodecException e) {
            // the store answered; what it held was unreadable or alien (and removed), which is not the store failing
            succeeded();
            throw e;
        } catch (RuntimeException e) {
            CacheStoreException failure = asStoreException(e);
            failed(failure);
            throw failure;
        }
    }

    private void succeeded() {
        if (consecutiveFailures.get() != 0) {
            consecutiveFailures.set(0);
        }
    }

    private void failed(CacheStoreException failure) {
        int failures = consecutiveFailures.incrementAndGet();
        if (failures >= failureThreshold || failure.kind() == CacheStoreException.Kind.TIMEOUT) {
            open(failure, failures);
        } else if (failures == 1) {
            log.warn("Cache store call failed ({}: {}); serving from the database", failure.kind(),
                    failure.getMessage());
        }
    }

    private void open(CacheStoreException cause, int failures) {
        synchronized (transitions) {
            if (state != CircuitState.CLOSED) {
                return;
            }
            openedAt = clock.instant();
            nextProbeAt = openedAt.plus(probeInterval);
            state = CircuitState.OPEN;
        }
        String after = failures >= failureThreshold ? failures + " consecutive failures" : "a timeout";
        log.error("Cache circuit OPEN after {} (last: {}: {}); serving from the database only and probing the cache "
                + "every {}s", after, cause.kind(), cause.getMessage(), probeInterval.toSeconds(), cause);
        listener.onCircuitStateChange(CircuitState.OPEN);
    }

    /** Health check, then replay of every pending invalidation, then close; any failure keeps it open. */
    private void probe() {
        if (!recovering.compareAndSet(false, true)) {
            return;
        }
        try {
            synchronized (transitions) {
                if (state != CircuitState.OPEN || !probeDue()) {
                    return;
                }
                state = CircuitState.HALF_OPEN;
            }
            String replayed = describePending();
            boolean recovered = false;
            String why = "the store does not answer";
            try {
                listener.onCircuitStateChange(CircuitState.HALF_OPEN);
                if (storeAnswers()) {
                    replayPending();
                    recovered = true;
                }
            } catch (RuntimeException e) {
                why = "replaying pending invalidations failed: " + e.getMessage();
            } finally {
                // whatever happened, never stay half-open: nobody else would ever probe again
                if (recovered) {
                    close(replayed);
                } else {
                    reopen(why);
                }
            }
        } finally {
            recovering.set(false);
        }
    }

    private void close(String replayed) {
        Duration outage;
        synchronized (transitions) {
            consecutiveFailures.set(0);
            state = CircuitState.CLOSED;
            outage = Duration.between(openedAt, clock.instant());
        }
        log.info("Cache circuit CLOSED: the cache answers again after {}s; replayed {}", outage.toSeconds(),
                replayed);
        listener.onCircuitStateChange(CircuitState.CLOSED);
    }

    private void reopen(String why) {
        synchronized (transitions) {
            nextProbeAt = clock.instant().plus(probeInterval);
            state = CircuitState.OPEN;
        }
        log.debug("Cache probe failed ({}); circuit stays OPEN, next probe at {}", why, nextProbeAt);
        listener.onCircuitStateChange(CircuitState.OPEN);
    }

    /**
     * Replays invalidations that failed while the circuit stayed closed (a blip below the threshold). A failed
     * replay is this caller's failed cache call: it counts once and is thrown, so a store that keeps refusing
     * the replay opens the circuit, and the probe takes over.
     */
    private void replayWhileClosed() {
        if (!recovering.compareAndSet(false, true)) {
            return;
        }
        try {
            call(() -> {
                replayPending();
                return null;
            });
        } finally {
            recovering.set(false);
        }
    }

    private void replayPending() {
        while (!pending.isEmpty()) {
            PendingInvalidations.Batch batch = pending.nextBatch(REPLAY_BATCH_SIZE);
            if (batch.flushEverything()) {
                delegate.deletePattern(EVERY_KEY);
            } else {
                try {
                    delegate.invalidate(batch.keys());
                } catch (CacheCodecException e) {
                    // alien data found and replaced: the invalidation itself was done
                    log.warn("Cache replay met alien data: {}", e.getMessage());
                }
            }
            pending.done(batch);
        }
        syncFence();
    }

    /** {@code keys} but those {@link #bypassed}; {@code keys} itself while nothing is (no fence, nothing pending). */
    private List<String> notBypassed(List<String> keys) {
        if (!fenced() && pending.isEmpty()) {
            return keys;
        }
        return keys.stream().filter(key -> !bypassed(key)).toList();
    }

    private boolean bypassed(String key) {
        return fenced() || pending.covers(key);
    }

    /**
     * Raises this instance's fence while invalidations are pending and lowers it once none is; never throws (the
     * database refusing is logged, and the background prober retries).
     */
    private void syncFence() {
        InvalidationFence current = fence;
        if (current == null) {
            return;
        }
        try {
            synchronized (fenceTransitions) {
                if (!pending.isEmpty()) {
                    current.raise();
                } else {
                    current.lower();
                }
            }
        } catch (RuntimeException e) {
            log.error("Cache fence not {} in the database ({}); other instances may read entries this instance's"
                    + " pending invalidations cover until it is", pending.isEmpty() ? "lowered" : "raised",
                    e.toString());
        }
    }

    /**
     * A dead instance's fence: its invalidations are lost, so every key may be stale. Remembered as a pending flush
     * of every key, and this instance's fence raised for it, before the dead one's is removed; throws if the fence
     * cannot be raised, so the dead one's stays.
     */
    private void adoptLostInvalidations() {
        synchronized (fenceTransitions) {
            pending.addFlushEverything();
            fence.raise();
        }
    }

    private String describePending() {
        int size = pending.size();
        return size < 0 ? "a flush of every key (too many invalidations to remember)"
                : size + " pending invalidation(s)";
    }

    private boolean storeAnswers() {
        try {
            return delegate.healthCheck();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static CacheStoreException asStoreException(RuntimeException e) {
        return e instanceof CacheStoreException storeException ? storeException
                : new CacheStoreException(CacheStoreException.Kind.OTHER, e.toString(), e);
    }
}
