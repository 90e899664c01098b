package dev.taleweaver.application.cache.aside;

import dev.taleweaver.application.port.out.CacheCodecs;
import dev.taleweaver.application.port.out.CacheOperation;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.story.StoryId;
import dev.taleweaver.domain.story.StoryView;

import java.time.Duration;
import java.util.Set;

/**
 * Stories are rated often, so they expire soonest. Besides {@code story:{id}}, {@code story:lang:{language}}
 * and {@code story:all}, a story sits in its child's list {@code story:child:{child_id}}.
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
        super(ENTITY_TYPE, policy, codecs.story(), codecs.stories());
    }

    /** The key of one child's stories. */
    public String childKey(ChildId childId) {
        return buildKey(CacheOperation.FIND_BY_CHILD, childId);
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
        return Set.of(childKey(view.story().childId()));
    }
}
