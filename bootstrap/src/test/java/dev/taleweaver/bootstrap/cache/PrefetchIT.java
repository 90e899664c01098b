package dev.taleweaver.bootstrap.cache;

import dev.taleweaver.adapter.postgres.testing.PostgresSchemaExtension;
import dev.taleweaver.adapter.redis.testing.TestRedis;
import dev.taleweaver.application.cache.prefetch.PrefetchQueue;
import dev.taleweaver.application.cache.prefetch.PrefetchingStoryRepository;
import dev.taleweaver.application.port.out.CacheStore;
import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Gender;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.domain.story.Story;
import dev.taleweaver.domain.story.StoryId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prefetching never caches stale data (ADR 16), on real Redis and PostgreSQL: a story read makes the prefetch
 * worker warm the story's hero; the worker's database load is paused, the hero is renamed (and invalidated), then
 * the load resumes and offers its old hero to the cache. The versioned set refuses it, so the next read is the
 * rename. Over a store that ignores versions, the same sequence does serve the old hero: the check can fail.
 */
class PrefetchIT {
    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    private final TestRedis redis = TestRedis.create();
    private final Database db = Database.postgres(POSTGRES.jdbi());
    private final CacheAudit audit = new CacheAudit(redis.client(), redis.keyPrefix(), db);
    private PrefetchQueue queue;

    @AfterEach
    void cleanUp() {
        if (queue != null) {
            queue.close();
        }
        redis.close();
    }

    @Test
    void aWarmRacingAWriteIsRefusedAndTheNextReadSeesTheWrite() {
        Outcome outcome = race(store -> store);

        assertThat(outcome.nextRead()).contains(outcome.renamed());
        assertThat(outcome.stale()).isEmpty();
    }

    @Test
    void overAStoreIgnoringVersionsTheSameWarmServesTheOldHero() {
        Outcome outcome = race(VersionIgnoringStore::new);

        assertThat(outcome.nextRead()).as("served after the write").isPresent()
                .get().extracting(Hero::name).isEqualTo("Captain Wonder");
        assertThat(outcome.stale()).isNotEmpty();
    }

    private Outcome race(UnaryOperator<CacheStore> storeUnderTest) {
        Instant at = Instant.parse("2024-01-15T10:30:00Z");
        Language en = Language.of("en");
        Hero hero = db.heroes().save(new Hero(HeroId.random(), "Captain Wonder", 12, Gender.MALE,
                "Wears a blue cape", List.of("brave"), List.of("space"), List.of("flying"), en, at, at));
        Child child = db.children().save(new Child(ChildId.random(), "Mia", 6, Gender.FEMALE,
                List.of("dragons"), en, at, at));
        Story story = new Story(StoryId.random(), "The Star", "Once upon a time.", child.id(), hero.id(), en,
                Optional.empty(), at, at);
        db.stories().save(story);
        Hero renamed = new Hero(hero.id(), "Captain Marvelous", hero.age(), hero.gender(), hero.appearance(),
                hero.personalityTraits(), hero.interests(), hero.strengths(), hero.language(), hero.createdAt(),
                hero.updatedAt().plusSeconds(1));

        PausedLoad<HeroRepository> load = PausedLoad.firstCallOf(HeroRepository.class, db.heroes(), "findById");
        CacheStack cached = CacheStack.over(db.withHeroes(load.repository()), storeUnderTest.apply(redis.store()));
        queue = new PrefetchQueue(PrefetchQueue.whileUsable(cached.breaker())).start();
        PrefetchingStoryRepository stories = new PrefetchingStoryRepository(cached.cachedStories(),
                cached.cachedHeroes(), cached.cachedChildren(), queue);

        assertThat(stories.findById(story.id())).as("the triggering read returns while the warm is paused")
                .isPresent();
        load.awaitLoaded();
        cached.heroes().update(renamed);
        load.release();
        Eventually.await("the prefetch worker is idle", PausedLoad.PATIENCE, () -> queue.finished() == queue.submitted());

        return new Outcome(renamed, cached.heroes().findById(hero.id()), audit.staleEntries());
    }

    private record Outcome(Hero renamed, Optional<Hero> nextRead, List<String> stale) {
    }
}
