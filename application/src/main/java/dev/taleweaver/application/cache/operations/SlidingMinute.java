package dev.taleweaver.application.cache.operations;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hits and misses of the last 60 seconds, in 60 one-second buckets. A bucket is replaced (not cleared) when its
 * slot comes round again, by whichever caller first needs it; so there is no background thread, no lock, and a
 * late increment can only land in a bucket that is being discarded. Accurate to the second, which is all a
 * "last minute" figure needs.
 */
final class SlidingMinute {
    static final int SECONDS = 60;

    private final AtomicReferenceArray<Second> ring = new AtomicReferenceArray<>(SECONDS);

    SlidingMinute() {
        for (int slot = 0; slot < SECONDS; slot++) {
            ring.set(slot, new Second(Long.MIN_VALUE));
        }
    }

    void hit(long epochSecond) {
        bucket(epochSecond).hits.increment();
    }

    void miss(long epochSecond) {
        bucket(epochSecond).misses.increment();
    }

    /** Hits and misses counted in the 60 seconds ending with {@code nowEpochSecond} (inclusive). */
    Counts counts(long nowEpochSecond) {
        long hits = 0;
        long misses = 0;
        long oldest = nowEpochSecond - SECONDS;
        for (int slot = 0; slot < SECONDS; slot++) {
            Second second = ring.get(slot);
            if (second.epochSecond > oldest && second.epochSecond <= nowEpochSecond) {
                hits += second.hits.sum();
                misses += second.misses.sum();
            }
        }
        return new Counts(hits, misses);
    }

    private Second bucket(long epochSecond) {
        int slot = (int) Math.floorMod(epochSecond, (long) SECONDS);
        while (true) {
            Second current = ring.get(slot);
            // a caller that read the clock just before the slot turned over counts in the newer second
            if (current.epochSecond >= epochSecond) {
                return current;
            }
            Second fresh = new Second(epochSecond);
            if (ring.compareAndSet(slot, current, fresh)) {
                return fresh;
            }
        }
    }

    record Counts(long hits, long misses) {
    }

    private static final class Second {
        final long epochSecond;
        final LongAdder hits = new LongAdder();
        final LongAdder misses = new LongAdder();

        Second(long epochSecond) {
            this.epochSecond = epochSecond;
        }
    }
}
