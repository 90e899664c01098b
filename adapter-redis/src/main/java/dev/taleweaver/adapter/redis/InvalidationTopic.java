package dev.taleweaver.adapter.redis;

import java.util.concurrent.CompletionStage;

/**
 * The pub/sub channel {@link TwoLevelCacheStore} instances share: invalidations and heartbeats travel on it, and
 * each subscriber must receive them in the order the channel accepted them (Redis guarantees that per subscriber
 * connection; Redisson keeps it with {@code keepPubSubOrder}).
 */
public interface InvalidationTopic extends AutoCloseable {

    /** What a subscriber hears. Calls are made one at a time, in the channel's order. */
    interface Listener {
        void onMessage(String message);

        /** The subscription was (re)established: anything published while it was down is lost. */
        void onSubscribed();

        /** The subscription ended. */
        void onUnsubscribed();
    }

    /** The channel's name, for logs. */
    String name();

    /**
     * Subscribes the listener unless that is done already. May block for a connection timeout; a failed attempt is
     * logged and tried again by a later call (never more often than the implementation allows).
     */
    void ensureSubscribed(Listener listener);

    /** Publishes and waits; fails with a {@code CacheStoreException}. */
    void publish(String message);

    /** Publishes without waiting; the stage completes once the channel accepted (or refused) the message. */
    CompletionStage<?> publishAsync(String message);

    /** Removes the listener (best effort: a channel that is down forgets it anyway). */
    @Override
    void close();
}
