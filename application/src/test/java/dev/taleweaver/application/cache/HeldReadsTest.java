package dev.taleweaver.application.cache;

import dev.taleweaver.application.cache.aside.HeroCacheStrategy;
import dev.taleweaver.application.cache.testing.InMemoryCacheStore.Operation;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.in.ValueOrJson;
import dev.taleweaver.application.port.out.CacheStoreException;
import dev.taleweaver.application.service.StoryService;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.paging.Listing;
import dev.taleweaver.domain.paging.Page;
import dev.taleweaver.domain.paging.PageRequest;
import dev.taleweaver.domain.paging.Position;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads answered from memory alone (ADR 22): {@code heldPage} and {@code heldValueOrJson} answer exactly what
 * {@code page} and {@code findValueOrJsonById} answer when the cache holds everything they need, counted as the same
 * hits, and otherwise answer null — without a database call, a cache round trip, a count or a repair, which the
 * ordinary read that follows does.
 */
class HeldReadsTest {

    private static List<Hero> heroes(CachedWorld world, int count) {
        List<Hero> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            made.add(world.heroInDb("Hero " + i, i % 2 == 0 ? Fixtures.EN : Fixtures.FR));
        }
        return made;
    }

    @Test
    void aCachedPageIsAnsweredFromMemoryAsPageAnswersIt() {
        CachedWorld world = new CachedWorld();
        heroes(world, 7);
        Page<Hero> first = world.heroes.page(Listing.ALL, PageRequest.first(3));
        Page<Hero> second = world.heroes.page(Listing.ALL, new PageRequest(first.next(), 3));
        Page<Hero> last = world.heroes.page(Listing.ALL, new PageRequest(second.next(), 3));
        world.resetCounters();

        assertThat(world.heroes.heldPage(Listing.ALL, PageRequest.first(3))).isEqualTo(first);
        assertThat(world.heroes.heldPage(Listing.ALL, new PageRequest(first.next(), 3))).isEqualTo(second);
        assertThat(world.heroes.heldPage(Listing.ALL, new PageRequest(second.next(), 3))).isEqualTo(last);
        assertThat(last.next()).isEmpty();
        assertThat(world.heroDb.calls("members") + world.heroDb.calls("findAllById") + world.heroDb.calls("page"))
                .isZero();
        assertThat(world.store.calls(Operation.GET)).as("no round trip").isZero();
    }

    @Test
    void aHeldPageIsCountedAsTheHitOfItsListAndItsMembers() {
        CachedWorld world = new CachedWorld();
        heroes(world, 4);
        world.heroes.page(Listing.ALL, PageRequest.first(3));
        world.events.recordPageMembers();
        world.resetCounters();
        world.heroes.page(Listing.ALL, PageRequest.first(3));
        List<String> ordinary = world.events.events();
        world.events.clear();

        world.heroes.heldPage(Listing.ALL, PageRequest.first(3));

        assertThat(world.events.events()).isEqualTo(ordinary).contains("hit hero list_all",
                "members hero cached=3 loaded=0");
    }

    @Test
    void aListNotCachedIsNotHeldAndNothingIsReadOrCounted() {
        CachedWorld world = new CachedWorld();
        heroes(world, 4);
        world.resetCounters();

        assertThat(world.heroes.heldPage(Listing.ALL, PageRequest.first(3))).isNull();
        assertThat(world.heroes.heldPage(Listing.of(Optional.of(Fixtures.EN)), PageRequest.first(3))).isNull();

        assertThat(world.heroDb.calls("members") + world.heroDb.calls("findAllById")).isZero();
        assertThat(world.events.events()).isEmpty();
        assertThat(world.store.keys()).as("nothing filled").isEmpty();
    }

    @Test
    void aPageWithOneMemberNotCachedIsNotHeldAndThePageReadThatFollowsFillsIt() {
        CachedWorld world = new CachedWorld();
        List<Hero> all = heroes(world, 4);
        world.heroes.page(Listing.ALL, PageRequest.first(3));
        world.store.delete(world.heroStrategy.idKey(all.get(1).id()));
        world.resetCounters();

        assertThat(world.heroes.heldPage(Listing.ALL, PageRequest.first(3))).isNull();
        assertThat(world.events.events()).isEmpty();
        assertThat(world.heroDb.calls("findAllById")).isZero();

        assertThat(world.heroes.page(Listing.ALL, PageRequest.first(3)).items())
                .containsExactlyElementsOf(all.subList(0, 3));
        assertThat(world.heroes.heldPage(Listing.ALL, PageRequest.first(3)).items())
                .containsExactlyElementsOf(all.subList(0, 3));
    }

    @Test
    void aMemberOfAnotherListIsNotHeldButLeftToThePageReadToReportAndDrop() {
        CachedWorld world = new CachedWorld();
        Hero english = world.heroInDb("A", Fixtures.EN);
        Hero french = world.heroInDb("B", Fixtures.FR);
        Listing inEnglish = Listing.of(Optional.of(Fixtures.EN));
        world.heroes.page(Listing.ALL, PageRequest.first(10));
        world.store.plant("hero:lang:en", world.codecs.members().encode(
                List.of(new Position(english.createdAt(), english.id().value()),
                        new Position(french.createdAt(), french.id().value())),
                CachedWorld.START, HeroCacheStrategy.DEFAULT_TTL));
        world.resetCounters();

        assertThat(world.heroes.heldPage(inEnglish, PageRequest.first(10))).isNull();
        assertThat(world.store.invalidatedKeys()).as("the repair is the page read's").isEmpty();

        assertThat(world.heroes.page(inEnglish, PageRequest.first(10)).items()).containsExactly(english);
    }

    @Test
    void theSamePageHeldAgainIsTheSameInstanceWhileTheStoreHandsOutTheSameAnswer() {
        CachedWorld world = new CachedWorld(CachedWorld.Setup.defaults().withReusedAnswers());
        heroes(world, 4);
        world.heroes.page(Listing.ALL, PageRequest.first(3));

        Page<Hero> once = world.heroes.heldPage(Listing.ALL, PageRequest.first(3));
        Page<Hero> again = world.heroes.heldPage(Listing.ALL, PageRequest.first(3));

        assertThat(again.items()).isSameAs(once.items());
    }

    @Test
    void anEntityIsHeldWhenCachedAndNotHeldOtherwiseWhichIsNotNotFound() {
        CachedWorld world = new CachedWorld();
        Hero cached = world.heroInDb("Cached", Fixtures.EN);
        Hero notCached = world.heroInDb("Not cached", Fixtures.EN);
        world.heroes.findById(cached.id());
        world.resetCounters();

        ValueOrJson<Hero> held = world.heroes.heldValueOrJson(cached.id());
        assertThat(held.value()).isEqualTo(cached);
        assertThat(world.events.events()).containsExactly("hit hero find_by_id");
        assertThat(world.heroes.heldValueOrJson(notCached.id())).isNull();
        assertThat(world.heroes.heldValueOrJson(Fixtures.hero("Never saved", Fixtures.EN).id())).isNull();
        assertThat(world.heroDb.calls("findById")).isZero();
    }

    @Test
    void anEntryHoldingAnotherEntityIsNotHeld() {
        CachedWorld world = new CachedWorld();
        Hero a = world.heroInDb("A", Fixtures.EN);
        Hero b = world.heroInDb("B", Fixtures.EN);
        world.heroes.findById(b.id());
        world.store.plant(world.heroStrategy.idKey(a.id()), world.store.peek(world.heroStrategy.idKey(b.id())).get());
        world.resetCounters();

        assertThat(world.heroes.heldValueOrJson(a.id())).isNull();
        assertThat(world.store.invalidatedKeys()).isEmpty();
        assertThat(world.heroes.findById(a.id())).contains(a);
    }

    @Test
    void nothingIsHeldWhileTheCircuitIsOpenOrInvalidationsArePending() {
        CachedWorld world = new CachedWorld(CachedWorld.Setup.defaults().withBreaker());
        List<Hero> all = heroes(world, 3);
        world.heroes.page(Listing.ALL, PageRequest.first(3));
        world.heroes.findById(all.get(0).id());
        assertThat(world.heroes.heldPage(Listing.ALL, PageRequest.first(3))).isNotNull();

        world.store.failWith(CacheStoreException.Kind.CONNECTION);
        world.heroes.save(Fixtures.hero("New", Fixtures.EN)); // its invalidations fail, and wait for a replay
        world.store.recover();

        assertThat(world.breaker.pendingInvalidations()).isPositive();
        assertThat(world.heroes.heldPage(Listing.ALL, PageRequest.first(3))).isNull();
        assertThat(world.heroes.heldValueOrJson(all.get(0).id())).isNull();
    }

    @Test
    void aChildsStoriesAreNotHeldForTheyAskWhetherTheChildExists() {
        CachedWorld world = new CachedWorld();
        Hero hero = world.heroInDb("H", Fixtures.EN);
        Child child = world.childInDb("C", Fixtures.EN);
        world.storyInDb("S", child, hero);
        StoryService service = new StoryService(world.stories, world.children, world.heroes, Clock.systemUTC());
        Listing ofChild = new Listing.OfChild(child.id(), Optional.empty());
        service.page(ofChild, PageRequest.first(10));
        service.page(Listing.ALL, PageRequest.first(10));

        assertThat(service.heldPage(ofChild, PageRequest.first(10))).isNull();
        assertThat(service.heldPage(Listing.ALL, PageRequest.first(10)).items()).hasSize(1);
    }
}
