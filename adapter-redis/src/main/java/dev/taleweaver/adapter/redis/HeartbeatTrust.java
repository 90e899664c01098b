package dev.taleweaver.adapter.redis;

import com.github.benmanes.caffeine.cache.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides whether the L1 may answer. Redis delivers a channel's messages to a subscriber in the order it ran the
 * PUBLISHes, so receiving our own heartbeat sent at time h proves that every invalidation published before h has
 * been received too. The L1 is trusted while the newest such heartbeat was sent less than the trust window ago.
 *
 * <p>Whenever that chain breaks (no fresh heartbeat, a heartbeat lost, the subscription renewed or ended) the L1
 * is cleared through {@code forgetEverything} before it is trusted again: invalidations may have been lost in the
 * break. Logs each lapse once at WARN and the recovery at INFO.
 */
final class HeartbeatTrust {
    private static final Logger log = LoggerFactory.getLogger(HeartbeatTrust.class);

    enum State { STARTING, TRUSTED, LAPSED, CLOSED }

    enum Lapse {
        NO_FRESH_HEARTBEAT("no fresh heartbeat came back over the invalidation channel (Redis down or slow, the "
                + "subscription lost, or this JVM paused)"),
        HEARTBEATS_LOST("heartbeats were lost on the invalidation channel, so invalidations may have been too"),
        RESUBSCRIBED("the invalidation subscription was re-established; messages published meanwhile are lost"),
        UNSUBSCRIBED("the invalidation subscription ended"),
        CLOSED("the store was closed");

        private final String reason;

        Lapse(String reason) {
            this.reason = reason;
        }
    }

    private final Ticker ticker;
    private final long windowNanos;
    private final Runnable forgetEverything;
    private final String channel;
    private final Object lock = new Object();
    private final AtomicLong lapses = new AtomicLong();

    /** Ticker time until which the L1 may answer; in the past whenever it may not. */
    private volatile long trustedUntil;
    private volatile State state = State.STARTING;
    private long lastSequence;
    private long lapsedAt;

    HeartbeatTrust(Ticker ticker, Duration window, Runnable forgetEverything, String channel) {
        this.ticker = ticker;
        this.windowNanos = window.toNanos();
        this.forgetEverything = forgetEverything;
        this.channel = channel;
        this.trustedUntil = ticker.read();
    }

    /** Whether the L1 may answer now; no side effects, cheap enough for every read. */
    boolean trusted() {
        return ticker.read() - trustedUntil < 0;
    }

    /** {@link #trusted()}, and if trust just ran out, the lapse is handled (L1 cleared, logged) before returning. */
    boolean checkTrusted() {
        if (trusted()) {
            return true;
        }
        if (state == State.TRUSTED) {
            synchronized (lock) {
                if (!trusted() && state == State.TRUSTED) { // not renewed by a heartbeat meanwhile
                    lapse(Lapse.NO_FRESH_HEARTBEAT);
                }
            }
        }
        return false;
    }

    State state() {
        return state;
    }

    long lapses() {
        return lapses.get();
    }

    /**
     * One of our own heartbeats came back. Trust continues only if it is the very next one and trust had not run out
     * before it arrived; otherwise the L1 is cleared first. Either way the heartbeat then grants trust until its
     * send time plus the window: everything published before it has been received, and what was lost before it
     * can no longer be in the cleared L1.
     */
    void onOwnHeartbeat(long sequence, long sentNanos) {
        synchronized (lock) {
            if (state == State.CLOSED || sequence <= lastSequence) {
                return; // a duplicate (a retried PUBLISH) or one overtaken by a newer beat proves nothing new
            }
            long now = ticker.read();
            log.trace("heartbeat {} back after {} µs", sequence, (now - sentNanos) / 1_000);
            Lapse broken = sequence != lastSequence + 1 ? Lapse.HEARTBEATS_LOST
                    : now - trustedUntil >= 0 ? Lapse.NO_FRESH_HEARTBEAT : null;
            lastSequence = sequence;
            if (broken != null) {
                lapse(broken);
            }
            long until = sentNanos + windowNanos;
            if (now - until < 0) {
                trustedUntil = until;
                if (state != State.TRUSTED) {
                    recover(now);
                }
            }
        }
    }

    void onSubscribed() {
        lapse(Lapse.RESUBSCRIBED);
    }

    void onUnsubscribed() {
        lapse(Lapse.UNSUBSCRIBED);
    }

    void close() {
        lapse(Lapse.CLOSED);
        synchronized (lock) {
            state = State.CLOSED;
        }
    }

    /** Ends trust and clears the L1, whatever the state (clearing an empty L1 costs nothing). */
    private void lapse(Lapse why) {
        synchronized (lock) {
            long now = ticker.read();
            log.debug("L1 trust ends ({}) in state {}", why, state);
            trustedUntil = now;
            forgetEverything.run();
            if (state == State.TRUSTED) {
                state = State.LAPSED;
                lapsedAt = now;
                if (why != Lapse.CLOSED) {
                    lapses.incrementAndGet();
                    log.warn("L1 cache bypassed and cleared: {} (channel \"{}\"); reads go to Redis until our "
                            + "heartbeats come back in order", why.reason, channel);
                }
            }
        }
    }

    private void recover(long now) {
        if (state == State.STARTING) {
            log.info("L1 cache in use: heartbeats arrive in order on \"{}\"", channel);
        } else {
            log.info("L1 cache trusted again after {} ms", Duration.ofNanos(now - lapsedAt).toMillis());
        }
        state = State.TRUSTED;
    }
}
