package dev.taleweaver.application.cache;

import dev.taleweaver.application.cache.testing.InMemoryCacheStore.Operation;
import dev.taleweaver.application.cache.testing.InMemoryCacheStore.Pause;
import dev.taleweaver.application.cache.aside.HeroCacheStrategy;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.out.EntityRepository;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.domain.paging.Listing;
import dev.taleweaver.domain.paging.Page;
import dev.taleweaver.domain.paging.PageRequest;
import dev.taleweaver.domain.paging.Position;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Collections cached as id lists (ADR 11): pages are assembled from the per-entity entries, a rename leaves the
 * collections alone and is still seen on the very next page, and the versioned compare-and-set of ADR 6 keeps a
 * page read racing a create or delete from caching an id list that misses or resurrects a member.
 */
class CollectionPagingTest {
    private final Concurrently threads = new Concurrently();

    @AfterEach
    void stopThreads() {
        threads.close();
    }

    @Test
    void walkingTheCursorsVisitsEveryMemberOnceEvenWhileEntitiesAreCreated() {
        CachedWorld world = new CachedWorld();
        List<Hero> before = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            before.add(world.heroInDb("Hero " + i, Fixtures.EN));
        }
        List<HeroId> seen = new ArrayList<>();
        Optional<Position> after = Optional.empty();
        int pages = 0;
        do {
            Page<Hero> page = world.heroes.page(Listing.ALL, new PageRequest(after, 3));
            page.items().forEach(hero -> seen.add(hero.id()));
            after = page.next();
            world.heroes.save(Fixtures.hero("Created while paging " + pages, Fixtures.FR));
            pages++;
        } while (after.isPresent() && pages < 20);

        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsSubsequence(before.stream().map(Hero::id).toList());
    }

    @Test
    void aListLongerThanTheBoundIsNeverCachedAsOneIdListAndIsPagedFromTheDatabase() {
        CachedWorld world = new CachedWorld();
        int length = EntityRepository.MAX_CACHED_MEMBERS + 2;
        List<Hero> heroes = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            heroes.add(world.heroInDb("Hero " + i, Fixtures.EN));
        }
        heroes.sort(Comparator.comparing(hero -> new Position(hero.createdAt(), hero.id().value())));
        world.resetCounters();

        Page<Hero> first = world.heroes.page(Listing.ALL, PageRequest.first(3));
        Page<Hero> second = world.heroes.page(Listing.ALL, new PageRequest(first.next(), 3));

        assertThat(first.items()).containsExactlyElementsOf(heroes.subList(0, 3));
        assertThat(second.items()).containsExactlyElementsOf(heroes.subList(3, 6));
        assertThat(world.heroDb.calls("page")).as("keyset pages, bounded by the limit").isEqualTo(2);
        assertThat(world.store.keys()).as("the id list over the bound is not cached").doesNotContain("hero:all");
        assertThat(world.heroes.listAll()).as("a whole list is still whole").hasSize(length);
    }

    @Test
    void aPageIsAssembledFromTheEntityEntriesAndLoadsOnlyWhatTheyLackInOneQuery() {
        CachedWorld world = new CachedWorld();
        Hero a = world.heroInDb("A", Fixtures.EN);
        Hero b = world.heroInDb("B", Fixtures.EN);
        Hero c = world.heroInDb("C", Fixtures.EN);
        world.heroes.findById(b.id());
        world.resetCounters();
        world.events.recordPageMembers();

        Page<Hero> page = world.heroes.page(Listing.ALL, PageRequest.first(2));

        assertThat(page.items()).containsExactly(a, b);
        assertThat(page.next()).contains(new Position(b.createdAt(), b.id().value()));
        assertThat(world.heroDb.calls("members")).isEqualTo(1);
        assertThat(world.heroDb.calls("findAllById")).as("only A: B was cached").isEqualTo(1);
        assertThat(world.store.keys()).contains("hero:all", "hero:" + a.id(), "hero:" + b.id())
                .doesNotContain("hero:" + c.id());
        assertThat(world.events.events()).as("the members counted by where they came from")
                .contains("members hero cached=1 loaded=1");

        world.resetCounters();
        assertThat(world.heroes.page(Listing.ALL, PageRequest.first(2)).items()).containsExactly(a, b);
        assertThat(world.heroDb.calls("members") + world.heroDb.calls("findAllById"))
                .as("a cached page asks the database nothing").isZero();
        assertThat(world.events.events()).as("the members counted by where they came from")
                .contains("members hero cached=2 loaded=0");
    }

    @Test
    void theMembersAPageLacksTakeTheirVersionsInOneCallNotOnePerMember() {
        CachedWorld world = new CachedWorld();
        for (int i = 0; i < 20; i++) {
            world.heroInDb("H" + i, Fixtures.EN);
        }
        world.heroes.members(Listing.ALL); // the id list cached: only the members are missing
        world.store.resetCalls();

        assertThat(world.heroes.page(Listing.ALL, PageRequest.first(20)).items()).hasSize(20);

        assertThat(world.store.calls(Operation.VERSIONS)).isEqualTo(1);
        assertThat(world.store.calls(Operation.VERSION)).isZero();
        assertThat(world.store.calls(Operation.SET_IF_VERSION)).as("each member filled")
                .isEqualTo(20);
    }

    @Test
    void aRenameKeepsTheCollectionsCachedAndIsSeenOnTheNextPage() {
        CachedWorld world = new CachedWorld();
        Hero hero = world.heroInDb("Luna", Fixtures.EN);
        world.heroes.page(Listing.ALL, PageRequest.first(10));
        world.heroes.page(Listing.of(Optional.of(Fixtures.EN)), PageRequest.first(10));
        world.resetCounters();

        Hero renamed = Fixtures.renamed(hero, "Stella");
        world.heroes.update(renamed);

        assertThat(world.store.invalidatedKeys()).containsExactly("hero:" + hero.id());
        assertThat(world.store.keys()).contains("hero:all", "hero:lang:en");
        assertThat(world.heroes.page(Listing.ALL, PageRequest.first(10)).items()).containsExactly(renamed);
        assertThat(world.heroes.page(Listing.of(Optional.of(Fixtures.EN)), PageRequest.first(10)).items())
                .containsExactly(renamed);
        assertThat(world.heroDb.calls("members")).as("no id list was loaded again").isZero();
    }

    // ---- a cache that hands out its answer again (the L1): the page made of it is kept with it ----------------

    @Test
    void anAnswerTheCacheHandsOutAgainIsTheSamePageWithItsMembersCountedAsCached() {
        CachedWorld world = new CachedWorld(CachedWorld.Setup.defaults().withReusedAnswers());
        Hero a = world.heroInDb("A", Fixtures.EN);
        Hero b = world.heroInDb("B", Fixtures.EN);
        world.heroes.page(Listing.ALL, PageRequest.first(10)); // loads and fills
        List<Hero> made = world.heroes.page(Listing.ALL, PageRequest.first(10)).items(); // all cached: kept
        world.resetCounters();
        world.events.recordPageMembers();

        List<Hero> again = world.heroes.page(Listing.ALL, PageRequest.first(10)).items();

        assertThat(again).isSameAs(made).containsExactly(a, b);
        assertThat(world.heroDb.calls("members") + world.heroDb.calls("findAllById")).isZero();
        assertThat(world.events.events()).contains("members hero cached=2 loaded=0");
    }

    @Test
    void aRenameIsSeenOnTheNextPageAfterAPageWasKeptWithTheCachesAnswer() {
        CachedWorld world = new CachedWorld(CachedWorld.Setup.defaults().withReusedAnswers());
        Hero hero = world.heroInDb("Luna", Fixtures.EN);
        for (int i = 0; i < 3; i++) {
            world.heroes.page(Listing.ALL, PageRequest.first(10));
            world.heroes.page(Listing.of(Optional.of(Fixtures.EN)), PageRequest.first(10));
        }

        Hero renamed = Fixtures.renamed(hero, "Stella");
        world.heroes.update(renamed);

        assertThat(world.heroes.page(Listing.ALL, PageRequest.first(10)).items()).containsExactly(renamed);
        assertThat(world.heroes.page(Listing.of(Optional.of(Fixtures.EN)), PageRequest.first(10)).items())
                .containsExactly(renamed);
    }

    @Test
    void aPageKeptForOneListIsNotTheAnswerOfAnotherListNamingTheSameMembers() {
        CachedWorld world = new CachedWorld(CachedWorld.Setup.defaults().withReusedAnswers());
        Hero english = world.heroInDb("A", Fixtures.EN);
        Hero french = world.heroInDb("B", Fixtures.FR);
        world.heroes.page(Listing.ALL, PageRequest.first(10));
        assertThat(world.heroes.page(Listing.ALL, PageRequest.first(10)).items()).containsExactly(english, french);
        // an alien id list for English naming the same members as hero:all (so the same keys, the same answer)
        world.store.plant("hero:lang:en", world.codecs.members().encode(
                List.of(new Position(english.createdAt(), english.id().value()),
                        new Position(french.createdAt(), french.id().value())),
                CachedWorld.START, HeroCacheStrategy.DEFAULT_TTL));

        assertThat(world.heroes.page(Listing.of(Optional.of(Fixtures.EN)), PageRequest.first(10)).items())
                .as("the members checked against this list, not the page kept for hero:all")
                .containsExactly(english);
        assertThat(world.heroes.page(Listing.ALL, PageRequest.first(10)).items()).containsExactly(english, french);
    }

    @Test
    void aLanguageChangeMovesTheMemberBetweenLanguageListsButNotOutOfAll() {
        CachedWorld world = new CachedWorld();
        Hero hero = world.heroInDb("Luna", Fixtures.EN);
        world.heroes.findByLanguage(Fixtures.EN);
        world.heroes.findByLanguage(Fixtures.FR);
        world.heroes.listAll();

        Hero moved = Fixtures.relanguaged(hero, Fixtures.FR);
        world.heroes.update(moved);

        assertThat(world.heroes.findByLanguage(Fixtures.EN)).isEmpty();
        assertThat(world.heroes.findByLanguage(Fixtures.FR)).containsExactly(moved);
        assertThat(world.heroes.listAll()).containsExactly(moved);
    }

    @Test
    void aPageReadThatLoadedTheIdListBeforeACreateDoesNotCacheIt() throws Exception {
        CachedWorld world = new CachedWorld();
        world.heroInDb("Old", Fixtures.EN);
        Pause beforeCaching = world.store.pauseNext(Operation.SET_IF_VERSION);
        Future<Page<Hero>> reader = threads.start(() -> world.heroes.page(Listing.ALL, PageRequest.first(10)));
        beforeCaching.awaitArrival();

        Hero created = world.heroes.save(Fixtures.hero("New", Fixtures.EN));
        beforeCaching.release();
        Concurrently.result(reader);

        assertThat(world.heroes.page(Listing.ALL, PageRequest.first(10)).items()).extracting(Hero::id)
                .contains(created.id());
    }

    @Test
    void aPageReadThatLoadedTheIdListBeforeADeleteDoesNotResurrectIt() throws Exception {
        CachedWorld world = new CachedWorld();
        Hero doomed = world.heroInDb("Doomed", Fixtures.EN);
        Pause beforeCaching = world.store.pauseNext(Operation.SET_IF_VERSION);
        Future<Page<Hero>> reader = threads.start(() -> world.heroes.page(Listing.ALL, PageRequest.first(10)));
        beforeCaching.awaitArrival();

        world.heroes.delete(doomed.id());
        beforeCaching.release();
        Concurrently.result(reader);

        assertThat(world.heroes.page(Listing.ALL, PageRequest.first(10)).items()).isEmpty();
        assertThat(world.cached("hero:all")).isNotEqualTo(Optional.of(List.of(
                new Position(doomed.createdAt(), doomed.id().value()))));
    }

    /** Readers page while writers create and delete; once writes stop, every cached id list equals the database. */
    @RepeatedTest(20)
    void concurrentPageReadsNeverLeaveAStaleIdList() throws Exception {
        CachedWorld world = new CachedWorld();
        List<Hero> alive = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            alive.add(world.heroInDb("Hero " + i, i % 2 == 0 ? Fixtures.EN : Fixtures.FR));
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            readers.add(threads.start(() -> {
                start.await();
                while (writing.get()) {
                    world.heroes.page(Listing.ALL, PageRequest.first(5));
                    world.heroes.page(Listing.of(Optional.of(Fixtures.FR)), PageRequest.first(5));
                    Thread.yield();
                }
                return null;
            }));
        }
        Future<Object> writer = threads.start(() -> {
            start.await();
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < 60; i++) {
                if (random.nextBoolean() || alive.isEmpty()) {
                    alive.add(world.heroes.save(Fixtures.hero("New " + i, random.nextBoolean() ? Fixtures.EN
                            : Fixtures.FR)));
                } else {
                    world.heroes.delete(alive.remove(random.nextInt(alive.size())).id());
                }
                Thread.yield();
            }
            return null;
        });
        start.countDown();
        Concurrently.result(writer);
        writing.set(false);
        for (Future<?> reader : readers) {
            Concurrently.result(reader);
        }

        for (Listing listing : List.of(Listing.ALL, Listing.of(Optional.of(Fixtures.EN)),
                Listing.of(Optional.of(Fixtures.FR)))) {
            String key = world.heroStrategy.listingKey(listing);
            List<Position> inDb = world.heroDb.repository().members(listing);
            world.cached(key).ifPresent(cached -> assertThat(cached).as(key).isEqualTo(inDb));
            assertThat(world.heroes.members(listing)).as(key).isEqualTo(inDb);
        }
    }
}
