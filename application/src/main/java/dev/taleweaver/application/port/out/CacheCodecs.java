package dev.taleweaver.application.port.out;

import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.paging.Position;
import dev.taleweaver.domain.story.StoryView;

import java.util.List;

/** The codecs of every cached shape; an adapter (Jackson in adapter-redis) provides them. */
public interface CacheCodecs {
    CacheCodec<Hero> hero();

    CacheCodec<List<Hero>> heroes();

    CacheCodec<Child> child();

    CacheCodec<List<Child>> children();

    CacheCodec<StoryView> story();

    CacheCodec<List<StoryView>> stories();

    /** A cached collection: the positions (id and creation time) of its members, in list order (ADR 11). */
    CacheCodec<List<Position>> members();
}
