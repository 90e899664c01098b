package dev.taleweaver.adapter.postgres;

import dev.taleweaver.adapter.postgres.testing.PostgresSchemaExtension;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.in.EntityConflictException;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.domain.story.Story;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The database keeps its own rules even when the service's checks are bypassed or raced. */
class PostgresIntegrityIT {

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    private final PostgresHeroRepository heroes = new PostgresHeroRepository(POSTGRES.jdbi());
    private final PostgresChildRepository children = new PostgresChildRepository(POSTGRES.jdbi());
    private final PostgresStoryRepository stories = new PostgresStoryRepository(POSTGRES.jdbi());

    private Child mia;
    private Hero captain;
    private Story story;

    @BeforeEach
    void aStoryOfMiaAndTheCaptain() {
        mia = children.save(Fixtures.mia());
        captain = heroes.save(Fixtures.captainWonder());
        story = stories.save(Fixtures.story("The Comet", mia, captain)).story();
    }

    @Test
    void aHeroWithStoriesCannotBeDeleted() {
        assertThatThrownBy(() -> heroes.delete(captain.id()))
                .isInstanceOf(EntityConflictException.class)
                .hasMessageContaining("delete hero " + captain.id() + " refused")
                .hasMessageContaining("stories");
        assertThat(heroes.findById(captain.id())).contains(captain);
        assertThat(stories.findByHero(captain.id())).hasSize(1);
    }

    @Test
    void aChildWithStoriesCannotBeDeleted() {
        assertThatThrownBy(() -> children.delete(mia.id()))
                .isInstanceOf(EntityConflictException.class)
                .hasMessageContaining("delete child " + mia.id() + " refused");
        assertThat(children.findById(mia.id())).contains(mia);
    }

    @Test
    void onceItsStoriesAreGoneAHeroCanBeDeleted() {
        stories.delete(story.id());
        assertThat(heroes.delete(captain.id())).contains(captain);
        assertThat(children.delete(mia.id())).contains(mia);
    }

    @Test
    void aStoryMustReferToAnExistingChildAndHero() {
        Child stranger = Fixtures.child("Nobody", Fixtures.EN);
        Hero ghost = Fixtures.hero("Ghost", Fixtures.EN);
        assertThatThrownBy(() -> stories.save(Fixtures.story("Orphan", stranger, captain)))
                .isInstanceOf(EntityConflictException.class)
                .hasMessageContaining("save story");
        assertThat(stories.update(Fixtures.story("Haunted", mia, ghost))).isEmpty(); // unknown story: no write
        Story moved = new Story(story.id(), story.title(), story.content(), story.childId(), ghost.id(),
                story.language(), story.rating(), story.createdAt(), story.updatedAt().plusSeconds(1));
        assertThatThrownBy(() -> stories.update(moved)).isInstanceOf(EntityConflictException.class);
        assertThat(stories.findById(story.id()).orElseThrow().story()).isEqualTo(story);
    }

    @Test
    void aSecondEntityWithTheSameIdIsAConflictAndChangesNothing() {
        Hero impostor = Fixtures.renamed(captain, "Impostor");
        assertThatThrownBy(() -> heroes.save(impostor))
                .isInstanceOf(EntityConflictException.class)
                .hasMessageContaining("save hero " + captain.id() + " refused")
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> children.save(Fixtures.renamed(mia, "Mia Two")))
                .isInstanceOf(EntityConflictException.class);
        assertThatThrownBy(() -> stories.save(Fixtures.rated(story, 3)))
                .isInstanceOf(EntityConflictException.class);
        assertThat(heroes.listAll()).containsExactly(captain);
        assertThat(children.listAll()).containsExactly(mia);
        assertThat(stories.listAll()).extracting(v -> v.story()).containsExactly(story);
    }

    /** Rows written past the domain (raw SQL) that break its limits are refused by the schema itself. */
    @ParameterizedTest
    @ValueSource(strings = {
            "age = 1001",
            "age = -1",
            "gender = 'robot'",
            "name = ''",
            "name = repeat('a', 101)",
            "appearance = repeat('a', 1001)",
            "language = 'EN'",
            "strengths = array_fill('x'::text, ARRAY[21])",
            "interests = ARRAY['']",
            "interests = ARRAY[repeat('a', 101)]",
            "interests = ARRAY[NULL]::text[]",
            "interests = NULL",
    })
    void heroRowsBreakingTheDomainLimitsAreRefused(String assignment) {
        assertThatThrownBy(() -> POSTGRES.schema().executeAsAdmin(
                "UPDATE heroes SET " + assignment + " WHERE id = '" + captain.id() + "'"))
                .hasMessageMatching("(?s).*(violates check constraint|violates not-null constraint).*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rating = 0", "rating = 6", "title = repeat('t', 201)", "content = ''",
            "content = repeat('c', 20001)"})
    void storyRowsBreakingTheDomainLimitsAreRefused(String assignment) {
        assertThatThrownBy(() -> POSTGRES.schema().executeAsAdmin(
                "UPDATE stories SET " + assignment + " WHERE id = '" + story.id() + "'"))
                .hasMessageContaining("violates check constraint");
    }

    @Test
    void childAgeIsLimitedToChildhood() {
        assertThatThrownBy(() -> POSTGRES.schema().executeAsAdmin(
                "UPDATE children SET age = 18 WHERE id = '" + mia.id() + "'"))
                .hasMessageContaining("violates check constraint");
        POSTGRES.schema().executeAsAdmin("UPDATE children SET age = 17, interests = '{}' WHERE id = '"
                + mia.id() + "'");
        assertThat(children.findById(mia.id()).orElseThrow().interests()).isEqualTo(List.of());
    }

    @Test
    void unknownIdsAreSimplyAbsent() {
        assertThat(heroes.delete(HeroId.random())).isEmpty();
        assertThat(children.update(Fixtures.child("Nobody", Fixtures.EN))).isEmpty();
        assertThat(stories.existsForChild(ChildId.random())).isFalse();
    }
}
