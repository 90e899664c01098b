package dev.taleweaver.application.port.out;

/** The state of the circuit around the cache store. */
public enum CircuitState {
    /** The store is used normally. */
    CLOSED,
    /** The store failed repeatedly; it is skipped until the next probe. */
    OPEN,
    /** One caller is probing the store and replaying missed invalidations; everyone else still skips it. */
    HALF_OPEN
}
