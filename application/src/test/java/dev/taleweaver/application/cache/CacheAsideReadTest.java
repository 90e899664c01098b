package dev.taleweaver.application.cache;

import dev.taleweaver.application.cache.aside.CachePolicy;
import dev.taleweaver.application.cache.aside.CachedHeroRepository;
import dev.taleweaver.application.cache.aside.HeroCacheStrategy;
import dev.taleweaver.application.cache.testing.InMemoryCacheStore.Operation;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.domain.story.Story;
import dev.taleweaver.domain.story.StoryView;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CacheAsideReadTest {
    private final CachedWorld world = new CachedWorld();

    @Test
    void aMissLoadsFromTheDatabaseAndTheNextReadIsAHit() {
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);

        assertThat(world.heroes.findById(hero.id())).contains(hero);
        assertThat(world.heroes.findById(hero.id())).contains(hero);

        assertThat(world.heroDb.calls("findById")).isEqualTo(1);
        assertThat(world.cached("hero:" + hero.id())).contains(hero);
        assertThat(world.events.events()).containsExactly(
                "load hero", "miss hero find_by_id ABSENT", "hit hero find_by_id");
    }

    @Test
    void aStoredWriteIsReportedAsAPutAndAHitIsNot() {
        world.events.recordPuts();
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);

        world.heroes.findById(hero.id());
        world.heroes.findById(hero.id());

        assertThat(world.events.events()).containsExactly(
                "load hero", "put hero", "miss hero find_by_id ABSENT", "hit hero find_by_id");
    }

    @Test
    void aHitIsServedWithoutTheDatabase() {
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        world.heroes.findById(hero.id());
        world.resetCounters();

        assertThat(world.heroes.findById(hero.id())).contains(hero);

        assertThat(world.heroDb.calls("findById")).isZero();
        assertThat(world.store.calls()).isEqualTo(1);
    }

    @Test
    void entriesCarryTheirCachedAtAndAJitteredTtl() {
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        world.heroes.findById(hero.id());

        String key = "hero:" + hero.id();
        assertThat(world.store.ttlOf(key)).hasValueSatisfying(
                ttl -> assertThat(ttl).isBetween(Duration.ofSeconds(3600), Duration.ofSeconds(3960)));
        assertThat(world.store.peek(key).flatMap(world.codecs::written)).hasValueSatisfying(entry -> {
            assertThat(entry.cachedAt()).isEqualTo(CachedWorld.START);
            assertThat(entry.ttl()).isEqualTo(world.store.ttlOf(key).orElseThrow());
        });
    }

    @Test
    void anExpiredEntryIsLoadedAgain() {
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        world.heroes.findById(hero.id());

        world.clock.advance(Duration.ofSeconds(3960));
        world.heroes.findById(hero.id());

        assertThat(world.heroDb.calls("findById")).isEqualTo(2);
    }

    @Test
    void anUnknownIdIsNotCached() {
        HeroId unknown = HeroId.random();

        assertThat(world.heroes.findById(unknown)).isEmpty();
        assertThat(world.heroes.findById(unknown)).isEmpty();

        assertThat(world.heroDb.calls("findById")).isEqualTo(2);
        assertThat(world.store.keys()).isEmpty();
    }

    @Test
    void collectionsAreCachedUnderTheirOwnKeysEvenWhenEmpty() {
        Hero en = world.heroInDb("Captain Wonder", Fixtures.EN);
        Hero fr = world.heroInDb("Capitaine Merveille", Fixtures.FR);

        for (int i = 0; i < 2; i++) {
            assertThat(world.heroes.listAll()).containsExactly(en, fr);
            assertThat(world.heroes.findByLanguage(Fixtures.FR)).containsExactly(fr);
            assertThat(world.heroes.findByLanguage(dev.taleweaver.domain.common.Language.of("de"))).isEmpty();
        }

        // three id lists loaded once each; the two heroes once, in one query, then from their own entries
        assertThat(world.heroDb.calls("members")).isEqualTo(3);
        assertThat(world.heroDb.calls("findAllById")).isEqualTo(1);
        assertThat(world.store.keys()).containsExactlyInAnyOrder("hero:all", "hero:lang:fr", "hero:lang:de",
                "hero:" + en.id(), "hero:" + fr.id());
    }

    @Test
    void childrenAndStoriesAreCachedTheSameWay() {
        Child mia = world.childInDb("Mia", Fixtures.EN);
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        Story story = world.storyInDb("The Moon", mia, hero);
        StoryView view = new StoryView(story, "Mia", "Captain Wonder");

        for (int i = 0; i < 2; i++) {
            assertThat(world.children.findById(mia.id())).contains(mia);
            assertThat(world.children.listAll()).containsExactly(mia);
            assertThat(world.stories.findById(story.id())).contains(view);
            assertThat(world.stories.findByLanguage(Fixtures.EN)).containsExactly(view);
            assertThat(world.stories.findByChild(mia.id())).containsExactly(view);
        }

        assertThat(world.childDb.calls("findById") + world.childDb.calls("members")
                + world.childDb.calls("findAllById")).isEqualTo(2);
        assertThat(world.storyDb.calls("findById") + world.storyDb.calls("members")
                + world.storyDb.calls("findAllById")).isEqualTo(3);
        assertThat(world.store.keys()).contains("child:" + mia.id(), "child:all", "story:" + story.id(),
                "story:lang:en", "story:child:" + mia.id());
    }

    @Test
    void storyLookupsThatGuardWritesAlwaysAskTheDatabase() {
        Child mia = world.childInDb("Mia", Fixtures.EN);
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        world.storyInDb("The Moon", mia, hero);
        world.resetCounters();

        for (int i = 0; i < 2; i++) {
            assertThat(world.stories.findByHero(hero.id())).hasSize(1);
            assertThat(world.stories.existsForHero(hero.id())).isTrue();
            assertThat(world.stories.existsForChild(mia.id())).isTrue();
        }

        assertThat(world.storyDb.calls("findByHero")).isEqualTo(2);
        assertThat(world.storyDb.calls("existsForHero")).isEqualTo(2);
        assertThat(world.storyDb.calls("existsForChild")).isEqualTo(2);
        assertThat(world.store.calls()).isZero();
    }

    @Test
    void withCacheOnReadOffReadsPassStraightThrough() {
        HeroCacheStrategy noReads = new HeroCacheStrategy(world.codecs,
                new CachePolicy(HeroCacheStrategy.DEFAULT_TTL, false, false));
        CachedHeroRepository heroes = new CachedHeroRepository(world.heroDb.repository(), world.store, noReads);
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);

        assertThat(heroes.findById(hero.id())).contains(hero);
        assertThat(heroes.listAll()).containsExactly(hero);

        assertThat(world.store.calls(Operation.GET)).isZero();
        assertThat(world.store.keys()).isEmpty();
    }

    @Test
    void aListReturnedToCallersCannotBeChangedBehindTheCachesBack() {
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        List<Hero> all = world.heroes.listAll();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> all.add(hero))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
