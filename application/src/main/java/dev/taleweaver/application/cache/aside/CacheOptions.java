package dev.taleweaver.application.cache.aside;

import dev.taleweaver.application.port.out.CacheListener;

import java.time.Clock;
import java.util.Objects;

/**
 * The knobs a cached repository shares with its siblings: where it reports, how it jitters TTLs, and the clock
 * that stamps {@code cached_at}.
 */
public record CacheOptions(CacheListener listener, TtlJitter jitter, Clock clock) {
    public CacheOptions {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(jitter, "jitter");
        Objects.requireNonNull(clock, "clock");
    }

    public static CacheOptions defaults() {
        return new CacheOptions(CacheListener.NOOP, new TtlJitter(), Clock.systemUTC());
    }

    public CacheOptions withListener(CacheListener newListener) {
        return new CacheOptions(newListener, jitter, clock);
    }

    public CacheOptions withJitter(TtlJitter newJitter) {
        return new CacheOptions(listener, newJitter, clock);
    }

    public CacheOptions withClock(Clock newClock) {
        return new CacheOptions(listener, jitter, newClock);
    }
}
