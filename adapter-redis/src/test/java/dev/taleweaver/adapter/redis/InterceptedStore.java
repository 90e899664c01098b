package dev.taleweaver.adapter.redis;

import dev.taleweaver.application.port.out.CacheStore;
import dev.taleweaver.application.port.out.ForwardingCacheStore;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A store that lets a test act between a call's work in Redis and its return to the caller: the window in which
 * another instance's write can overtake a read or a write that is still under way. Counts the reads that reach
 * it, so a test can tell an L1 answer from a Redis one.
 */
final class InterceptedStore extends ForwardingCacheStore {
    private final AtomicReference<Runnable> afterNextGet = new AtomicReference<>();
    private final AtomicReference<Runnable> afterNextSet = new AtomicReference<>();
    private final AtomicInteger gets = new AtomicInteger();

    InterceptedStore(CacheStore delegate) {
        super(delegate);
    }

    /** Runs {@code action} once, after the next {@code get} read Redis and before it returns. */
    void afterNextGet(Runnable action) {
        afterNextGet.set(action);
    }

    /** Runs {@code action} once, after the next {@code set} or {@code setIfVersion} wrote and before it returns. */
    void afterNextSet(Runnable action) {
        afterNextSet.set(action);
    }

    /** {@code get}s that reached this store. */
    int gets() {
        return gets.get();
    }

    @Override
    public Optional<String> get(String key) {
        gets.incrementAndGet();
        Optional<String> value = delegate.get(key);
        run(afterNextGet);
        return value;
    }

    @Override
    public void set(String key, String value, Duration ttl) {
        delegate.set(key, value, ttl);
        run(afterNextSet);
    }

    @Override
    public boolean setIfVersion(String key, long expectedVersion, String value, Duration ttl) {
        boolean stored = delegate.setIfVersion(key, expectedVersion, value, ttl);
        run(afterNextSet);
        return stored;
    }

    private static void run(AtomicReference<Runnable> slot) {
        Runnable action = slot.getAndSet(null);
        if (action != null) {
            action.run();
        }
    }
}
