package dev.taleweaver.application.cache.operations;

import dev.taleweaver.application.cache.aside.CacheOptions;
import dev.taleweaver.application.port.out.CacheErrorKind;
import dev.taleweaver.application.port.out.CacheListener;
import dev.taleweaver.application.port.out.CacheOperation;
import dev.taleweaver.application.port.out.CircuitState;
import dev.taleweaver.application.port.out.InvalidationReason;
import dev.taleweaver.application.port.out.MissReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Passes every cache event to several listeners (e.g. {@link CacheStatistics} and a Micrometer listener), so one
 * {@link CacheOptions} feeds them all. A listener that throws despite the contract does not stop the others nor
 * the read it reports on; its first failure is logged at WARN, later ones at DEBUG so a broken listener cannot
 * flood the log from the request path.
 */
public final class CompositeCacheListener implements CacheListener {
    private static final Logger log = LoggerFactory.getLogger(CompositeCacheListener.class);

    private final List<Guarded> listeners;

    public CompositeCacheListener(List<? extends CacheListener> listeners) {
        this.listeners = listeners.stream().map(l -> new Guarded(Objects.requireNonNull(l, "listener"))).toList();
    }

    /** One listener reporting to all of {@code listeners}. */
    public static CacheListener of(CacheListener... listeners) {
        return new CompositeCacheListener(List.of(listeners));
    }

    @Override
    public void onHit(String entityType, CacheOperation operation, long nanos) {
        notifyAll(l -> l.onHit(entityType, operation, nanos));
    }

    @Override
    public void onUpcastHit(String entityType, CacheOperation operation) {
        notifyAll(l -> l.onUpcastHit(entityType, operation));
    }

    @Override
    public void onMiss(String entityType, CacheOperation operation, long nanos, MissReason reason) {
        notifyAll(l -> l.onMiss(entityType, operation, nanos, reason));
    }

    @Override
    public void onLoad(String entityType, long nanos) {
        notifyAll(l -> l.onLoad(entityType, nanos));
    }

    @Override
    public void onPageMembers(String entityType, int cached, int loaded) {
        notifyAll(l -> l.onPageMembers(entityType, cached, loaded));
    }

    @Override
    public void onPut(String entityType) {
        notifyAll(l -> l.onPut(entityType));
    }

    @Override
    public void onInvalidation(String entityType, InvalidationReason reason, int keyCount) {
        notifyAll(l -> l.onInvalidation(entityType, reason, keyCount));
    }

    @Override
    public void onError(String entityType, CacheErrorKind kind) {
        notifyAll(l -> l.onError(entityType, kind));
    }

    @Override
    public void onCircuitStateChange(CircuitState state) {
        notifyAll(l -> l.onCircuitStateChange(state));
    }

    @Override
    public void onKeyHit(String entityType, String key) {
        notifyAll(l -> l.onKeyHit(entityType, key));
    }

    @Override
    public void onKeyMiss(String entityType, String key, MissReason reason) {
        notifyAll(l -> l.onKeyMiss(entityType, key, reason));
    }

    @Override
    public void onKeyFill(String entityType, String key, Duration ttl) {
        notifyAll(l -> l.onKeyFill(entityType, key, ttl));
    }

    @Override
    public void onKeysInvalidated(String entityType, Collection<String> keys, InvalidationReason reason) {
        notifyAll(l -> l.onKeysInvalidated(entityType, keys, reason));
    }

    @Override
    public void onL1Hit(String key) {
        notifyAll(l -> l.onL1Hit(key));
    }

    private void notifyAll(Consumer<CacheListener> event) {
        for (Guarded guarded : listeners) {
            try {
                event.accept(guarded.listener());
            } catch (RuntimeException e) {
                guarded.failed(e);
            }
        }
    }

    private record Guarded(CacheListener listener, AtomicBoolean reported) {
        Guarded(CacheListener listener) {
            this(listener, new AtomicBoolean());
        }

        void failed(RuntimeException e) {
            if (reported.compareAndSet(false, true)) {
                log.warn("Cache listener {} failed ({}); ignoring it for this event and logging further failures"
                        + " at DEBUG only", listener.getClass().getName(), e.toString(), e);
            } else if (log.isDebugEnabled()) {
                log.debug("Cache listener {} failed again: {}", listener.getClass().getName(), e.toString());
            }
        }
    }
}
