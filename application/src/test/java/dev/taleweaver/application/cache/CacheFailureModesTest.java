package dev.taleweaver.application.cache;

import dev.taleweaver.application.cache.aside.HeroCacheStrategy;
import dev.taleweaver.application.cache.testing.RegistryCacheCodecs;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.out.CacheStoreException;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.paging.Position;
import dev.taleweaver.domain.story.Story;
import dev.taleweaver.domain.story.StoryView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The failure table of docs/caching.md ("Failure behaviour"): whatever the cache does, callers get the database's answer and writes succeed. */
class CacheFailureModesTest {
    private final CachedWorld world = new CachedWorld();

    @ParameterizedTest
    @EnumSource(value = CacheStoreException.Kind.class)
    void whenTheStoreFailsReadsReturnTheDatabaseResult(CacheStoreException.Kind kind) {
        Child mia = world.childInDb("Mia", Fixtures.EN);
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        Story story = world.storyInDb("The Moon", mia, hero);
        StoryView view = new StoryView(story, "Mia", "Captain Wonder");
        world.store.failWith(kind);

        assertThat(world.heroes.findById(hero.id())).contains(hero);
        assertThat(world.heroes.listAll()).containsExactly(hero);
        assertThat(world.children.findByLanguage(Fixtures.EN)).containsExactly(mia);
        assertThat(world.stories.findById(story.id())).contains(view);
        assertThat(world.stories.findByChild(mia.id())).containsExactly(view);

        String expected = kind == CacheStoreException.Kind.TIMEOUT ? "TIMEOUT" : "CONNECTION";
        assertThat(world.events.eventsStartingWith("error")).isNotEmpty().allMatch(e -> e.endsWith(expected));
        assertThat(world.events.eventsStartingWith("miss")).allMatch(e -> e.endsWith("STORE_ERROR"));
    }

    @Test
    void whenTheStoreFailsWritesStillSucceed() {
        world.store.failWith(CacheStoreException.Kind.CONNECTION);
        Hero hero = Fixtures.captainWonder();
        Hero renamed = Fixtures.renamed(hero, "Captain Marvelous");

        assertThat(world.heroes.save(hero)).isEqualTo(hero);
        assertThat(world.heroes.update(renamed)).hasValueSatisfying(u -> assertThat(u.after()).isEqualTo(renamed));
        assertThat(world.heroes.delete(hero.id())).contains(renamed);
        assertThat(world.heroDb.repository().findById(hero.id())).isEmpty();
    }

    @Test
    void aValueThatCannotBeSerialisedIsServedButNotCached() {
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        world.codecs.failEncoding(true);

        assertThat(world.heroes.findById(hero.id())).contains(hero);
        assertThat(world.heroes.findById(hero.id())).contains(hero);

        assertThat(world.store.keys()).isEmpty();
        assertThat(world.heroDb.calls("findById")).isEqualTo(2);
        assertThat(world.events.eventsStartingWith("error")).containsExactly(
                "error hero SERIALIZATION", "error hero SERIALIZATION");

        world.codecs.failEncoding(false);
        world.heroes.findById(hero.id());
        assertThat(world.cached("hero:" + hero.id())).contains(hero);
    }

    @Test
    void aCorruptEntryIsDeletedAndTheDatabaseAnswers() {
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        String key = "hero:" + hero.id();
        world.store.plant(key, RegistryCacheCodecs.corruptEntry());

        assertThat(world.heroes.findById(hero.id())).contains(hero);

        assertThat(world.store.invalidatedKeys()).containsExactly(key);
        assertThat(world.cached(key)).contains(hero);
        assertThat(world.events.events()).contains("error hero DESERIALIZATION", "invalidation hero CORRUPT_ENTRY 1",
                "miss hero find_by_id CORRUPT");
        world.resetCounters();
        assertThat(world.heroes.findById(hero.id())).contains(hero);
        assertThat(world.heroDb.calls("findById")).isZero();
    }

    @Test
    void anEntryOfTheWrongShapeCountsAsCorrupt() {
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        world.store.plant("hero:all", world.codecs.hero().encode(hero, CachedWorld.START,
                HeroCacheStrategy.DEFAULT_TTL));

        assertThat(world.heroes.listAll()).containsExactly(hero);
        assertThat(world.cached("hero:all")).contains(List.of(new Position(hero.createdAt(), hero.id().value())));
    }

    @Test
    void anOutdatedEntryIsAQuietMissAndIsReplaced() {
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        Hero asOnceCached = Fixtures.renamed(hero, "Old Name");
        String key = "hero:" + hero.id();
        world.store.plant(key, world.codecs.outdatedEntry("hero", asOnceCached));

        assertThat(world.heroes.findById(hero.id())).contains(hero);

        assertThat(world.cached(key)).contains(hero);
        assertThat(world.events.events()).contains("miss hero find_by_id OUTDATED")
                .noneMatch(e -> e.startsWith("error"));
    }
}
