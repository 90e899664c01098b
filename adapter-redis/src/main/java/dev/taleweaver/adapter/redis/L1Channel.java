package dev.taleweaver.adapter.redis;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.taleweaver.adapter.redis.L1Message.Heartbeat;
import dev.taleweaver.adapter.redis.L1Message.KeysChanged;
import dev.taleweaver.adapter.redis.L1Message.PatternChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The L1's side of the invalidation channel ({@code <prefix>l1:invalidate}), the second job of
 * {@link TwoLevelCacheStore}: it publishes what this instance changed, hears what every instance changed and tells
 * the L1 to forget it, and runs the heartbeat that feeds {@link HeartbeatTrust} (see docs/caching.md, "L1").
 *
 * <p>It owns the heartbeat thread ({@link #start()} to {@link #close()}): each beat subscribes if needed, lets the
 * trust notice a lapse, and publishes this instance's next heartbeat unless the previous one is still on its way.
 */
final class L1Channel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(L1Channel.class);

    /** Keys per invalidation message, so one huge invalidation never becomes one huge message. */
    static final int KEYS_PER_MESSAGE = 500;

    /** What the L1 forgets on what it hears. */
    interface Forgetting {
        void keys(List<String> keys);

        void matching(String pattern);

        void everything();
    }

    private final InvalidationTopic topic;
    private final L1Settings settings;
    private final Ticker ticker;
    private final HeartbeatTrust trust;
    private final Forgetting l1;
    private final String instanceId = UUID.randomUUID().toString();
    private final String ownHeartbeatStart = Heartbeat.startOf(instanceId);
    private final AtomicLong heartbeatSequence = new AtomicLong();
    /** One heartbeat at a time: beats pipelined over several connections could overtake each other. */
    private final AtomicBoolean heartbeatInFlight = new AtomicBoolean();
    private final InvalidationTopic.Listener listener = new InvalidationTopic.Listener() {
        @Override
        public void onMessage(String message) {
            hear(message);
        }

        @Override
        public void onSubscribed() {
            trust.onSubscribed();
        }

        @Override
        public void onUnsubscribed() {
            trust.onUnsubscribed();
        }
    };
    private ScheduledExecutorService heartbeat; // guarded by this

    L1Channel(InvalidationTopic topic, L1Settings settings, Ticker ticker, HeartbeatTrust trust, Forgetting l1) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.l1 = Objects.requireNonNull(l1, "l1");
    }

    String name() {
        return topic.name();
    }

    /** Starts heartbeating (and subscribing) on this channel's own daemon thread; starting twice is starting once. */
    synchronized void start() {
        if (heartbeat == null) {
            heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "l1-heartbeat-" + instanceId.substring(0, 8));
                thread.setDaemon(true);
                return thread;
            });
            long interval = settings.heartbeatInterval().toNanos();
            heartbeat.scheduleAtFixedRate(this::tick, 0, interval, TimeUnit.NANOSECONDS);
        }
    }

    /** Tells every instance, this one included, that these keys changed; in messages of at most 500 keys. */
    void publishKeys(List<String> keys) {
        for (int from = 0; from < keys.size(); from += KEYS_PER_MESSAGE) {
            List<String> part = keys.subList(from, Math.min(from + KEYS_PER_MESSAGE, keys.size()));
            topic.publish(L1Message.encode(new KeysChanged(part)));
        }
    }

    /** Tells every instance that the keys matching a glob pattern changed. */
    void publishPattern(String pattern) {
        topic.publish(L1Message.encode(new PatternChanged(pattern)));
    }

    /** Stops the heartbeat, then closes the trust and the subscription. */
    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = heartbeat;
        }
        if (running != null) {
            running.shutdownNow();
        }
        trust.close();
        topic.close();
    }

    /** One beat of the heartbeat thread; never throws, or the scheduler would stop beating. */
    private void tick() {
        try {
            subscribe();
            trust.checkTrusted();
            beat();
        } catch (RuntimeException e) {
            log.debug("L1 heartbeat tick failed: {}", e.toString());
        }
    }

    /** Subscribes to the channel unless done already (the heartbeat thread retries a failed attempt). */
    void subscribe() {
        topic.ensureSubscribed(listener);
    }

    /** Publishes the next heartbeat unless the previous one is still on its way. */
    void beat() {
        if (!heartbeatInFlight.compareAndSet(false, true)) {
            return;
        }
        long sequence = heartbeatSequence.incrementAndGet();
        // taken before PUBLISH is sent: whatever Redis ran before this beat was published before this time
        long sent = ticker.read();
        try {
            topic.publishAsync(L1Message.encode(new Heartbeat(instanceId, sequence, sent)))
                    .whenComplete((receivers, failure) -> heartbeatInFlight.set(false));
        } catch (RuntimeException e) {
            heartbeatInFlight.set(false); // the lost sequence number reads as a gap: the L1 is cleared, as it must
            throw e;
        }
    }

    private void hear(String message) {
        if (message.length() > L1Message.MAX_LENGTH) {
            // not one of ours (they stay far below): not decoded at all; forgetting everything is always safe
            log.warn("Oversized L1 invalidation message ({} characters, the bound is {}); clearing the L1",
                    message.length(), L1Message.MAX_LENGTH);
            l1.everything();
            return;
        }
        if (message.startsWith(ownHeartbeatStart)) {
            Heartbeat beat = (Heartbeat) L1Message.decode(message);
            trust.onOwnHeartbeat(beat.sequence(), beat.sentNanos());
            return;
        }
        if (message.isEmpty() || message.charAt(0) == L1Message.HEARTBEAT) {
            return; // another instance's heartbeat
        }
        L1Message decoded;
        try {
            decoded = L1Message.decode(message);
        } catch (IllegalArgumentException e) {
            // perhaps an invalidation in a newer instance's format: forgetting everything is always safe
            log.warn("Unreadable L1 invalidation message ({}); clearing the L1", e.getMessage());
            l1.everything();
            return;
        }
        if (decoded instanceof KeysChanged keys) {
            l1.keys(keys.keys());
        } else if (decoded instanceof PatternChanged pattern) {
            l1.matching(pattern.pattern());
        }
    }
}
