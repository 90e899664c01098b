package dev.taleweaver.bootstrap.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a deadline passes: waiting for something asynchronous without a guessed sleep. */
final class Eventually {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private Eventually() {
    }

    /**
     * @return how long it took
     * @throws AssertionError naming {@code what} if it did not hold within {@code limit}
     */
    static Duration await(String what, Duration limit, BooleanSupplier condition) {
        Instant start = Instant.now();
        Instant deadline = start.plus(limit);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + limit + " waiting until " + what);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return Duration.between(start, Instant.now());
    }
}
