package dev.taleweaver.bootstrap.ops;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Waits for something asynchronous by polling with a deadline, so no test depends on a guessed sleep. */
final class Eventually {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private Eventually() {
    }

    /**
     * Polls {@code problem} until it returns null (nothing wrong any more). The last problem is the failure message,
     * so a timeout says what was still wrong rather than only that time ran out.
     */
    static void await(Duration timeout, Supplier<String> problem) {
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
