package dev.taleweaver.application.contract;

import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.out.ChildRepository;
import dev.taleweaver.application.port.out.EntityRepository;
import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.application.port.out.StoryRepository;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.paging.Listing;
import dev.taleweaver.domain.paging.Page;
import dev.taleweaver.domain.paging.PageRequest;
import dev.taleweaver.domain.story.Story;
import dev.taleweaver.domain.story.StoryId;
import dev.taleweaver.domain.story.StoryView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.temporal.ChronoUnit;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The story repository contract. Stories need a child and a hero; the subject supplies repositories for
 * all three, sharing one store.
 */
public abstract class StoryRepositoryContract extends EntityRepositoryContract<StoryId, Story, StoryView> {

    protected abstract StoryRepository stories();

    protected abstract ChildRepository children();

    protected abstract HeroRepository heroes();

    private Child child;
    private Hero hero;

    @BeforeEach
    void participants() {
        child = children().save(Fixtures.mia());
        hero = heroes().save(Fixtures.captainWonder());
    }

    @Override
    protected EntityRepository<StoryId, Story, StoryView> repository() {
        return stories();
    }

    @Override
    protected Story newEntity(Language language) {
        Story s = Fixtures.story("Story " + Fixtures.nextInstant().toEpochMilli(), child, hero);
        return new Story(s.id(), s.title(), s.content(), s.childId(), s.heroId(), language, s.rating(),
                s.createdAt(), s.updatedAt());
    }

    @Override
    protected Story changed(Story e) {
        return Fixtures.rated(e, 5);
    }

    @Override
    protected Story inLanguage(Story s, Language language) {
        return new Story(s.id(), s.title(), s.content(), s.childId(), s.heroId(), language, s.rating(),
                s.createdAt(), s.updatedAt().plus(1, ChronoUnit.SECONDS));
    }

    @Override
    protected StoryId idOf(Story e) {
        return e.id();
    }

    @Override
    protected StoryView expectedView(Story e) {
        String childName = children().findById(e.childId()).orElseThrow().name();
        String heroName = heroes().findById(e.heroId()).orElseThrow().name();
        return new StoryView(e, childName, heroName);
    }

    @Test
    void storiesOfAChildAreOnlyThatChildsOldestFirst() {
        Child other = children().save(Fixtures.child("Noah", Fixtures.EN));
        Story a = newEntity(Fixtures.EN);
        Story theirs = Fixtures.story("Not Mia's", other, hero);
        Story b = newEntity(Fixtures.FR);
        stories().save(b);
        stories().save(theirs);
        stories().save(a);
        assertThat(stories().findByChild(child.id())).containsExactly(expectedView(a), expectedView(b));
        assertThat(stories().findByChild(other.id())).containsExactly(expectedView(theirs));
        assertThat(stories().page(new Listing.OfChild(child.id(), Optional.empty()), PageRequest.first(10)).items())
                .containsExactly(expectedView(a), expectedView(b));
        assertThat(stories().page(new Listing.OfChild(child.id(), Optional.of(Fixtures.FR)), PageRequest.first(10))
                .items()).containsExactly(expectedView(b));
        assertThat(stories().members(new Listing.OfChild(other.id(), Optional.empty()))).hasSize(1);
    }

    @Test
    void storiesOfAHeroAreOnlyThatHerosOldestFirst() {
        Hero other = heroes().save(Fixtures.hero("Luna", Fixtures.EN));
        Story a = newEntity(Fixtures.EN);
        Story theirs = Fixtures.story("Luna's", child, other);
        Story b = newEntity(Fixtures.FR);
        stories().save(b);
        stories().save(theirs);
        stories().save(a);
        assertThat(stories().findByHero(hero.id())).containsExactly(expectedView(a), expectedView(b));
        assertThat(stories().findByHero(other.id())).containsExactly(expectedView(theirs));
        Page<StoryView> first = stories().page(new Listing.OfHero(hero.id()), PageRequest.first(1));
        assertThat(first.items()).containsExactly(expectedView(a));
        assertThat(stories().page(new Listing.OfHero(hero.id()), new PageRequest(first.next(), 1)).items())
                .containsExactly(expectedView(b));
        assertThat(stories().members(new Listing.OfHero(other.id()))).hasSize(1);
    }

    @Test
    void existenceChecksByChildAndHero() {
        assertThat(stories().existsForChild(child.id())).isFalse();
        assertThat(stories().existsForHero(hero.id())).isFalse();
        stories().save(newEntity(Fixtures.EN));
        assertThat(stories().existsForChild(child.id())).isTrue();
        assertThat(stories().existsForHero(hero.id())).isTrue();
    }

    @Test
    void viewsCarryTheCurrentNamesOfChildAndHero() {
        Story s = newEntity(Fixtures.EN);
        stories().save(s);
        stories().findById(s.id());
        stories().findByChild(child.id());
        children().update(Fixtures.renamed(child, "Mia Rose"));
        heroes().update(Fixtures.renamed(hero, "Captain Marvelous"));
        StoryView view = stories().findById(s.id()).orElseThrow();
        assertThat(view.childName()).isEqualTo("Mia Rose");
        assertThat(view.heroName()).isEqualTo("Captain Marvelous");
        assertThat(stories().findByChild(child.id())).extracting(StoryView::heroName)
                .containsExactly("Captain Marvelous");
        assertThat(stories().listAll()).extracting(StoryView::childName).containsExactly("Mia Rose");
    }
}
