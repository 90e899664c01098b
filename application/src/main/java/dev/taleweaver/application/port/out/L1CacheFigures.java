package dev.taleweaver.application.port.out;

/**
 * What an in-process first cache level (the L1 of docs/caching.md) tells about itself, read at scrape time by
 * the metrics adapter; the cache adapter implements it. Every count is since start-up.
 */
public interface L1CacheFigures {

    /** Reads answered by the L1 without the shared store. */
    long l1Hits();

    /** Reads the L1 passed on to the shared store. */
    long l1Misses();

    /** Times the L1 stopped being trusted (no fresh heartbeat) and was bypassed. */
    long trustLapses();

    /** Times the whole L1 was cleared because invalidations may have been lost. */
    long wholeClears();

    /** Shared-store answers read as misses because they came too late to be trusted. */
    long lateRedisAnswers();

    /** Entries held now. */
    long l1Size();

    /** The local cache library's own statistics. */
    LocalCacheStats localStats();
}
