package dev.taleweaver.application.cache;

import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.in.WriteOutcomeUnknownException;
import dev.taleweaver.application.port.out.EntityRepository;
import dev.taleweaver.application.port.out.Updated;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.domain.story.Story;
import dev.taleweaver.domain.story.StoryId;
import dev.taleweaver.domain.story.StoryView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The invalidation matrix of docs/caching.md, for every entity, and the write-through that follows them. */
class CacheInvalidationTest {

    /** The rules every entity follows; a nested class per entity supplies the entity. */
    abstract static class Rules<I, E, R> {
        final CachedWorld world = new CachedWorld();

        abstract EntityRepository<I, E, R> repository();

        abstract String type();

        abstract E newEntity(Language language);

        abstract E changed(E entity);

        abstract E inLanguage(E entity, Language language);

        abstract I idOf(E entity);

        abstract R view(E entity);

        /** The database side of {@link #repository()}. */
        abstract SpiedRepository<?> database();

        /** Keys beyond id, all and language that hold the entity. */
        /** Collections beyond all and language that the entity is a member of. */
        List<String> extraKeys(E entity) {
            return List.of();
        }

        /** Collections tied to the entity's language beyond {@code type:lang:{language}}. */
        List<String> extraLanguageKeys(E entity, Language language) {
            return List.of();
        }

        /** What a save or delete invalidates: the entity's own key and every collection it joins or leaves. */
        List<String> keys(E entity, Language language) {
            List<String> keys = new ArrayList<>(List.of(type() + ":" + idOf(entity), type() + ":all"));
            keys.addAll(languageKeys(entity, language));
            keys.addAll(extraKeys(entity));
            return keys;
        }

        List<String> languageKeys(E entity, Language language) {
            List<String> keys = new ArrayList<>(List.of(type() + ":lang:" + language));
            keys.addAll(extraLanguageKeys(entity, language));
            return keys;
        }

        E saved(Language language) {
            E entity = newEntity(language);
            repository().save(entity);
            world.resetCounters();
            return entity;
        }

        @Test
        void saveInvalidatesIdAllAndLanguage() {
            E entity = newEntity(Fixtures.EN);
            repository().save(entity);
            assertThat(world.store.invalidatedKeys()).containsExactlyInAnyOrderElementsOf(keys(entity, Fixtures.EN));
            assertThat(world.events.events()).contains("invalidation " + type() + " SAVE " + keys(entity, Fixtures.EN).size());
        }

        @Test
        void anUpdateThatChangesNoMembershipInvalidatesOnlyItsOwnKey() {
            E entity = saved(Fixtures.EN);
            repository().update(changed(entity));
            // collections hold ids in creation order (ADR 11): a rename changes none of them
            assertThat(world.store.invalidatedKeys()).containsExactly(type() + ":" + idOf(entity));
        }

        @Test
        void aLanguageChangeInvalidatesTheOldAndTheNewLanguage() {
            E entity = saved(Fixtures.EN);
            repository().update(inLanguage(entity, Fixtures.FR));
            List<String> expected = new ArrayList<>(List.of(type() + ":" + idOf(entity)));
            expected.addAll(languageKeys(entity, Fixtures.EN));
            expected.addAll(languageKeys(entity, Fixtures.FR));
            assertThat(world.store.invalidatedKeys()).containsExactlyInAnyOrderElementsOf(expected);
        }

        @Test
        void deleteInvalidatesIdAllAndLanguage() {
            E entity = saved(Fixtures.EN);
            repository().delete(idOf(entity));
            assertThat(world.store.invalidatedKeys()).containsExactlyInAnyOrderElementsOf(keys(entity, Fixtures.EN));
        }

        @Test
        void writesThatChangeNothingInvalidateNothing() {
            E entity = newEntity(Fixtures.EN);
            assertThat(repository().update(entity)).isEmpty();
            assertThat(repository().delete(idOf(entity))).isEmpty();
            assertThat(world.store.invalidatedKeys()).isEmpty();
        }

        @Test
        void cachedReadsSeeEveryWrite() {
            E entity = saved(Fixtures.EN);
            readEverything(entity);

            E moved = inLanguage(entity, Fixtures.FR);
            repository().update(moved);
            assertThat(repository().findById(idOf(entity))).contains(view(moved));
            assertThat(repository().listAll()).containsExactly(view(moved));
            assertThat(repository().findByLanguage(Fixtures.EN)).isEmpty();
            assertThat(repository().findByLanguage(Fixtures.FR)).containsExactly(view(moved));

            repository().delete(idOf(entity));
            assertThat(repository().findById(idOf(entity))).isEmpty();
            assertThat(repository().listAll()).isEmpty();
            assertThat(repository().findByLanguage(Fixtures.FR)).isEmpty();
        }

        @Test
        void anUpdateLeavesTheFreshValueCached() {
            E entity = saved(Fixtures.EN);
            readEverything(entity);
            E updated = changed(entity);

            repository().update(updated);

            assertThat(world.cached(type() + ":" + idOf(entity))).contains(view(updated));
            world.resetCounters();
            assertThat(repository().findById(idOf(entity))).contains(view(updated));
            assertThat(world.events.events()).containsExactly("hit " + type() + " find_by_id");
        }

        @Test
        void aSaveLeavesTheNewValueCached() {
            E entity = newEntity(Fixtures.EN);
            repository().save(entity);
            assertThat(world.cached(type() + ":" + idOf(entity))).contains(view(entity));
        }

        @Test
        void aSaveWhoseCommitWasNotAcknowledgedIsInvalidatedAsIfItHadCommitted() {
            E entity = newEntity(Fixtures.EN);
            readEverything(entity);
            database().failNextCallAfterItsWork("save", saved -> unacknowledged(null, saved));

            assertThatThrownBy(() -> repository().save(entity)).isInstanceOf(WriteOutcomeUnknownException.class);

            assertThat(world.cached(type() + ":" + idOf(entity))).as("no write-through of a state that may not exist")
                    .isEmpty();
            assertThat(repository().listAll()).containsExactly(view(entity));
            assertThat(repository().findByLanguage(Fixtures.EN)).containsExactly(view(entity));
        }

        @Test
        void anUpdateWhoseCommitWasNotAcknowledgedIsInvalidatedAsIfItHadCommitted() {
            E entity = saved(Fixtures.EN);
            readEverything(entity);
            E moved = inLanguage(changed(entity), Fixtures.FR);
            database().failNextCallAfterItsWork("update", updated -> {
                Updated<?> written = ((Optional<Updated<?>>) updated).orElseThrow();
                return unacknowledged(written.before(), written.after());
            });

            assertThatThrownBy(() -> repository().update(moved)).isInstanceOf(WriteOutcomeUnknownException.class);

            assertThat(repository().findById(idOf(entity))).contains(view(moved));
            assertThat(repository().findByLanguage(Fixtures.EN)).isEmpty();
            assertThat(repository().findByLanguage(Fixtures.FR)).containsExactly(view(moved));
        }

        @Test
        void aDeleteWhoseCommitWasNotAcknowledgedIsInvalidatedAsIfItHadCommitted() {
            E entity = saved(Fixtures.EN);
            readEverything(entity);
            database().failNextCallAfterItsWork("delete", removed ->
                    unacknowledged(((Optional<?>) removed).orElseThrow(), null));

            assertThatThrownBy(() -> repository().delete(idOf(entity)))
                    .isInstanceOf(WriteOutcomeUnknownException.class);

            assertThat(repository().findById(idOf(entity))).isEmpty();
            assertThat(repository().listAll()).isEmpty();
        }

        private static WriteOutcomeUnknownException unacknowledged(Object before, Object after) {
            return new WriteOutcomeUnknownException("the connection broke after COMMIT was sent", null, before, after);
        }

        void readEverything(E entity) {
            repository().findById(idOf(entity));
            repository().listAll();
            repository().findByLanguage(Fixtures.EN);
            repository().findByLanguage(Fixtures.FR);
        }
    }

    @Nested
    class Heroes extends Rules<HeroId, Hero, Hero> {
        @Override
        SpiedRepository<?> database() {
            return world.heroDb;
        }

        @Override
        EntityRepository<HeroId, Hero, Hero> repository() {
            return world.heroes;
        }

        @Override
        String type() {
            return "hero";
        }

        @Override
        Hero newEntity(Language language) {
            return Fixtures.hero("Hero " + Fixtures.nextInstant().toEpochMilli(), language);
        }

        @Override
        Hero changed(Hero hero) {
            return Fixtures.renamed(hero, hero.name() + " the Bold");
        }

        @Override
        Hero inLanguage(Hero hero, Language language) {
            return Fixtures.relanguaged(hero, language);
        }

        @Override
        HeroId idOf(Hero hero) {
            return hero.id();
        }

        @Override
        Hero view(Hero hero) {
            return hero;
        }
    }

    @Nested
    class Children extends Rules<ChildId, Child, Child> {
        @Override
        SpiedRepository<?> database() {
            return world.childDb;
        }

        @Override
        EntityRepository<ChildId, Child, Child> repository() {
            return world.children;
        }

        @Override
        String type() {
            return "child";
        }

        @Override
        Child newEntity(Language language) {
            return Fixtures.child("Child " + Fixtures.nextInstant().toEpochMilli(), language);
        }

        @Override
        Child changed(Child child) {
            return Fixtures.renamed(child, child.name() + " Junior");
        }

        @Override
        Child inLanguage(Child c, Language language) {
            return new Child(c.id(), c.name(), c.age(), c.gender(), c.interests(), language, c.createdAt(),
                    c.updatedAt().plus(1, ChronoUnit.SECONDS));
        }

        @Override
        ChildId idOf(Child child) {
            return child.id();
        }

        @Override
        Child view(Child child) {
            return child;
        }
    }

    @Nested
    class Stories extends Rules<StoryId, Story, StoryView> {
        private Child mia;
        private Child noah;
        private Hero hero;

        @BeforeEach
        void participants() {
            mia = world.childInDb("Mia", Fixtures.EN);
            noah = world.childInDb("Noah", Fixtures.EN);
            hero = world.heroInDb("Captain Wonder", Fixtures.EN);
            world.resetCounters();
        }

        @Override
        SpiedRepository<?> database() {
            return world.storyDb;
        }

        @Override
        EntityRepository<StoryId, Story, StoryView> repository() {
            return world.stories;
        }

        @Override
        String type() {
            return "story";
        }

        @Override
        Story newEntity(Language language) {
            return withChanges(Fixtures.story("Story " + Fixtures.nextInstant().toEpochMilli(), mia, hero),
                    mia.id(), language);
        }

        @Override
        Story changed(Story story) {
            return Fixtures.rated(story, 5);
        }

        @Override
        Story inLanguage(Story story, Language language) {
            return withChanges(story, story.childId(), language);
        }

        @Override
        StoryId idOf(Story story) {
            return story.id();
        }

        @Override
        StoryView view(Story story) {
            return new StoryView(story, story.childId().equals(mia.id()) ? "Mia" : "Noah", "Captain Wonder");
        }

        @Override
        List<String> extraKeys(Story story) {
            return List.of("story:child:" + story.childId(), "story:hero:" + story.heroId());
        }

        @Override
        List<String> extraLanguageKeys(Story story, Language language) {
            return List.of("story:child:" + story.childId() + ":lang:" + language);
        }

        @Test
        void movingAStoryToAnotherChildInvalidatesBothChildrensLists() {
            Story story = saved(Fixtures.EN);
            Story moved = withChanges(story, noah.id(), story.language());

            world.stories.update(moved);

            assertThat(world.store.invalidatedKeys()).containsExactlyInAnyOrder("story:" + story.id(),
                    "story:child:" + mia.id(), "story:child:" + noah.id(), "story:child:" + mia.id() + ":lang:en",
                    "story:child:" + noah.id() + ":lang:en");
        }

        @Test
        void cachedChildListsFollowAStoryThatMoves() {
            Story story = saved(Fixtures.EN);
            assertThat(world.stories.findByChild(mia.id())).containsExactly(view(story));
            assertThat(world.stories.findByChild(noah.id())).isEmpty();

            Story moved = withChanges(story, noah.id(), story.language());
            world.stories.update(moved);

            assertThat(world.stories.findByChild(mia.id())).isEmpty();
            assertThat(world.stories.findByChild(noah.id())).containsExactly(view(moved));
            world.stories.delete(story.id());
            assertThat(world.stories.findByChild(noah.id())).isEmpty();
        }

        private static Story withChanges(Story s, ChildId childId, Language language) {
            return new Story(s.id(), s.title(), s.content(), childId, s.heroId(), language, s.rating(),
                    s.createdAt(), s.updatedAt().plus(1, ChronoUnit.SECONDS));
        }
    }

    @Nested
    class WithoutWriteThrough {
        private final CachedWorld world = new CachedWorld(CachedWorld.Setup.defaults().withoutWriteThrough());

        @Test
        void writesOnlyInvalidateAndTheNextReaderFillsTheKey() {
            Hero hero = Fixtures.captainWonder();
            world.heroes.save(hero);
            world.heroes.findById(hero.id());
            Hero renamed = Fixtures.renamed(hero, "Captain Marvelous");

            world.heroes.update(renamed);

            assertThat(world.store.keys()).doesNotContain("hero:" + hero.id());
            assertThat(world.heroes.findById(hero.id())).contains(renamed);
            assertThat(world.cached("hero:" + hero.id())).contains(renamed);
        }
    }
}
