package dev.taleweaver.application.cache.aside;

import dev.taleweaver.application.port.out.CacheCodecs;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;

import dev.taleweaver.domain.paging.Position;

import java.time.Duration;
import java.util.UUID;

/** Heroes rarely change, so they live longest: {@code hero:{id}}, {@code hero:lang:{language}}, {@code hero:all}. */
public final class HeroCacheStrategy extends AbstractCacheStrategy<HeroId, Hero> {
    public static final String ENTITY_TYPE = "hero";
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(3600);

    public HeroCacheStrategy(CacheCodecs codecs) {
        this(codecs, DEFAULT_TTL);
    }

    /** @param ttl CACHE_HERO_TTL */
    public HeroCacheStrategy(CacheCodecs codecs, Duration ttl) {
        this(codecs, CachePolicy.readAndWrite(ttl));
    }

    public HeroCacheStrategy(CacheCodecs codecs, CachePolicy policy) {
        super(ENTITY_TYPE, policy, codecs.hero(), codecs.heroes(), codecs.members());
    }

    @Override
    public HeroId idOf(Hero hero) {
        return hero.id();
    }

    @Override
    public Language languageOf(Hero hero) {
        return hero.language();
    }

    @Override
    public HeroId idOfMember(UUID id) {
        return new HeroId(id);
    }

    @Override
    public Position positionOf(Hero hero) {
        return new Position(hero.createdAt(), hero.id().value());
    }
}
