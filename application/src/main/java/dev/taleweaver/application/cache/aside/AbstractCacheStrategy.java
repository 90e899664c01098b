package dev.taleweaver.application.cache.aside;

import dev.taleweaver.application.port.out.CacheCodec;
import dev.taleweaver.domain.paging.Position;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** The parts every predefined strategy shares: type name, policy and codecs. */
public abstract class AbstractCacheStrategy<I, R> implements CacheStrategy<I, R> {
    private final String entityType;
    private final CachePolicy policy;
    private final CacheCodec<R> entityCodec;
    private final CacheCodec<List<R>> listCodec;
    private final CacheCodec<List<Position>> memberCodec;

    protected AbstractCacheStrategy(String entityType, CachePolicy policy, CacheCodec<R> entityCodec,
                                    CacheCodec<List<R>> listCodec, CacheCodec<List<Position>> memberCodec) {
        this.entityType = Objects.requireNonNull(entityType, "entityType");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.entityCodec = Objects.requireNonNull(entityCodec, "entityCodec");
        this.listCodec = Objects.requireNonNull(listCodec, "listCodec");
        this.memberCodec = new OrderedMemberCodec(memberCodec, this::memberKey);
    }

    @Override
    public final String entityType() {
        return entityType;
    }

    @Override
    public final Duration defaultTtl() {
        return policy.ttl();
    }

    @Override
    public final boolean cacheOnRead() {
        return policy.cacheOnRead();
    }

    @Override
    public final boolean cacheOnWrite() {
        return policy.cacheOnWrite();
    }

    @Override
    public final CacheCodec<R> entityCodec() {
        return entityCodec;
    }

    @Override
    public final CacheCodec<List<R>> listCodec() {
        return listCodec;
    }

    @Override
    public final CacheCodec<List<Position>> memberCodec() {
        return memberCodec;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + entityType + ", " + policy + "]";
    }
}
