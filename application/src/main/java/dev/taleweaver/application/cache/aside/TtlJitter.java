package dev.taleweaver.application.cache.aside;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Adds a random extra of up to {@link #MAX_EXTRA_FRACTION} to each entry's TTL, so entries written together
 * (a warm-up, a burst of misses) do not all expire in the same instant and send their reads to the database
 * at once. Only ever longer, never shorter, so the configured TTL is the minimum an entry lives.
 */
public final class TtlJitter {
    /** Up to +10 % of the nominal TTL. */
    public static final double MAX_EXTRA_FRACTION = 0.10;

    private final double maxExtraFraction;
    private final DoubleSupplier unitRandom;

    public TtlJitter() {
        this(MAX_EXTRA_FRACTION, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param unitRandom returns values in [0, 1) */
    public TtlJitter(double maxExtraFraction, DoubleSupplier unitRandom) {
        if (maxExtraFraction < 0 || maxExtraFraction > 1) {
            throw new IllegalArgumentException("jitter fraction must be within [0, 1], got " + maxExtraFraction);
        }
        this.maxExtraFraction = maxExtraFraction;
        this.unitRandom = unitRandom;
    }

    /** No jitter: every entry gets exactly its nominal TTL. */
    public static TtlJitter none() {
        return new TtlJitter(0, () -> 0);
    }

    public Duration apply(Duration ttl) {
        long extraMillis = (long) (ttl.toMillis() * maxExtraFraction * unitRandom.getAsDouble());
        return ttl.plusMillis(extraMillis);
    }
}
