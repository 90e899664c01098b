package dev.taleweaver.application.port.out;

/**
 * The prefetcher's counts since start (ADR 16), read by the metrics adapter at scrape time. Every prefetch offered
 * is either submitted or dropped; a submitted one ends loaded, already cached, skipped or failed (or is dropped
 * when the cache became unavailable before it ran).
 */
public interface PrefetchFigures {

    /** Prefetches accepted into the queue. */
    long submitted();

    /** Prefetches dropped: the queue was full, the key already queued, the circuit open or the fence up. */
    long dropped();

    /** Prefetches that read the database and offered the result to the cache (versioned compare-and-set). */
    long loaded();

    /** Prefetches that found their key cached (and fresh) already: no database load. */
    long alreadyCached();

    /** Work waiting in the queue now. */
    int queued();
}
