package dev.taleweaver.benchmarks.gatling;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a paced closed workload really delivered: {@code users} users, each sending one request per {@code slot}
 * (Gatling's {@code pace}) over its own connection, offer {@code users / slot} requests a second; a closed model
 * cannot send more than the server answers, so the achieved rate is counted, not assumed. A request whose answer
 * came after its slot had ended <em>overran</em> its slot: its user's next request started late (Gatling's pace
 * does not catch up), so that slot is lost to the offered rate.
 */
public final class PaceMeter {
    private final int users;
    private final Duration slot;
    private final LongAdder warmup = new LongAdder();
    private final LongAdder warmupFailed = new LongAdder();
    private final LongAdder measured = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder overran = new LongAdder();

    public PaceMeter(int users, Duration slot) {
        if (users < 1 || slot.isNegative() || slot.isZero()) {
            throw new IllegalArgumentException(users + " users with a slot of " + slot);
        }
        this.users = users;
        this.slot = slot;
    }

    /**
     * The slot that makes {@code users} users offer {@code rate} requests a second, in whole milliseconds (what
     * Gatling's pace schedules with); at least 1 ms.
     */
    public static Duration slotFor(int users, double rate) {
        if (rate <= 0) {
            throw new IllegalArgumentException("rate must be positive, got " + rate);
        }
        return Duration.ofMillis(Math.max(1, Math.round(users * 1000.0 / rate)));
    }

    /** Requests per second offered: every user sends one request per slot. */
    public double offeredPerSecond() {
        return users * 1e9 / slot.toNanos();
    }

    public Duration slot() {
        return slot;
    }

    /** One warm-up response (not part of the figures). */
    public void warmup(boolean ok) {
        warmup.increment();
        if (!ok) {
            warmupFailed.increment();
        }
    }

    /** One measured response, for a request whose slot started at {@code slotStartNanos} ({@link System#nanoTime}). */
    public void measured(long slotStartNanos, boolean ok) {
        measured.increment();
        if (!ok) {
            failed.increment();
        }
        if (System.nanoTime() - slotStartNanos > slot.toNanos()) {
            overran.increment();
        }
    }

    /** The measured window's figures, as a small markdown table, with the warm-up's counts underneath. */
    public String summary(Duration window) {
        double seconds = window.toNanos() / 1e9;
        long offeredSlots = Math.round(offeredPerSecond() * seconds);
        long answered = measured.sum();
        double achieved = answered / seconds;
        return String.format("""
                        | closed workload: %d users, one connection each, one request per %d ms slot | value |
                        |:--|--:|
                        | offered rate (users / slot) | %,.0f req/s |
                        | achieved rate (requests of the measured window / %d s) | %,.0f req/s (%.1f %% of offered) |
                        | slots offered in the window | %,d |
                        | requests sent (Gatling's count, failed included) | %,d |
                        | failed | %,d |
                        | requests that overran their slot (the user's next request started late) | %,d (%.2f %%) |
                        | slots missed (offered - sent) | %,d |
                        Warm-up before the window (not in any figure): %,d requests, %,d failed.""",
                users, slot.toMillis(), offeredPerSecond(), window.toSeconds(), achieved,
                100.0 * achieved / offeredPerSecond(), offeredSlots, answered, failed.sum(), overran.sum(),
                answered == 0 ? 0.0 : 100.0 * overran.sum() / answered, Math.max(0, offeredSlots - answered),
                warmup.sum(), warmupFailed.sum());
    }
}
