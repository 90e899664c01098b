package dev.taleweaver.application.cache.aside;

import dev.taleweaver.application.port.out.CacheCodecs;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Language;

import dev.taleweaver.domain.paging.Position;

import java.time.Duration;
import java.util.UUID;

/** Children change now and then: {@code child:{id}}, {@code child:lang:{language}}, {@code child:all}. */
public final class ChildCacheStrategy extends AbstractCacheStrategy<ChildId, Child> {
    public static final String ENTITY_TYPE = "child";
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(1800);

    public ChildCacheStrategy(CacheCodecs codecs) {
        this(codecs, DEFAULT_TTL);
    }

    /** @param ttl CACHE_CHILD_TTL */
    public ChildCacheStrategy(CacheCodecs codecs, Duration ttl) {
        this(codecs, CachePolicy.readAndWrite(ttl));
    }

    public ChildCacheStrategy(CacheCodecs codecs, CachePolicy policy) {
        super(ENTITY_TYPE, policy, codecs.child(), codecs.children(), codecs.members());
    }

    @Override
    public ChildId idOf(Child child) {
        return child.id();
    }

    @Override
    public Language languageOf(Child child) {
        return child.language();
    }

    @Override
    public ChildId idOfMember(UUID id) {
        return new ChildId(id);
    }

    @Override
    public Position positionOf(Child child) {
        return new Position(child.createdAt(), child.id().value());
    }
}
