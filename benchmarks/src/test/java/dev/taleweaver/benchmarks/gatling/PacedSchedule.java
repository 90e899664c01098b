package dev.taleweaver.benchmarks.gatling;

import io.gatling.javaapi.core.Session;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * A closed workload on a fixed timetable: {@code users} users, each sending one request per {@code slot}, offer
 * {@code users / slot} requests a second. User {@code u}'s slot {@code k} opens at
 * {@code start + u × slot / users + k × slot} ({@code start}: {@link LoadWindow#start()}), so the users' requests
 * interleave evenly and the timetable never drifts (Gatling's {@code pace} restarts its clock from each late
 * wake-up and lost ~3 % of the slots in a 5 s smoke).
 *
 * <p>A user whose answer comes after its next slot opened has missed that slot: it skips to the next slot still
 * ahead (no catch-up burst, no queue). A closed model cannot send more than the server answers, so the achieved rate
 * is counted, not assumed: every slot of the measured window is either sent or missed.
 *
 * <p>A slot belongs to the warm-up, the measured window or neither by the time it <em>opens</em>, whenever its
 * request is actually sent.
 */
public final class PacedSchedule {
    /** Where a slot falls. */
    public enum Phase { WARMUP, MEASURED, OVER }

    private static final String USER = "paced.user";
    private static final String SLOT = "paced.slot";

    private final int users;
    private final long slotNanos;
    private final LoadWindow window;
    private final LongAdder warmup = new LongAdder();
    private final LongAdder warmupFailed = new LongAdder();
    private final LongAdder measured = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder overran = new LongAdder();

    public PacedSchedule(int users, Duration slot, LoadWindow window) {
        if (users < 1 || slot.isNegative() || slot.isZero()) {
            throw new IllegalArgumentException(users + " users with a slot of " + slot);
        }
        this.users = users;
        this.slotNanos = slot.toNanos();
        this.window = window;
    }

    /** The slot that makes {@code users} users offer {@code rate} requests a second. */
    public static Duration slotFor(int users, double rate) {
        if (rate <= 0) {
            throw new IllegalArgumentException("rate must be positive, got " + rate);
        }
        return Duration.ofNanos(Math.round(users * 1e9 / rate));
    }

    public Duration slot() {
        return Duration.ofNanos(slotNanos);
    }

    /** Requests per second offered: every user sends one request per slot. */
    public double offeredPerSecond() {
        return users * 1e9 / slotNanos;
    }

    // --- the timetable, in nanoseconds since the window's start

    long opensAt(int user, long slot) {
        return user * slotNanos / users + slot * slotNanos;
    }

    /** The user's next slot after {@code last} (-1: none yet) that has not opened before {@code now}. */
    long next(int user, long last, long now) {
        long behind = now - opensAt(user, 0);
        long firstAhead = behind <= 0 ? 0 : (behind + slotNanos - 1) / slotNanos;
        return Math.max(last + 1, firstAhead);
    }

    Phase phase(long opensAt) {
        long warm = window.warmup().toNanos();
        return opensAt < warm ? Phase.WARMUP
                : opensAt < warm + window.measured().toNanos() ? Phase.MEASURED : Phase.OVER;
    }

    /** The slots of the measured window, over all users: what a server that keeps up gets sent. */
    long offeredInWindow() {
        long from = window.warmup().toNanos();
        long to = from + window.measured().toNanos();
        long slots = 0;
        for (int user = 0; user < users; user++) {
            slots += opening(user, to) - opening(user, from);
        }
        return slots;
    }

    /** How many of the user's slots open before {@code time}. */
    private long opening(int user, long time) {
        long span = time - opensAt(user, 0);
        return span <= 0 ? 0 : (span + slotNanos - 1) / slotNanos;
    }

    // --- the same, on a Gatling session

    /** Gives a new user its number and its first slot (starting the window's clock with the first user). */
    public Session join(Session session, int user) {
        window.start();
        return session.set(USER, user).set(SLOT, next(user, -1, window.elapsedNanos()));
    }

    /** Moves the user to its next slot still ahead. */
    public Session advance(Session session) {
        return session.set(SLOT, next(session.getInt(USER), session.getLong(SLOT), window.elapsedNanos()));
    }

    /** How long the user waits for its slot to open (zero when it is open already). */
    public Duration untilSlot(Session session) {
        return Duration.ofNanos(Math.max(0, opensAt(session) - window.elapsedNanos()));
    }

    public Phase phase(Session session) {
        return phase(opensAt(session));
    }

    private long opensAt(Session session) {
        return opensAt(session.getInt(USER), session.getLong(SLOT));
    }

    /** Counts the user's last answer (warm-up or measured, by its slot) and clears the session's failed mark. */
    public Session answered(Session session) {
        boolean ok = !session.isFailed();
        long opened = opensAt(session);
        if (phase(opened) == Phase.WARMUP) {
            warmup(ok);
        } else {
            measured(ok, window.elapsedNanos() - opened);
        }
        return session.markAsSucceeded();
    }

    void warmup(boolean ok) {
        warmup.increment();
        if (!ok) {
            warmupFailed.increment();
        }
    }

    /** One measured answer, {@code sinceSlotOpened} after its slot opened. */
    void measured(boolean ok, long sinceSlotOpened) {
        measured.increment();
        if (!ok) {
            failed.increment();
        }
        if (sinceSlotOpened > slotNanos) {
            overran.increment();
        }
    }

    /** The same figures on one line for bin/gatling.sh's sweep table: {@code SWEEP_POINT offered=… achieved=…}. */
    public String sweepPoint() {
        long offered = offeredInWindow();
        long sent = measured.sum();
        return String.format(Locale.ROOT, "SWEEP_POINT offered=%.1f achieved=%.1f missed=%.2f sent=%d failed=%d",
                offeredPerSecond(), sent / (window.measured().toNanos() / 1e9),
                offered == 0 ? 0.0 : 100.0 * Math.max(0, offered - sent) / offered, sent, failed.sum());
    }

    /** The measured window's figures, as a small markdown table, with the warm-up's counts underneath. */
    public String summary() {
        double seconds = window.measured().toNanos() / 1e9;
        long offered = offeredInWindow();
        long sent = measured.sum();
        double achieved = sent / seconds;
        return String.format("""
                        | closed workload: %d users, one connection each, one request per %.2f ms slot | value |
                        |:--|--:|
                        | offered rate (users / slot) | %,.0f req/s |
                        | achieved rate (requests sent in the window / %.0f s) | %,.0f req/s (%.1f %% of offered) |
                        | slots in the window | %,d |
                        | requests sent (Gatling's count, failed included) | %,d |
                        | failed | %,d |
                        | slots missed (the user was still waiting for an answer when its slot opened) | %,d (%.2f %%) |
                        | answers that came after the next slot had opened | %,d |
                        Warm-up before the window (not in any figure): %,d requests, %,d failed.""",
                users, slotNanos / 1e6, offeredPerSecond(), seconds, achieved, 100.0 * achieved / offeredPerSecond(),
                offered, sent, failed.sum(), Math.max(0, offered - sent),
                offered == 0 ? 0.0 : 100.0 * Math.max(0, offered - sent) / offered, overran.sum(), warmup.sum(),
                warmupFailed.sum());
    }
}
