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
 * <p>When no fresh heartbeat is back in time the L1 is bypassed until one is: invalidations may be late, and the
 * late ones are applied as they arrive, in order, before that heartbeat. When the chain breaks (a heartbeat lost,
 * the subscription renewed or ended) the L1 is also cleared through {@code forgetEverything} before it is trusted
 * again: invalidations may have been lost in the break. A lapse that lasted the lossy-lapse time or longer also
 * clears the L1 before trust returns: Redis stalled long enough for another instance's invalidation to time out, and
 * that one was never PUBLISHed (its circuit breaker replays it later), so no heartbeat of ours can vouch for it.
 * Logs a clearing lapse at WARN, a late heartbeat at DEBUG
 * (they are routine under load and counted in {@link #lapses()}), the recovery from a clearing lapse at INFO.
 */
final class HeartbeatTrust {
    private static final Logger log = LoggerFactory.getLogger(HeartbeatTrust.class);

    enum State { STARTING, TRUSTED, LAPSED, CLOSED }

    enum Lapse {
        /**
         * Late, not lost: a channel delivers in order or breaks, and a break shows as a gap or a re-subscription.
         * So the L1 is bypassed, not cleared: invalidations still on their way are applied as they arrive, before
         * the heartbeat that restores trust. Under load this happens often and costs only the bypass.
         */
        NO_FRESH_HEARTBEAT(false, "no fresh heartbeat came back over the invalidation channel (Redis down or slow, "
                + "the subscription lost, or this JVM paused)"),
        HEARTBEATS_LOST(true, "heartbeats were lost on the invalidation channel, so invalidations may have been too"),
        RESUBSCRIBED(true, "the invalidation subscription was re-established; messages published meanwhile are lost"),
        UNSUBSCRIBED(true, "the invalidation subscription ended"),
        CLOSED(true, "the store was closed");

        private final boolean clears;
        private final String reason;

        Lapse(boolean clears, String reason) {
            this.clears = clears;
            this.reason = reason;
        }
    }

    private final Ticker ticker;
    private final long windowNanos;
    private final long lossyLapseNanos;
    private final Runnable forgetEverything;
    private final String channel;
    private final Object lock = new Object();
    private final AtomicLong lapses = new AtomicLong();

    /** Ticker time until which the L1 may answer; in the past whenever it may not. */
    private volatile long trustedUntil;
    private volatile State state = State.STARTING;
    /** Ticker time trust ended (or the store was built), read while not trusted: how long the lapse has lasted. */
    private volatile long untrustedSince;
    private long lastSequence;
    private long lapsedAt;
    private boolean lapsedClearing;

    HeartbeatTrust(Ticker ticker, Duration window, Duration lossyLapse, Runnable forgetEverything, String channel) {
        this.ticker = ticker;
        this.windowNanos = window.toNanos();
        this.lossyLapseNanos = lossyLapse.toNanos();
        this.forgetEverything = forgetEverything;
        this.channel = channel;
        this.trustedUntil = ticker.read();
        this.untrustedSince = trustedUntil;
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
                if (state != State.TRUSTED && now - untrustedSince >= lossyLapseNanos) {
                    // before trust returns: an invalidation that failed elsewhere meanwhile was never published
                    forgetEverything.run();
                    lapsedClearing = true;
                    log.info("L1 cache cleared after a lapse of {} ms (channel \"{}\"): long enough for another "
                                    + "instance's invalidation to have timed out unpublished",
                            Duration.ofNanos(now - untrustedSince).toMillis(), channel);
                }
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

    /** Ends trust, and clears the L1 when the lapse may have lost invalidations (clearing an empty one is free). */
    private void lapse(Lapse why) {
        synchronized (lock) {
            long now = ticker.read();
            log.debug("L1 trust ends ({}) in state {}", why, state);
            if (state == State.TRUSTED) {
                // when trust really ended: a lapse noticed late (a starved thread) is no shorter for it
                untrustedSince = trustedUntil - now < 0 ? trustedUntil : now;
            }
            trustedUntil = now;
            if (why.clears) {
                forgetEverything.run();
            }
            if (state == State.TRUSTED) {
                state = State.LAPSED;
                lapsedAt = now;
                lapsedClearing = why.clears;
                if (why != Lapse.CLOSED) {
                    lapses.incrementAndGet();
                    if (why.clears) {
                        log.warn("L1 cache bypassed and cleared: {} (channel \"{}\"); reads go to Redis until our "
                                + "heartbeats come back in order", why.reason, channel);
                    } else {
                        log.debug("L1 cache bypassed: {} (channel \"{}\")", why.reason, channel);
                    }
                }
            } else if (state == State.LAPSED && why.clears) {
                lapsedClearing = true;
            }
        }
    }

    private void recover(long now) {
        if (state == State.STARTING) {
            log.info("L1 cache in use: heartbeats arrive in order on \"{}\"", channel);
        } else if (lapsedClearing) {
            log.info("L1 cache trusted again after {} ms", Duration.ofNanos(now - lapsedAt).toMillis());
        } else {
            log.debug("L1 cache trusted again after {} ms", Duration.ofNanos(now - lapsedAt).toMillis());
        }
        state = State.TRUSTED;
    }
}
