package dev.taleweaver.application.cache.aside;

/** What a warm or a refresh-ahead of one key (or one page of keys) did (ADR 16). */
public enum Warmed {
    /** The database was read and the result offered to the cache through the versioned compare-and-set. */
    LOADED,
    /** The cache already held it (fresh enough, for a refresh): no database load. */
    ALREADY_CACHED,
    /** Nothing to do: caching is off for the type, the entry expired meanwhile, or the row is gone. */
    SKIPPED
}
