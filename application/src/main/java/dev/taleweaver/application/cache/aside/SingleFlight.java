package dev.taleweaver.application.cache.aside;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Collapses concurrent loads of one key into one: the first caller loads, the others wait for and share its
 * result or its failure. Once a load finishes the next caller starts a fresh one, so a failure is not
 * remembered. Protects the database from a stampede when a hot entry expires.
 */
final class SingleFlight<K> {
    private final ConcurrentHashMap<K, CompletableFuture<Object>> flights = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();

    /** The caller must use one result type per key, so sharing a result between callers is type-safe. */
    @SuppressWarnings("unchecked")
    <T> T run(K key, Supplier<T> load) {
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> theirs = flights.putIfAbsent(key, mine);
        if (theirs != null) {
            return (T) await(theirs);
        }
        try {
            T value = load.get();
            mine.complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            flights.remove(key, mine);
        }
    }

    /** How many callers are waiting for someone else's load (lets tests line callers up without sleeping). */
    int waiting() {
        return waiting.get();
    }

    private Object await(CompletableFuture<Object> flight) {
        waiting.incrementAndGet();
        try {
            return flight.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        } finally {
            waiting.decrementAndGet();
        }
    }
}
