package dev.taleweaver.adapter.redis;

import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.StatusListener;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;

/**
 * {@link InvalidationTopic} on a Redis pub/sub channel through Redisson's {@link RTopic}. Publishing uses the
 * ordinary connection pool, listening Redisson's subscription connection, which Redisson re-subscribes by itself
 * after a reconnect (reported as {@link Listener#onSubscribed()}).
 */
final class RedisInvalidationTopic implements InvalidationTopic {
    private static final Logger log = LoggerFactory.getLogger(RedisInvalidationTopic.class);
    /** Between two failed subscription attempts: each may already have waited a connection timeout. */
    static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final RTopic topic;
    private final String channel;
    private final Object lock = new Object();
    private Integer messageListenerId;
    private Integer statusListenerId;
    private long retryAfterNanos = System.nanoTime();
    private boolean failureLogged;
    private boolean closed;

    RedisInvalidationTopic(RedissonClient client, String channel) {
        this.topic = client.getTopic(channel, StringCodec.INSTANCE);
        this.channel = channel;
    }

    @Override
    public String name() {
        return channel;
    }

    @Override
    public void ensureSubscribed(Listener listener) {
        synchronized (lock) {
            if (closed || statusListenerId != null || System.nanoTime() - retryAfterNanos < 0) {
                return;
            }
            try {
                if (messageListenerId == null) {
                    messageListenerId = topic.addListener(String.class, (name, message) -> listener.onMessage(message));
                }
                statusListenerId = topic.addListener(new StatusListener() {
                    @Override
                    public void onSubscribe(String name) {
                        listener.onSubscribed();
                    }

                    @Override
                    public void onUnsubscribe(String name) {
                        listener.onUnsubscribed();
                    }
                });
                log.info("L1 invalidation channel \"{}\" subscribed", channel);
                failureLogged = false;
            } catch (RuntimeException e) {
                retryAfterNanos = System.nanoTime() + RETRY_PAUSE.toNanos();
                if (!failureLogged) {
                    failureLogged = true;
                    log.warn("Cannot subscribe to the L1 invalidation channel \"{}\" ({}); the L1 stays bypassed, "
                            + "retrying every {} s", channel, RedisFailures.translate("SUBSCRIBE", e).getMessage(),
                            RETRY_PAUSE.toSeconds());
                }
            }
        }
    }

    @Override
    public void publish(String message) {
        try {
            topic.publish(message);
        } catch (RuntimeException e) {
            throw RedisFailures.translate("PUBLISH to " + channel, e);
        }
    }

    @Override
    public CompletionStage<?> publishAsync(String message) {
        return topic.publishAsync(message);
    }

    @Override
    public void close() {
        Integer[] ids;
        synchronized (lock) {
            closed = true;
            ids = Stream.of(messageListenerId, statusListenerId)
                    .filter(Objects::nonNull).toArray(Integer[]::new);
            messageListenerId = null;
            statusListenerId = null;
        }
        if (ids.length > 0) {
            // never wait: the client may be shutting down, or Redis be gone, which forgets the subscription anyway
            topic.removeListenerAsync(ids).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    log.debug("Could not unsubscribe from {}: {}", channel, failure.toString());
                }
            });
        }
    }
}
