package dev.taleweaver.application.cache.aside;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.taleweaver.application.port.out.EntityRepository;
import dev.taleweaver.domain.paging.Position;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The per-entity cache keys of a cached id list's members, each built once per decoded list instead of once per
 * member per page. A cached page of 50 built 50 keys (a UUID's text and a concatenation each), hashed them and then
 * compared each, character by character, with the key the L1 holds: with the look-ups themselves, a third of a cached
 * page's CPU (docs/benchmarks.md, issue 11). A kept key has its hash already, and an entry the L1 filled under it
 * compares by identity.
 *
 * <p>Kept by the identity of the decoded list (weak keys): the cache hands the same decoded instance out again while
 * the list's entry stands, and a changed list is always a new instance, so its keys are built anew; a list no longer
 * held by the cache is forgotten with it. Bounded by {@link #MAX_KEYS} keys in all (~90 bytes each: ~5 MB).
 */
final class MemberKeys {
    /** Room for the keys of three id lists of the largest size that is cached. */
    static final long MAX_KEYS = 3L * EntityRepository.MAX_CACHED_MEMBERS;

    private final Cache<List<Position>, String[]> byList = Caffeine.newBuilder()
            .weakKeys()
            .maximumWeight(MAX_KEYS)
            .weigher((List<Position> list, String[] keys) -> Math.max(1, keys.length))
            .build();
    private final Function<UUID, String> keyOf;

    /** @param keyOf the per-entity key of a member's id */
    MemberKeys(Function<UUID, String> keyOf) {
        this.keyOf = keyOf;
    }

    /** The keys of {@code members.subList(from, to)}, in that order; {@code members} must not change. */
    List<String> of(List<Position> members, int from, int to) {
        String[] keys = byList.get(members, list -> new String[list.size()]);
        List<String> slice = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            // a race builds a key twice, equal both times; a String is safe to publish without a lock
            String key = keys[i];
            if (key == null) {
                key = keyOf.apply(members.get(i).id());
                keys[i] = key;
            }
            slice.add(key);
        }
        return slice;
    }
}
