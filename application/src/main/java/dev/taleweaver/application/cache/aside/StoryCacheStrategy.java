package dev.taleweaver.application.cache.aside;

import dev.taleweaver.application.port.out.CacheCodecs;
import dev.taleweaver.application.port.out.CacheOperation;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.domain.paging.Listing;
import dev.taleweaver.domain.paging.Position;
import dev.taleweaver.domain.story.StoryId;
import dev.taleweaver.domain.story.StoryView;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Stories are rated often, so they expire soonest. Besides {@code story:{id}}, {@code story:lang:{language}}
 * and {@code story:all}, a story sits in its child's list {@code story:child:{child_id}}, that list in the story's
 * language {@code story:child:{child_id}:lang:{language}}, and its hero's list {@code story:hero:{hero_id}}.
 */
public final class StoryCacheStrategy extends AbstractCacheStrategy<StoryId, StoryView> {
    public static final String ENTITY_TYPE = "story";
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(600);

    public StoryCacheStrategy(CacheCodecs codecs) {
        this(codecs, DEFAULT_TTL);
    }

    /** @param ttl CACHE_STORY_TTL */
    public StoryCacheStrategy(CacheCodecs codecs, Duration ttl) {
        this(codecs, CachePolicy.readAndWrite(ttl));
    }

    public StoryCacheStrategy(CacheCodecs codecs, CachePolicy policy) {
        super(ENTITY_TYPE, policy, codecs.story(), codecs.stories(), codecs.members());
    }

    /** The key of one child's stories. */
    public String childKey(ChildId childId) {
        return buildKey(CacheOperation.FIND_BY_CHILD, childId);
    }

    /** The key of one child's stories in one language. */
    public String childKey(ChildId childId, Language language) {
        return childKey(childId) + ":lang:" + language.code();
    }

    /** The key of the stories featuring one hero. */
    public String heroKey(HeroId heroId) {
        return buildKey(CacheOperation.FIND_BY_HERO, heroId);
    }

    @Override
    public String listingKey(Listing listing) {
        if (listing instanceof Listing.OfChild ofChild) {
            return ofChild.language().map(l -> childKey(ofChild.child(), l)).orElseGet(() -> childKey(ofChild.child()));
        }
        if (listing instanceof Listing.OfHero ofHero) {
            return heroKey(ofHero.hero());
        }
        return super.listingKey(listing);
    }

    @Override
    public CacheOperation operationOf(Listing listing) {
        if (listing instanceof Listing.OfChild) {
            return CacheOperation.FIND_BY_CHILD;
        }
        return listing instanceof Listing.OfHero ? CacheOperation.FIND_BY_HERO : super.operationOf(listing);
    }

    @Override
    public StoryId idOfMember(UUID id) {
        return new StoryId(id);
    }

    @Override
    public Position positionOf(StoryView view) {
        return new Position(view.story().createdAt(), view.id().value());
    }

    @Override
    public StoryId idOf(StoryView view) {
        return view.id();
    }

    @Override
    public Language languageOf(StoryView view) {
        return view.story().language();
    }

    @Override
    public Set<String> relatedKeys(StoryView view) {
        Set<String> keys = new LinkedHashSet<>();
        keys.add(childKey(view.story().childId()));
        keys.add(childKey(view.story().childId(), view.story().language()));
        keys.add(heroKey(view.story().heroId()));
        return keys;
    }
}
