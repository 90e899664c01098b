package dev.taleweaver.application.cache.aside;

import dev.taleweaver.domain.paging.Position;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;
import java.util.UUID;
import java.util.function.Function;

/**
 * A decoded id list that also keeps its members' per-entity cache keys, each built the first time a page asks for
 * it ({@link OrderedMemberCodec} decodes id lists into it). A cached page of 50 built 50 keys (a UUID's text and a
 * concatenation each), hashed them and compared each, character by character, with the key the L1 holds:
 * {@code String.equals} under the L1's look-ups alone was 13 % of a cached page's CPU (docs/benchmarks.md, issue 11).
 * A kept key has its hash already, and an entry the L1 filled under it compares by identity.
 *
 * <p>The cache hands the same decoded instance out again while the list's entry stands, and a changed list is a new
 * entry, decoded anew: keys live and die with the list they belong to, and cost at most as much again as the list
 * (one key per member once every page has been read). Immutable as a list; the keys fill in lazily.
 */
final class KeyedMembers extends AbstractList<Position> implements RandomAccess {
    private final List<Position> members;
    private final Function<UUID, String> keyOf;
    private final String[] keys;

    /**
     * @param members the list as its codec decoded it, kept as it is (not copied), so that the codec still knows it
     *                ({@link #decoded}); no one else holds it to change it
     * @param keyOf   the per-entity key of a member's id
     */
    KeyedMembers(List<Position> members, Function<UUID, String> keyOf) {
        this.members = members;
        this.keyOf = keyOf;
        this.keys = new String[members.size()];
    }

    /** The list as the codec decoded it: the instance it answers {@code isUpcast} for. */
    List<Position> decoded() {
        return members;
    }

    @Override
    public Position get(int index) {
        return members.get(index);
    }

    @Override
    public int size() {
        return members.size();
    }

    /** The keys of the members {@code from} (inclusive) to {@code to} (exclusive), in list order. */
    List<String> keys(int from, int to) {
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
