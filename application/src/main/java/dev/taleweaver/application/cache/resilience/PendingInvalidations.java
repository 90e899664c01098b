package dev.taleweaver.application.cache.resilience;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Invalidations that could not reach the store, kept until they can be replayed. Bounded: past the capacity it
 * stops remembering keys and remembers "flush everything" instead, which covers them all. Thread-safe.
 */
final class PendingInvalidations {
    private final int capacity;
    /** Each key with the generation of its latest failed invalidation. */
    private final Map<String, Long> keys = new LinkedHashMap<>();
    private boolean flushEverything;
    private long flushGeneration;
    /** Counts additions, so a replay only forgets what it actually covered. */
    private long generation;
    /** Read without the lock on the hot path, where it is almost always false. */
    private volatile boolean nonEmpty;

    PendingInvalidations(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
    }

    synchronized void addKeys(Collection<String> newKeys) {
        generation++;
        if (flushEverything) {
            flushGeneration = generation;
        } else {
            newKeys.forEach(key -> keys.put(key, generation));
            if (keys.size() > capacity) {
                keys.clear();
                flushEverything = true;
                flushGeneration = generation;
            }
        }
        nonEmpty = flushEverything || !keys.isEmpty();
    }

    synchronized void addFlushEverything() {
        generation++;
        keys.clear();
        flushEverything = true;
        flushGeneration = generation;
        nonEmpty = true;
    }

    boolean isEmpty() {
        return !nonEmpty;
    }

    /** Whether a cached value of {@code key} may be stale because its invalidation is still pending. */
    boolean covers(String key) {
        if (!nonEmpty) {
            return false;
        }
        synchronized (this) {
            return flushEverything || keys.containsKey(key);
        }
    }

    /** How many keys wait, or -1 when a flush of everything waits. */
    synchronized int size() {
        return flushEverything ? -1 : keys.size();
    }

    /** Up to {@code maxKeys} pending keys, or a flush (which covers every key pending now). */
    synchronized Batch nextBatch(int maxKeys) {
        List<String> batchKeys = flushEverything ? List.copyOf(keys.keySet())
                : keys.keySet().stream().limit(maxKeys).toList();
        return new Batch(batchKeys, flushEverything, generation);
    }

    /** Forgets what a replayed batch covered; anything that failed again meanwhile stays pending. */
    synchronized void done(Batch batch) {
        for (String key : batch.keys()) {
            Long failedAt = keys.get(key);
            if (failedAt != null && failedAt <= batch.generation()) {
                keys.remove(key);
            }
        }
        if (batch.flushEverything() && flushGeneration <= batch.generation()) {
            flushEverything = false;
        }
        nonEmpty = flushEverything || !keys.isEmpty();
    }

    record Batch(List<String> keys, boolean flushEverything, long generation) {
    }
}
