package dev.taleweaver.application.port.out;

import java.time.Duration;
import java.util.List;

/**
 * Where instances record "my invalidations did not reach the cache" so that every other instance stops trusting
 * the cache meanwhile (ADR 12): a store every instance reaches even while Redis fails over, i.e. the database.
 * Times are the store's own clock, so the instances' clocks need not agree.
 */
public interface CacheFenceStore {

    /** Records (or refreshes) {@code instance}'s fence, its heartbeat now. */
    void raise(String instance);

    /** Removes {@code instance}'s fence, if any. */
    void lower(String instance);

    /** Every fence now (at most {@code limit}), each marked expired when its heartbeat is older than {@code expiry}. */
    List<Fence> fences(Duration expiry, int limit);

    /** Removes {@code instance}'s fence if it is still expired; whether this call removed it. */
    boolean removeExpired(String instance, Duration expiry);

    /** One instance's fence. */
    record Fence(String instance, boolean expired) {
    }
}
