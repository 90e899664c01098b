package dev.taleweaver.application.cache;

import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.story.Story;
import dev.taleweaver.domain.story.StoryView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Story views embed their child's and hero's names; changing either must not leave old names cached. */
class CrossEntityInvalidationTest {
    private final CachedWorld world = new CachedWorld();
    private Child mia;
    private Child noah;
    private Hero wonder;
    private Hero luna;
    private Story miaWithWonder;
    private Story noahWithWonder;
    private Story miaWithLuna;

    @BeforeEach
    void stories() {
        mia = world.childInDb("Mia", Fixtures.EN);
        noah = world.childInDb("Noé", Fixtures.FR);
        wonder = world.heroInDb("Captain Wonder", Fixtures.EN);
        luna = world.heroInDb("Luna", Fixtures.EN);
        miaWithWonder = world.storyInDb("The Moon", mia, wonder);
        noahWithWonder = world.storyInDb("La Lune", noah, wonder);
        miaWithLuna = world.storyInDb("The Sea", mia, luna);
        readEveryStoryView();
        world.resetCounters();
    }

    @Test
    void aHeroUpdateInvalidatesEveryStoryViewThatNamesTheHero() {
        world.heroes.update(Fixtures.renamed(wonder, "Captain Marvelous"));

        // the views embed the name; the story collections hold ids and keep their members (ADR 11)
        assertThat(storyKeysInvalidated()).containsExactlyInAnyOrder(
                "story:" + miaWithWonder.id(), "story:" + noahWithWonder.id());
        assertThat(world.store.keys()).contains("story:" + miaWithLuna.id(), "story:all", "story:lang:en",
                "story:child:" + mia.id());
        assertThat(world.events.events()).contains("invalidation story RELATED_CHANGE 2");
    }

    @Test
    void everyCachedStoryReadShowsTheHerosNewName() {
        world.heroes.update(Fixtures.renamed(wonder, "Captain Marvelous"));

        assertThat(world.stories.findById(miaWithWonder.id())).map(StoryView::heroName).contains("Captain Marvelous");
        assertThat(world.stories.findById(noahWithWonder.id())).map(StoryView::heroName).contains("Captain Marvelous");
        assertThat(world.stories.listAll()).extracting(StoryView::heroName)
                .containsExactly("Captain Marvelous", "Captain Marvelous", "Luna");
        assertThat(world.stories.findByLanguage(Fixtures.FR)).extracting(StoryView::heroName)
                .containsExactly("Captain Marvelous");
        assertThat(world.stories.findByChild(mia.id())).extracting(StoryView::heroName)
                .containsExactly("Captain Marvelous", "Luna");
    }

    @Test
    void aChildUpdateInvalidatesEveryStoryViewThatNamesTheChild() {
        world.children.update(Fixtures.renamed(mia, "Mia Rose"));

        assertThat(storyKeysInvalidated()).containsExactlyInAnyOrder(
                "story:" + miaWithWonder.id(), "story:" + miaWithLuna.id());
        assertThat(world.stories.findByChild(mia.id())).extracting(StoryView::childName)
                .containsExactly("Mia Rose", "Mia Rose");
        assertThat(world.stories.findById(miaWithLuna.id())).map(StoryView::childName).contains("Mia Rose");
        assertThat(world.store.keys()).contains("story:" + noahWithWonder.id(), "story:child:" + noah.id());
    }

    @Test
    void aHeroWithoutStoriesTouchesNoStoryKey() {
        Hero lonely = world.heroInDb("Lonely", Fixtures.EN);
        world.resetCounters();

        world.heroes.update(Fixtures.renamed(lonely, "Less Lonely"));

        assertThat(storyKeysInvalidated()).isEmpty();
    }

    @Test
    void aDeletedHeroOrChildAlsoDropsTheViewsThatNamedIt() {
        Hero gone = world.heroInDb("Gone", Fixtures.EN);
        world.resetCounters();
        world.heroes.delete(gone.id());
        world.children.delete(noah.id());

        assertThat(world.storyDb.calls("findByHero")).isEqualTo(1);
        assertThat(world.storyDb.calls("findByChild")).isEqualTo(1);
    }

    @Test
    void whenTheAffectedStoriesCannotBeFoundEveryStoryEntryIsDropped() {
        world.storyDb.failNextCall("findByHero", new IllegalStateException("database hiccup"));

        Hero renamed = Fixtures.renamed(wonder, "Captain Marvelous");
        assertThat(world.heroes.update(renamed)).isPresent();

        assertThat(world.store.deletedPatterns()).containsExactly("story:*");
        assertThat(world.store.keys()).noneMatch(key -> key.startsWith("story:"));
        assertThat(world.stories.findById(miaWithWonder.id())).map(StoryView::heroName).contains("Captain Marvelous");
    }

    private List<String> storyKeysInvalidated() {
        return world.store.invalidatedKeys().stream().filter(key -> key.startsWith("story:")).toList();
    }

    private void readEveryStoryView() {
        for (Story story : List.of(miaWithWonder, noahWithWonder, miaWithLuna)) {
            world.stories.findById(story.id());
        }
        world.stories.listAll();
        world.stories.findByLanguage(Fixtures.EN);
        world.stories.findByLanguage(Fixtures.FR);
        world.stories.findByChild(mia.id());
        world.stories.findByChild(noah.id());
    }
}
