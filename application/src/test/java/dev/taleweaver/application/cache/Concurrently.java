package dev.taleweaver.application.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Runs test callers on their own threads; waits by condition, never by sleeping a guessed time. */
final class Concurrently implements AutoCloseable {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    <T> Future<T> start(Callable<T> caller) {
        return threads.submit(caller);
    }

    static <T> T result(Future<T> future) throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    /** Spins until {@code condition} holds; fails the test if it does not within 10 s. */
    static void awaitUntil(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.yield();
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
