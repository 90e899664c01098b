package dev.taleweaver.application.cache.resilience;

import dev.taleweaver.application.port.out.CacheStoreException;
import dev.taleweaver.application.port.out.CircuitState;

/**
 * The cache was skipped because its circuit is open. Thrown on every cache call during an outage, so it
 * carries no stack trace: it is an expected signal, not a fault to debug.
 */
public final class CacheCircuitOpenException extends CacheStoreException {
    private static final long serialVersionUID = 1L;

    public CacheCircuitOpenException(CircuitState state) {
        super(Kind.CONNECTION, "cache circuit is " + state + "; the cache is skipped", null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
