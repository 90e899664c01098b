package dev.taleweaver.domain;

import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Gender;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.common.ValidationException;
import dev.taleweaver.domain.common.Violation;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.domain.story.Rating;
import dev.taleweaver.domain.story.Story;
import dev.taleweaver.domain.story.StoryId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntitiesTest {
    private static final Instant AT = Instant.parse("2024-01-15T10:30:00.123456789Z");
    private static final Language EN = Language.of("en");

    private static Hero hero(String name, int age, List<String> traits) {
        return new Hero(HeroId.random(), name, age, Gender.MALE, "Wears a blue cape", traits,
                List.of("space"), List.of("flying"), EN, AT, AT);
    }

    @Test
    void validHeroKeepsItsFieldsTrimmedAndTimestampsAtMicroseconds() {
        Hero h = hero("  Captain Wonder ", 12, List.of(" brave ", "kind"));
        assertThat(h.name()).isEqualTo("Captain Wonder");
        assertThat(h.personalityTraits()).containsExactly("brave", "kind");
        assertThat(h.createdAt()).isEqualTo(Instant.parse("2024-01-15T10:30:00.123456Z"));
    }

    @Test
    void heroReportsEveryBrokenRuleAtOnce() {
        List<String> tooMany = new ArrayList<>(Collections.nCopies(Hero.LIST_MAX_ITEMS + 1, "x"));
        assertThatThrownBy(() -> new Hero(HeroId.random(), " ", -1, null, "a".repeat(Hero.APPEARANCE_MAX + 1),
                tooMany, Arrays.asListWithNull(), List.of("y".repeat(Hero.LIST_ITEM_MAX + 1)), null, AT, null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field)
                        .containsExactlyInAnyOrder("name", "age", "gender", "appearance", "personality_traits",
                                "interests[0]", "strengths[0]", "language", "updated_at"));
    }

    @Test
    void heroListsAreImmutableCopies() {
        List<String> traits = new ArrayList<>(List.of("brave"));
        Hero h = hero("Luna", 9, traits);
        traits.add("sneaky");
        assertThat(h.personalityTraits()).containsExactly("brave");
        assertThatThrownBy(() -> h.personalityTraits().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void childAgeIsThatOfAChild() {
        assertThatThrownBy(() -> new Child(ChildId.random(), "Mia", 18, Gender.FEMALE, List.of(), EN, AT, AT))
                .hasMessageContaining("age: must be between 0 and 17");
        assertThat(new Child(ChildId.random(), "Mia", 0, Gender.FEMALE, List.of(), EN, AT, AT).age()).isZero();
    }

    @Test
    void storyNeedsTitleContentAndParticipants() {
        assertThatThrownBy(() -> new Story(StoryId.random(), "", "", null, null, EN, null, AT, AT))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field)
                        .containsExactlyInAnyOrder("title", "content", "child_id", "hero_id"));
    }

    @Test
    void ratingAStoryKeepsEverythingElse() {
        Story s = new Story(StoryId.random(), "The Moon", "Once upon a time", ChildId.random(), HeroId.random(), EN,
                Optional.empty(), AT, AT);
        Instant later = AT.plusSeconds(60);
        Story rated = s.withRating(new Rating(4), later);
        assertThat(rated.rating()).contains(new Rating(4));
        assertThat(rated.updatedAt()).isEqualTo(later.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        assertThat(rated.createdAt()).isEqualTo(s.createdAt());
        assertThat(rated.title()).isEqualTo(s.title());
    }

    /** A list holding one null, which List.of cannot build. */
    private static final class Arrays {
        static List<String> asListWithNull() {
            List<String> list = new ArrayList<>();
            list.add(null);
            return list;
        }
    }
}
