package dev.taleweaver.application.service;

import dev.taleweaver.application.fake.InMemoryChildRepository;
import dev.taleweaver.application.fake.InMemoryHeroRepository;
import dev.taleweaver.application.fake.InMemoryStoryRepository;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.in.ChildCommand;
import dev.taleweaver.application.port.in.EntityConflictException;
import dev.taleweaver.application.port.in.EntityNotFoundException;
import dev.taleweaver.application.port.in.HeroCommand;
import dev.taleweaver.application.port.in.StoryCommand;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Gender;
import dev.taleweaver.domain.common.ValidationException;
import dev.taleweaver.domain.common.Violation;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.domain.story.Rating;
import dev.taleweaver.domain.story.StoryId;
import dev.taleweaver.domain.story.StoryView;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServicesTest {
    private static final Instant NOW = Instant.parse("2024-01-20T14:22:10Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final InMemoryHeroRepository heroRepo = new InMemoryHeroRepository();
    private final InMemoryChildRepository childRepo = new InMemoryChildRepository();
    private final InMemoryStoryRepository storyRepo = new InMemoryStoryRepository(childRepo, heroRepo);
    private final HeroService heroes = new HeroService(heroRepo, storyRepo, clock);
    private final ChildService children = new ChildService(childRepo, storyRepo, clock);
    private final StoryService stories = new StoryService(storyRepo, childRepo, heroRepo, clock);

    private static HeroCommand wonder(String name) {
        return new HeroCommand(name, 12, Gender.MALE, "Blue cape", List.of("brave"), List.of("space"),
                List.of("flying"), Fixtures.EN);
    }

    private static ChildCommand mia() {
        return new ChildCommand("Mia", 6, Gender.FEMALE, List.of("dragons"), Fixtures.EN);
    }

    @Test
    void createStampsIdAndTimestamps() {
        Hero h = heroes.create(wonder("Captain Wonder"));
        assertThat(h.createdAt()).isEqualTo(NOW);
        assertThat(h.updatedAt()).isEqualTo(NOW);
        assertThat(heroes.get(h.id())).isEqualTo(h);
    }

    @Test
    void replaceKeepsCreatedAtAndNeverMovesUpdatedAtBackwards() {
        Hero h = heroes.create(wonder("Captain Wonder"));
        Hero replaced = heroes.replace(h.id(), wonder("Captain Marvel"));
        assertThat(replaced.name()).isEqualTo("Captain Marvel");
        assertThat(replaced.createdAt()).isEqualTo(h.createdAt());
        assertThat(replaced.updatedAt()).isAfter(h.updatedAt());
    }

    @Test
    void unknownIdsAreNotFound() {
        HeroId missing = HeroId.random();
        assertThatThrownBy(() -> heroes.get(missing)).isInstanceOf(EntityNotFoundException.class)
                .hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> heroes.replace(missing, wonder("X"))).isInstanceOf(EntityNotFoundException.class);
        assertThatThrownBy(() -> heroes.delete(missing)).isInstanceOf(EntityNotFoundException.class);
        assertThatThrownBy(() -> children.delete(ChildId.random())).isInstanceOf(EntityNotFoundException.class);
        assertThatThrownBy(() -> stories.delete(StoryId.random())).isInstanceOf(EntityNotFoundException.class);
        assertThatThrownBy(() -> stories.storiesOfChild(ChildId.random()))
                .isInstanceOf(EntityNotFoundException.class);
    }

    @Test
    void listFiltersByLanguageWhenGiven() {
        Hero en = heroes.create(wonder("Captain Wonder"));
        heroes.create(new HeroCommand("Capitaine", 30, Gender.FEMALE, "", List.of(), List.of(), List.of(),
                Fixtures.FR));
        assertThat(heroes.list(Optional.of(Fixtures.EN))).containsExactly(en);
        assertThat(heroes.list(Optional.empty())).hasSize(2);
    }

    @Test
    void aStoryNeedsAnExistingChildAndHero() {
        StoryCommand orphan = new StoryCommand("Lost", "Nobody here", ChildId.random(), HeroId.random(),
                Fixtures.EN, Optional.empty());
        assertThatThrownBy(() -> stories.create(orphan))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("child_id", "hero_id"));
        assertThat(storyRepo.listAll()).isEmpty();
    }

    @Test
    void deletingAChildOrHeroWithStoriesIsRefused() {
        Hero h = heroes.create(wonder("Captain Wonder"));
        Child c = children.create(mia());
        StoryView s = stories.create(new StoryCommand("Moon", "Once", c.id(), h.id(), Fixtures.EN, Optional.empty()));
        assertThatThrownBy(() -> heroes.delete(h.id())).isInstanceOf(EntityConflictException.class);
        assertThatThrownBy(() -> children.delete(c.id())).isInstanceOf(EntityConflictException.class);
        stories.delete(s.id());
        heroes.delete(h.id());
        children.delete(c.id());
        assertThat(heroRepo.listAll()).isEmpty();
        assertThat(childRepo.listAll()).isEmpty();
    }

    @Test
    void storiesCarryNamesAndCanBeRated() {
        Hero h = heroes.create(wonder("Captain Wonder"));
        Child c = children.create(mia());
        StoryView s = stories.create(new StoryCommand("Moon", "Once", c.id(), h.id(), Fixtures.EN, Optional.empty()));
        assertThat(s.childName()).isEqualTo("Mia");
        assertThat(s.heroName()).isEqualTo("Captain Wonder");
        StoryView rated = stories.rate(s.id(), new Rating(5));
        assertThat(rated.story().rating()).contains(new Rating(5));
        assertThat(stories.storiesOfChild(c.id())).containsExactly(rated);
    }
}
