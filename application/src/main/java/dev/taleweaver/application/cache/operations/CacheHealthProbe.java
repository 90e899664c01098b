package dev.taleweaver.application.cache.operations;

import dev.taleweaver.application.cache.resilience.CircuitBreakingCacheStore;
import dev.taleweaver.application.port.in.ComponentHealth;
import dev.taleweaver.application.port.out.CircuitState;
import dev.taleweaver.application.port.out.HealthProbe;

/**
 * The cache's line in {@code /health}. Not critical: the service works without a cache, only slower. UP when
 * the store answers, the circuit is closed and no instance's invalidation fence stands (ADR 12), i.e. when requests
 * actually use the cache.
 */
public final class CacheHealthProbe implements HealthProbe {
    public static final String COMPONENT = "cache";

    private final CircuitBreakingCacheStore store;

    public CacheHealthProbe(CircuitBreakingCacheStore store) {
        this.store = store;
    }

    /** For REDIS_ENABLED=false. */
    public static HealthProbe disabled() {
        return new HealthProbe() {
            @Override
            public String component() {
                return COMPONENT;
            }

            @Override
            public ComponentHealth probe() {
                return ComponentHealth.disabled("caching is switched off (REDIS_ENABLED=false)");
            }
        };
    }

    @Override
    public String component() {
        return COMPONENT;
    }

    @Override
    public ComponentHealth probe() {
        try {
            // a health poll doubles as the background probe that closes a recovered circuit
            store.probeIfDue();
            boolean answers = store.healthCheck();
            CircuitState circuit = store.state();
            if (answers && circuit == CircuitState.CLOSED && !store.fenced()) {
                return ComponentHealth.up(false, "circuit CLOSED");
            }
            if (answers && circuit == CircuitState.CLOSED) {
                return ComponentHealth.down(false, "circuit CLOSED but fenced" + fenceDetail()
                        + ": reads go to the database until every instance's invalidations reach the cache");
            }
            return ComponentHealth.down(false, (answers ? "the cache answers" : "the cache does not answer")
                    + ", circuit " + circuit + pendingDetail());
        } catch (RuntimeException e) {
            return ComponentHealth.down(false, "health check failed: " + e.getMessage());
        }
    }

    private String pendingDetail() {
        int pending = store.pendingInvalidations();
        if (pending == 0) {
            return "";
        }
        return pending < 0 ? ", a full flush pending" : ", " + pending + " invalidation(s) pending";
    }

    private String fenceDetail() {
        return store.fence().map(fence -> " (" + fence.fenceCount() + " instance fence(s)"
                + (fence.raised() ? ", this instance's among them" : "") + ")").orElse("");
    }
}
