package dev.taleweaver.application.cache;

import dev.taleweaver.application.cache.aside.Warmed;
import dev.taleweaver.application.cache.prefetch.PrefetchQueue;
import dev.taleweaver.application.cache.prefetch.PrefetchingStoryRepository;
import dev.taleweaver.application.cache.testing.InMemoryCacheStore.Operation;
import dev.taleweaver.application.cache.testing.InMemoryCacheStore.Pause;
import dev.taleweaver.application.cache.testing.RegistryCacheCodecs;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.out.CacheStoreException;
import dev.taleweaver.application.port.out.CircuitState;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.paging.Listing;
import dev.taleweaver.domain.paging.Page;
import dev.taleweaver.domain.paging.PageRequest;
import dev.taleweaver.domain.story.Story;
import dev.taleweaver.domain.story.StoryView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prefetching (ADR 16) over the in-memory store and "databases": what is warmed, that a warm racing a write loses,
 * the queue's bounds, the gate, refresh-ahead's single load, and that the triggering read never waits.
 */
class PrefetchTest {
    private final Concurrently threads = new Concurrently();
    private final List<PrefetchQueue> queues = new ArrayList<>();

    @AfterEach
    void stop() {
        queues.forEach(PrefetchQueue::close);
        threads.close();
    }

    private PrefetchQueue queue(CachedWorld world) {
        PrefetchQueue queue = new PrefetchQueue(PrefetchQueue.whileUsable(world.breaker));
        queues.add(queue);
        return queue;
    }

    private static PrefetchingStoryRepository prefetching(CachedWorld world, PrefetchQueue queue) {
        return new PrefetchingStoryRepository(world.stories, world.heroes, world.children, queue);
    }

    private static void awaitIdle(PrefetchQueue queue) {
        Concurrently.awaitUntil("the prefetch worker is idle",
                () -> queue.finished() == queue.submitted() && queue.queued() == 0);
    }

    @Test
    void readingAStoryWarmsItsHeroAndChildOnceAndLoadsNothingForKeysAlreadyCached() {
        CachedWorld world = new CachedWorld();
        Child child = world.childInDb("Mia", Fixtures.EN);
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        Story story = world.storyInDb("The Moon", child, hero);
        PrefetchQueue queue = queue(world).start();
        PrefetchingStoryRepository stories = prefetching(world, queue);

        assertThat(stories.findById(story.id())).isPresent();
        awaitIdle(queue);

        assertThat(world.cached("hero:" + hero.id())).contains(hero);
        assertThat(world.cached("child:" + child.id())).contains(child);
        assertThat(queue.loaded()).isEqualTo(2);
        world.resetCounters();

        stories.findById(story.id());
        awaitIdle(queue);
        assertThat(queue.alreadyCached()).isEqualTo(2);
        assertThat(world.heroDb.calls("findById")).isZero();
        assertThat(world.childDb.calls("findById")).isZero();
    }

    @Test
    void aChildsStoryPageWarmsTheNextPagesMembers() {
        CachedWorld world = new CachedWorld();
        Child child = world.childInDb("Mia", Fixtures.EN);
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        List<Story> written = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            written.add(world.storyInDb("Story " + i, child, hero));
        }
        PrefetchQueue queue = queue(world).start();
        PrefetchingStoryRepository stories = prefetching(world, queue);
        Listing ofChild = new Listing.OfChild(child.id(), Optional.empty());

        Page<StoryView> first = stories.page(ofChild, PageRequest.first(2));
        awaitIdle(queue);

        assertThat(first.items()).hasSize(2);
        assertThat(queue.loaded()).isEqualTo(1);
        long cachedStories = written.stream().filter(s -> world.cached("story:" + s.id()).isPresent()).count();
        assertThat(cachedStories).isEqualTo(4);
        world.resetCounters();

        Page<StoryView> second = stories.page(ofChild, new PageRequest(first.next(), 2));
        assertThat(second.items()).hasSize(2);
        assertThat(world.storyDb.calls("findAllById")).isZero();
    }

    /** The stale-set race of docs/caching.md, with a warm as the slow reader: the write wins. */
    @Test
    void aWarmRacingAWriteIsRefusedAndTheNextReadSeesTheWrite() throws Exception {
        CachedWorld world = new CachedWorld(CachedWorld.Setup.defaults().withoutWriteThrough());
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        Hero renamed = Fixtures.renamed(hero, "Captain Marvelous");
        Pause beforeCaching = world.store.pauseNext(Operation.SET_IF_VERSION);

        Future<Warmed> warm = threads.start(() -> world.heroes.warm(hero.id()));
        beforeCaching.awaitArrival();
        world.heroes.update(renamed);
        beforeCaching.release();

        assertThat(Concurrently.result(warm)).isEqualTo(Warmed.LOADED);
        assertThat(world.store.keys()).doesNotContain("hero:" + hero.id());
        assertThat(world.heroes.findById(hero.id())).contains(renamed);
    }

    @Test
    void floodingTheQueueDropsWhatDoesNotFitAndNeverBlocks() {
        PrefetchQueue queue = new PrefetchQueue(() -> true, 4, 1); // not started: nothing leaves the queue
        queues.add(queue);
        int accepted = 0;
        for (int i = 0; i < 100; i++) {
            if (queue.submit("key:" + i, () -> Warmed.LOADED)) {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(4);
        assertThat(queue.queued()).isEqualTo(4);
        assertThat(queue.submitted()).isEqualTo(4);
        assertThat(queue.dropped()).isEqualTo(96);
        assertThat(queue.submit("key:0", () -> Warmed.LOADED)).as("a key already queued").isFalse();
    }

    @Test
    void nothingIsWarmedWhileTheCircuitIsOpen() {
        CachedWorld world = new CachedWorld(CachedWorld.Setup.defaults().withBreaker());
        Child child = world.childInDb("Mia", Fixtures.EN);
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        Story story = world.storyInDb("The Moon", child, hero);
        PrefetchQueue queue = queue(world).start();
        PrefetchingStoryRepository stories = prefetching(world, queue);
        world.store.failWith(CacheStoreException.Kind.CONNECTION);
        for (int i = 0; i < 3 && world.breaker.state() == CircuitState.CLOSED; i++) {
            world.heroes.findById(hero.id());
        }
        assertThat(world.breaker.state()).isEqualTo(CircuitState.OPEN);
        world.resetCounters();

        assertThat(stories.findById(story.id())).isPresent();

        assertThat(queue.submitted()).isZero();
        assertThat(queue.dropped()).isEqualTo(2);
        assertThat(world.heroDb.calls("findById")).isZero();
        assertThat(world.childDb.calls("findById")).isZero();
    }

    @Test
    void theTriggeringReadReturnsWhileTheWorkerIsBlocked() throws Exception {
        CachedWorld world = new CachedWorld();
        Child child = world.childInDb("Mia", Fixtures.EN);
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        Story story = world.storyInDb("The Moon", child, hero);
        PrefetchQueue queue = queue(world).start();
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        queue.submit("blocker", () -> {
            blocked.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Warmed.SKIPPED;
        });
        assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(prefetching(world, queue).findById(story.id())).isPresent();
        assertThat(queue.queued()).isEqualTo(2); // the hero and the child, waiting behind the blocked work

        release.countDown();
        awaitIdle(queue);
        assertThat(queue.loaded()).isEqualTo(2);
    }

    /** A queue that looks at every hit for refresh-ahead: the worst case for the database. */
    private PrefetchQueue samplingEveryHit() {
        PrefetchQueue queue = new PrefetchQueue(() -> true, PrefetchQueue.CAPACITY, 1);
        queues.add(queue);
        return queue;
    }

    @Test
    void refreshAheadReloadsAHotKeyAboutToExpireOnceForManyConcurrentReads() throws Exception {
        PrefetchQueue queue = samplingEveryHit();
        CachedWorld world = new CachedWorld(CachedWorld.Setup.defaults(), queue);
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        String key = "hero:" + hero.id();
        world.heroes.findById(hero.id());
        RegistryCacheCodecs.Written entry = world.codecs.written(world.store.peek(key).orElseThrow()).orElseThrow();
        Instant dueAt = entry.cachedAt().plus(entry.ttl()).minusSeconds(60); // within the last tenth of the hour
        world.clock.advance(Duration.between(world.clock.instant(), dueAt));
        world.resetCounters();

        List<Future<Optional<Hero>>> readers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            readers.add(threads.start(() -> {
                Optional<Hero> last = Optional.empty();
                for (int j = 0; j < 50; j++) {
                    last = world.heroes.findById(hero.id());
                }
                return last;
            }));
        }
        for (Future<Optional<Hero>> reader : readers) {
            assertThat(Concurrently.result(reader)).contains(hero);
        }
        assertThat(world.heroDb.calls("findById")).as("every read was a hit").isZero();
        assertThat(queue.submitted()).as("one refresh queued, the other 399 dropped as duplicates").isEqualTo(1);

        queue.start();
        awaitIdle(queue);
        for (int i = 0; i < 20; i++) {
            world.heroes.findById(hero.id()); // hits of the refreshed entry: not due, nothing loaded
        }
        awaitIdle(queue);

        assertThat(world.heroDb.calls("findById")).isEqualTo(1);
        assertThat(queue.loaded()).isEqualTo(1);
        assertThat(queue.alreadyCached()).as("later refreshes found it fresh").isPositive();
        RegistryCacheCodecs.Written refreshed =
                world.codecs.written(world.store.peek(key).orElseThrow()).orElseThrow();
        assertThat(refreshed.cachedAt()).isEqualTo(dueAt);
        assertThat(world.cached(key)).contains(hero);
    }

    @Test
    void aHitFarFromExpiryIsNotRefreshed() {
        PrefetchQueue queue = samplingEveryHit().start();
        CachedWorld world = new CachedWorld(CachedWorld.Setup.defaults(), queue);
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        world.heroes.findById(hero.id());
        world.clock.advance(Duration.ofMinutes(50)); // ten minutes (or more, with jitter) left: not the last tenth
        world.resetCounters();

        world.heroes.findById(hero.id());
        awaitIdle(queue);

        assertThat(queue.submitted()).isEqualTo(1);
        assertThat(queue.alreadyCached()).isEqualTo(1);
        assertThat(world.heroDb.calls("findById")).isZero();
    }
}
