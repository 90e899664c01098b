package dev.taleweaver.adapter.redis;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts invalidations, so a value read from Redis is put into the L1 only if nothing invalidated its key while
 * the read was under way. Keys share a fixed number of stripes (memory stays constant whatever the key count); a
 * collision only refuses an L1 fill now and then. The global epoch covers "everything" (pattern deletes, trust
 * lapses).
 */
final class InvalidationEpochs {
    static final int STRIPES = 1024;

    /** Taken before the Redis call whose result may go into the L1. */
    record Ticket(int stripe, long stripeEpoch, long globalEpoch) {
    }

    private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);
    private final AtomicLong global = new AtomicLong();

    Ticket ticket(String key) {
        int stripe = stripeOf(key);
        // global first: a bumpAll between the two reads then shows up as a changed global epoch
        long globalEpoch = global.get();
        return new Ticket(stripe, stripes.get(stripe), globalEpoch);
    }

    /** Whether no invalidation that could concern the ticket's key happened since it was taken. */
    boolean unchanged(Ticket ticket) {
        return stripes.get(ticket.stripe()) == ticket.stripeEpoch() && global.get() == ticket.globalEpoch();
    }

    void bump(String key) {
        stripes.incrementAndGet(stripeOf(key));
    }

    void bumpAll() {
        global.incrementAndGet();
    }

    private static int stripeOf(String key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }
}
