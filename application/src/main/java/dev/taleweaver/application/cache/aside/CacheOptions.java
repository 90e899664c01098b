package dev.taleweaver.application.cache.aside;

import dev.taleweaver.application.port.out.CacheListener;

import java.time.Clock;
import java.util.Objects;

/**
 * The knobs a cached repository shares with its siblings: where it reports, how it jitters TTLs, the clock
 * that stamps {@code cached_at}, where hits go to be refreshed ahead of expiry (ADR 16; none by default), and
 * whether a hit by id may be answered as the entry's entity JSON (ADR 13).
 *
 * @param jsonHits whether {@link CachedRepository#findValueOrJsonById} answers a hit with the cached entity's bytes
 *                 where the codec offers them; on when the L1 is off (with the L1, its decoded value and the HTTP
 *                 adapter's remembered rendering are cheaper still)
 */
public record CacheOptions(CacheListener listener, TtlJitter jitter, Clock clock, RefreshAhead refreshAhead,
                           boolean jsonHits) {
    public CacheOptions {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(jitter, "jitter");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(refreshAhead, "refreshAhead");
    }

    /** Without refresh-ahead and JSON hits. */
    public CacheOptions(CacheListener listener, TtlJitter jitter, Clock clock) {
        this(listener, jitter, clock, RefreshAhead.NONE, false);
    }

    public static CacheOptions defaults() {
        return new CacheOptions(CacheListener.NOOP, new TtlJitter(), Clock.systemUTC());
    }

    public CacheOptions withListener(CacheListener newListener) {
        return new CacheOptions(newListener, jitter, clock, refreshAhead, jsonHits);
    }

    public CacheOptions withJitter(TtlJitter newJitter) {
        return new CacheOptions(listener, newJitter, clock, refreshAhead, jsonHits);
    }

    public CacheOptions withClock(Clock newClock) {
        return new CacheOptions(listener, jitter, newClock, refreshAhead, jsonHits);
    }

    public CacheOptions withRefreshAhead(RefreshAhead newRefreshAhead) {
        return new CacheOptions(listener, jitter, clock, newRefreshAhead, jsonHits);
    }

    public CacheOptions withJsonHits(boolean newJsonHits) {
        return new CacheOptions(listener, jitter, clock, refreshAhead, newJsonHits);
    }
}
