package dev.taleweaver.bootstrap.cache;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wraps a repository so that the FIRST call of one method loads from the database and then waits, before
 * returning, until the test releases it: a cached reader stopped between its database load and its cache write.
 * Later calls (e.g. a writer's write-through reload) pass straight through. Latches only, no sleeps.
 *
 * @param <T> the repository port
 */
final class PausedLoad<T> {
    static final Duration PATIENCE = Duration.ofSeconds(10);

    private final CountDownLatch loaded = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicBoolean armed = new AtomicBoolean(true);
    private final T repository;

    private PausedLoad(Class<T> port, T target, String method) {
        InvocationHandler handler = (proxy, called, args) -> {
            Object result;
            try {
                result = called.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (called.getName().equals(method) && armed.compareAndSet(true, false)) {
                loaded.countDown();
                await(released, "the test to release the paused " + method);
            }
            return result;
        };
        this.repository = port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, handler));
    }

    /** Pauses the first call of {@code method} of {@code target} after it has loaded. */
    static <T> PausedLoad<T> firstCallOf(Class<T> port, T target, String method) {
        return new PausedLoad<>(port, target, method);
    }

    /** The wrapped repository, to hand to the cached decorator as its base. */
    T repository() {
        return repository;
    }

    /** Returns once the paused call has loaded and is waiting. */
    void awaitLoaded() {
        await(loaded, "the first call to load from the database");
    }

    void release() {
        released.countDown();
    }

    private static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("timed out after " + PATIENCE + " waiting for " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }
}
