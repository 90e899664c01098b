package dev.taleweaver.application.port.out;

/** Why a read went to the database. */
public enum MissReason {
    /** No entry (never cached, expired or invalidated). */
    ABSENT,
    /** The entry was written by another schema version; it is replaced. */
    OUTDATED,
    /** The entry could not be decoded; it is deleted and replaced. */
    CORRUPT,
    /** The cache store failed on this request. */
    STORE_ERROR,
    /** The circuit is open, so the cache was not asked at all. */
    CIRCUIT_OPEN
}
