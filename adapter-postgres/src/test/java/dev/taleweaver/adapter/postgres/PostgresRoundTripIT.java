package dev.taleweaver.adapter.postgres;

import dev.taleweaver.adapter.postgres.testing.PostgresSchemaExtension;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Gender;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.domain.story.Rating;
import dev.taleweaver.domain.story.Story;
import dev.taleweaver.domain.story.StoryId;
import dev.taleweaver.domain.story.StoryView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** What goes in comes back exactly: text in any script, limits, empty lists, absent ratings, instants. */
class PostgresRoundTripIT {

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    private final PostgresHeroRepository heroes = new PostgresHeroRepository(POSTGRES.jdbi());
    private final PostgresChildRepository children = new PostgresChildRepository(POSTGRES.jdbi());
    private final PostgresStoryRepository stories = new PostgresStoryRepository(POSTGRES.jdbi());

    /** {@code n} characters, each outside the Basic Multilingual Plane (two UTF-16 units). */
    private static String unicorns(int n) {
        return "🦄".repeat(n);
    }

    /** {@code prefix} filled up with x to exactly {@code length} characters. */
    private static String padded(String prefix, int length) {
        return prefix + "x".repeat(length - prefix.codePointCount(0, prefix.length()));
    }

    @Test
    void unicodeAndLimitValuesSurviveTheRoundTrip() {
        Instant created = Instant.parse("2024-02-29T23:59:59.123456Z");
        List<String> fullList = IntStream.range(0, Hero.LIST_MAX_ITEMS)
                .mapToObj(i -> (i % 2 == 0 ? "é" : "ß").repeat(Hero.LIST_ITEM_MAX)).toList();
        Hero hero = new Hero(HeroId.random(), unicorns(Hero.NAME_MAX), Hero.AGE_MAX, Gender.NON_BINARY,
                padded("雪の女王、❄️ と \"引用\" 'quotes' \\ back\\slash, {braces}, NULL ", Hero.APPEARANCE_MAX),
                fullList, List.of("comma, inside", "{\"json\": 1}", "NULL", "日本語"), List.of("Здравствуй"),
                Language.of("ja"), created, created.plusNanos(1_000));
        Child child = new Child(ChildId.random(), "Zoë Łukasz-Nguyễn", Child.AGE_MAX, Gender.UNSPECIFIED,
                List.of(), Language.of("pl"), created, created);

        assertThat(heroes.save(hero)).isEqualTo(hero);
        assertThat(children.save(child)).isEqualTo(child);
        assertThat(heroes.findById(hero.id())).contains(hero);
        assertThat(children.findById(child.id())).contains(child);
        assertThat(heroes.findById(hero.id()).orElseThrow().name().codePointCount(0, hero.name().length()))
                .isEqualTo(Hero.NAME_MAX);
    }

    @Test
    void emptyListsStayEmptyAndMinimumValuesAreKept() {
        Instant at = Instant.parse("1970-01-01T00:00:00Z");
        Hero hero = new Hero(HeroId.random(), "X", Hero.AGE_MIN, Gender.FEMALE, "", List.of(), List.of(), List.of(),
                Language.of("en"), at, at);
        heroes.save(hero);
        Hero read = heroes.findById(hero.id()).orElseThrow();
        assertThat(read).isEqualTo(hero);
        assertThat(read.personalityTraits()).isEqualTo(Collections.emptyList());
        assertThat(read.appearance()).isEmpty();
    }

    @Test
    void storiesWithAndWithoutRatingAndOfMaximumLength() {
        Child child = children.save(Fixtures.child("Åsa", Language.of("sv")));
        Hero hero = heroes.save(Fixtures.hero("Grüffelo 🐭", Language.of("sv")));
        Instant at = Instant.parse("2031-12-31T23:59:59.999999Z");
        Story unrated = new Story(StoryId.random(), unicorns(Story.TITLE_MAX), "ü".repeat(Story.CONTENT_MAX),
                child.id(), hero.id(), Language.of("sv"), Optional.empty(), at, at);
        Story rated = new Story(StoryId.random(), "Rated", "Once.", child.id(), hero.id(), Language.of("sv"),
                Optional.of(new Rating(Rating.MIN)), at.minusSeconds(1), at);

        assertThat(stories.save(unrated)).isEqualTo(new StoryView(unrated, "Åsa", "Grüffelo 🐭"));
        stories.save(rated);

        assertThat(stories.findById(unrated.id()).orElseThrow().story().rating()).isEmpty();
        assertThat(stories.findById(rated.id()).orElseThrow().story().rating()).contains(new Rating(1));
        assertThat(stories.listAll()).extracting(StoryView::story).containsExactly(rated, unrated);
    }

    @Test
    void instantsComeBackToTheMicrosecondAndAreStoredAsUtcInstants() {
        Instant precise = Instant.parse("2024-06-30T22:15:30.000001Z");
        Hero hero = Fixtures.hero("Tick", Fixtures.EN);
        Hero timed = new Hero(hero.id(), hero.name(), hero.age(), hero.gender(), hero.appearance(),
                hero.personalityTraits(), hero.interests(), hero.strengths(), hero.language(), precise,
                precise.plusMillis(1));
        heroes.save(timed);

        Hero read = heroes.findById(timed.id()).orElseThrow();
        assertThat(read.createdAt()).isEqualTo(precise);
        assertThat(read.updatedAt()).isEqualTo(precise.plusMillis(1));
        // stored as an instant: the database reads the same wall-clock time in UTC
        String utc = POSTGRES.jdbi().withHandle(h -> h.createQuery(
                        "SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM heroes")
                .mapTo(String.class).one());
        assertThat(utc).isEqualTo("2024-06-30 22:15:30.000001");
    }
}
