package dev.taleweaver.application.cache.analytics;

import dev.taleweaver.application.port.in.CacheAnalyticsReport.CurvePoint;
import dev.taleweaver.application.port.in.CacheAnalyticsReport.TtlAdvice;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The TTL advice of ADR 15, from what one entity type's entries did: the curve of the hit rate and the memory had
 * every entry been kept T, at candidate T's, and the T with the least memory among those within
 * {@link #TOLERANCE} of the best hit rate (today's TTL when it is one of them and no other saves {@link #MIN_SAVING}
 * of the memory).
 *
 * <p><b>Hit rate at T.</b> A hit at age a stays a hit for T ≥ a, so for T below today's TTL the hit rate is the hits
 * whose age was at most T, over all reads; at today's TTL it is every hit (the jitter of up to +10 % let some
 * happen a little past the nominal TTL). A miss that came after the key expired (a read at age a &gt; today's TTL
 * of an entry nothing invalidated) would have been a hit for T ≥ a: above today's TTL those are added. Other misses
 * (first reads, reads after an invalidation) are misses whatever T.
 *
 * <p><b>Memory at T.</b> By Little's law the entries held are the fill rate times how long each stays. Fills are the
 * misses at T; an entry stays min(T, L), L its lifetime until an invalidation (from the lifetime distribution) or, for
 * an entry that expired, at least today's TTL (counted as T: an upper bound above today's TTL). The figure is relative
 * to the same estimate at today's TTL, so it compares TTLs; it is not a byte count.
 *
 * <p>Limits (docs/operations.md, "Cache analytics"): one instance's view; the past's traffic; above today's TTL only
 * {@link #HORIZON_FACTOR} times it is observed; fewer than {@link #MIN_READS} reads give no advice.
 */
public final class TtlAdvisor {

    /** The advised TTL keeps the hit rate within this of the best on the curve (1 point). */
    public static final double TOLERANCE = 0.01;

    /** Today's TTL stays, when within the tolerance, unless another saves at least this share of the memory. */
    public static final double MIN_SAVING = 0.10;

    /** Below this many reads of a type, the advice is to keep today's TTL for lack of data. */
    public static final long MIN_READS = 1_000;

    /** Below this many sampled hit ages (hits of entries filled on this instance), no advice either. */
    public static final long MIN_HIT_AGES = 100;

    /** Expired keys are remembered this many times their TTL, so candidates above it cannot be judged. */
    public static final int HORIZON_FACTOR = 3;

    /** Candidate TTLs besides today's, in seconds: a ladder an operator would pick from. */
    static final long[] LADDER = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600,
            43_200, 86_400};

    /** Quantile steps that average min(T, lifetime) over the lifetime distribution. */
    private static final int STEPS = 100;

    private TtlAdvisor() {
    }

    /**
     * What one entity type did, all since start.
     *
     * @param reads           every read (hits and misses)
     * @param hits            every hit
     * @param hitAges         seconds of age at sampled hits whose fill was seen (their share stands for all hits)
     * @param expiredMissAges seconds since fill at each miss that followed an expiry
     * @param lifetimes       seconds from fill to the invalidation that ended the entry
     * @param expired         entries that reached their TTL
     */
    public record Observations(Duration currentTtl, long reads, long hits, KllDoublesSketch hitAges,
                               KllDoublesSketch expiredMissAges, KllDoublesSketch lifetimes, long expired) {
    }

    public static TtlAdvice advise(Observations o) {
        long current = Math.max(1, o.currentTtl().toSeconds());
        double observed = o.reads() == 0 ? 0 : (double) o.hits() / o.reads();
        if (o.reads() < MIN_READS) {
            return new TtlAdvice("NOT_ENOUGH_DATA", current, current, observed, observed, observed, 1.0,
                    String.format(Locale.ROOT, "%d reads so far; advice needs %d. Keep %d s.", o.reads(), MIN_READS,
                            current), List.of());
        }
        if (o.hits() > 0 && o.hitAges().getN() < MIN_HIT_AGES) {
            return new TtlAdvice("NOT_ENOUGH_DATA", current, current, observed, observed, observed, 1.0,
                    String.format(Locale.ROOT, "%d hits of entries whose fill this instance saw; advice needs %d."
                            + " Keep %d s.", o.hitAges().getN(), MIN_HIT_AGES, current), List.of());
        }
        TreeSet<Long> candidates = new TreeSet<>();
        candidates.add(current);
        for (long t : LADDER) {
            if (t <= current * HORIZON_FACTOR) {
                candidates.add(t);
            }
        }
        double memoryToday = memory(o, current, hitRate(o, current));
        List<CurvePoint> curve = new ArrayList<>();
        double best = 0;
        for (long t : candidates) {
            double rate = hitRate(o, t);
            double memory = memoryToday <= 0 ? 1.0 : memory(o, t, rate) / memoryToday;
            curve.add(new CurvePoint(t, round(rate), round(memory)));
            best = Math.max(best, rate);
        }
        CurvePoint chosen = null;
        for (CurvePoint point : curve) {
            if (point.hitRate() < round(best) - TOLERANCE - 1e-9) {
                continue;
            }
            if (chosen == null || point.relativeMemory() < chosen.relativeMemory()
                    || (point.relativeMemory() == chosen.relativeMemory() && point.ttlSeconds() == current)) {
                chosen = point;
            }
        }
        // today's TTL stays when it is within the tolerance and no other saves MIN_SAVING of the memory: an estimate
        // a few percent apart is no reason to change a setting
        CurvePoint today = curve.stream().filter(p -> p.ttlSeconds() == current).findFirst().orElseThrow();
        if (today.hitRate() >= round(best) - TOLERANCE - 1e-9
                && chosen.relativeMemory() > today.relativeMemory() - MIN_SAVING) {
            chosen = today;
        }
        String verdict = chosen.ttlSeconds() == current ? "KEEP"
                : chosen.ttlSeconds() < current ? "SHORTEN" : "LENGTHEN";
        return new TtlAdvice(verdict, current, chosen.ttlSeconds(), round(observed), round(best), chosen.hitRate(),
                chosen.relativeMemory(), reasoning(o, current, best, today, chosen), curve);
    }

    private static String reasoning(Observations o, long current, double best, CurvePoint today, CurvePoint chosen) {
        StringBuilder why = new StringBuilder(String.format(Locale.ROOT,
                "%d reads, %d hits (%d hit ages sampled), %d misses after an expiry, %d invalidation lifetimes, %d"
                        + " expiries. Best hit rate on the curve %.1f %%; today's %d s gives %.1f %%. ",
                o.reads(), o.hits(), o.hitAges().getN(), o.expiredMissAges().getN(), o.lifetimes().getN(), o.expired(),
                best * 100, current, today.hitRate() * 100));
        if (chosen == today) {
            why.append("No TTL within 1 point of the best saves 10 % of the memory: keep ").append(current)
                    .append(" s.");
        } else {
            why.append(String.format(Locale.ROOT, "%d s keeps %.1f %% (within 1 point of the best) at %.0f %% of"
                            + " today's memory.", chosen.ttlSeconds(), chosen.hitRate() * 100,
                    chosen.relativeMemory() * 100));
        }
        return why.toString();
    }

    /** The hit rate had every entry been kept {@code ttl} seconds (see the class comment). */
    static double hitRate(Observations o, long ttl) {
        if (o.reads() == 0) {
            return 0;
        }
        long current = Math.max(1, o.currentTtl().toSeconds());
        double hits;
        if (ttl < current) {
            hits = o.hits() * fractionAtMost(o.hitAges(), ttl);
        } else {
            // today's TTL made every hit (jitter let some happen a little past it), and a longer one keeps them
            hits = o.hits();
            if (ttl > current) {
                hits += o.expiredMissAges().getN() * fractionAtMost(o.expiredMissAges(), ttl);
            }
        }
        return Math.min(1.0, hits / o.reads());
    }

    /** Fills (misses) at {@code ttl} times how long each entry stays: see the class comment. */
    private static double memory(Observations o, long ttl, double hitRate) {
        double fills = o.reads() * (1 - hitRate);
        long invalidated = o.lifetimes().getN();
        long lives = invalidated + o.expired();
        double stay;
        if (lives == 0) {
            stay = ttl;
        } else {
            stay = (invalidated * meanMin(o.lifetimes(), ttl) + o.expired() * (double) ttl) / lives;
        }
        return Math.max(fills, 1) * stay;
    }

    private static double meanMin(KllDoublesSketch lifetimes, long ttl) {
        if (lifetimes.isEmpty()) {
            return ttl;
        }
        double sum = 0;
        for (int i = 0; i < STEPS; i++) {
            double q = lifetimes.getQuantile((i + 0.5) / STEPS);
            sum += Math.min(ttl, q);
        }
        return sum / STEPS;
    }

    private static double fractionAtMost(KllDoublesSketch ages, long ttl) {
        if (ages.isEmpty()) {
            return 1.0; // no age known: assume every hit would stay one
        }
        return ages.getRank(ttl, QuantileSearchCriteria.INCLUSIVE);
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
