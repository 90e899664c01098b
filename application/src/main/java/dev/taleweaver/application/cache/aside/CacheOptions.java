package dev.taleweaver.application.cache.aside;

import dev.taleweaver.application.port.out.CacheListener;

import java.time.Clock;
import java.util.Objects;

/**
 * The knobs a cached repository shares with its siblings: where it reports, how it jitters TTLs, the clock
 * that stamps {@code cached_at}, and where hits go to be refreshed ahead of expiry (ADR 16; none by default).
 */
public record CacheOptions(CacheListener listener, TtlJitter jitter, Clock clock, RefreshAhead refreshAhead) {
    public CacheOptions {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(jitter, "jitter");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(refreshAhead, "refreshAhead");
    }

    /** Without refresh-ahead. */
    public CacheOptions(CacheListener listener, TtlJitter jitter, Clock clock) {
        this(listener, jitter, clock, RefreshAhead.NONE);
    }

    public static CacheOptions defaults() {
        return new CacheOptions(CacheListener.NOOP, new TtlJitter(), Clock.systemUTC());
    }

    public CacheOptions withListener(CacheListener newListener) {
        return new CacheOptions(newListener, jitter, clock, refreshAhead);
    }

    public CacheOptions withJitter(TtlJitter newJitter) {
        return new CacheOptions(listener, newJitter, clock, refreshAhead);
    }

    public CacheOptions withClock(Clock newClock) {
        return new CacheOptions(listener, jitter, newClock, refreshAhead);
    }

    public CacheOptions withRefreshAhead(RefreshAhead newRefreshAhead) {
        return new CacheOptions(listener, jitter, clock, newRefreshAhead);
    }
}
