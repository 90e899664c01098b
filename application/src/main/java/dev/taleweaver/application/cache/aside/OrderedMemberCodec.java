package dev.taleweaver.application.cache.aside;

import dev.taleweaver.application.port.out.CacheCodec;
import dev.taleweaver.application.port.out.CacheCodecException;
import dev.taleweaver.domain.paging.Position;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The id-list codec of a strategy, with the list's order checked when an entry is decoded: this service writes id
 * lists in list order only, so one out of order is not its entry for that key and is read as corrupt (deleted and
 * loaded again, ADR 11). Checked once per decoded entry, not per read: the L1 hands out the instance it decoded, and
 * checking 10,000 positions on every page of {@code hero:all} was a fifth of the CPU of a cached page (issue 11
 * profile, docs/benchmarks.md). The decoded list keeps its members' cache keys ({@link KeyedMembers}).
 */
final class OrderedMemberCodec implements CacheCodec<List<Position>> {
    private final CacheCodec<List<Position>> codec;
    private final Function<UUID, String> keyOf;

    /** @param keyOf the per-entity key of a member's id, kept with the decoded list ({@link KeyedMembers}) */
    OrderedMemberCodec(CacheCodec<List<Position>> codec, Function<UUID, String> keyOf) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.keyOf = Objects.requireNonNull(keyOf, "keyOf");
    }

    @Override
    public String encode(List<Position> members, Instant cachedAt, Duration ttl) {
        return codec.encode(members, cachedAt, ttl);
    }

    @Override
    public List<Position> decode(String text) {
        List<Position> members = codec.decode(text);
        if (!inListOrder(members)) {
            throw new CacheCodecException("the id list is out of list order", null);
        }
        return new KeyedMembers(members, keyOf);
    }

    @Override
    public boolean isUpcast(List<Position> members) {
        // the codec knows the instance it decoded, not the list wrapped around it
        return codec.isUpcast(members instanceof KeyedMembers keyed ? keyed.decoded() : members);
    }

    @Override
    public Optional<Instant> expiresAt(String text) {
        return codec.expiresAt(text);
    }

    private static boolean inListOrder(List<Position> members) {
        for (int i = 1; i < members.size(); i++) {
            if (members.get(i - 1).compareTo(members.get(i)) >= 0) {
                return false;
            }
        }
        return true;
    }
}
