package dev.taleweaver.bootstrap.e2e;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for something asynchronous by polling with a deadline, so no test depends on a guessed sleep. */
public final class Eventually {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private Eventually() {
    }

    /** Returns as soon as {@code condition} holds; fails with {@code what} once {@code timeout} has passed. */
    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        await(timeout, () -> condition.getAsBoolean() ? null : what);
    }

    public static void await(Duration timeout, BooleanSupplier condition) {
        await(timeout, "the condition", condition);
    }

    /**
     * Polls {@code problem} until it returns null (nothing wrong any more). The last problem is the failure
     * message, so a timeout says what was still wrong rather than only that time ran out.
     */
    public static void await(Duration timeout, Supplier<String> problem) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = problem.get();
        while (last != null) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("still not true after " + timeout.toMillis() + " ms: " + last);
            }
            LockSupport.parkNanos(POLL_NANOS);
            last = problem.get();
        }
    }
}
