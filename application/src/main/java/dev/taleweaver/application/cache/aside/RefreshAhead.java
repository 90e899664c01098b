package dev.taleweaver.application.cache.aside;

import java.util.function.Supplier;

/**
 * Told of cache hits so that a hot entry close to its expiry is reloaded before it expires (refresh-ahead, ADR 16).
 * {@link #sampled()} is asked on every hit, on the request thread, and must cost next to nothing; only a sampled hit
 * builds a refresh and {@link #submit}s it, which must return at once (the refresh runs elsewhere, or not at all).
 */
public interface RefreshAhead {

    /** No refresh-ahead (CACHE_PREFETCH=false). */
    RefreshAhead NONE = new RefreshAhead() {
        @Override
        public boolean sampled() {
            return false;
        }

        @Override
        public void submit(String entityType, String key, Supplier<Warmed> refresh) {
        }
    };

    /** Whether this hit should be looked at (a key read often is looked at often). */
    boolean sampled();

    /** Offers {@code refresh} of {@code key}; never blocks, may drop it. */
    void submit(String entityType, String key, Supplier<Warmed> refresh);
}
