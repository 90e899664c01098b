package dev.taleweaver.domain;

import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Gender;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.common.Text;
import dev.taleweaver.domain.common.ValidationException;
import dev.taleweaver.domain.common.Violation;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.domain.story.Story;
import dev.taleweaver.domain.story.StoryId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What text the entities accept, and what they do to it: NFC, no control characters, no invisible-only names. */
class TextRulesTest {
    private static final Instant AT = Instant.parse("2024-01-15T10:30:00Z");
    private static final Language EN = Language.of("en");

    private static Child child(String name) {
        return new Child(ChildId.random(), name, 6, Gender.FEMALE, List.of("dragons"), EN, AT, AT);
    }

    private static Child childInterestedIn(String interest) {
        return new Child(ChildId.random(), "Mia", 6, Gender.FEMALE, List.of(interest), EN, AT, AT);
    }

    private static Story story(String title, String content) {
        return new Story(StoryId.random(), title, content, ChildId.random(), HeroId.random(), EN, Optional.empty(),
                AT, AT);
    }

    private static Hero hero(String appearance, List<String> traits, List<String> interests, List<String> strengths) {
        return new Hero(HeroId.random(), "Captain Wonder", 12, Gender.MALE, appearance, traits, interests, strengths,
                EN, AT, AT);
    }

    private static Violation onlyViolation(Runnable build) {
        try {
            build.run();
        } catch (ValidationException e) {
            assertThat(e.violations()).hasSize(1);
            return e.violations().get(0);
        }
        throw new AssertionError("expected a ValidationException");
    }

    @Test
    void textIsStoredInNfc() {
        Child mia = child("Zoe\u0301 Me\u0301lanie"); // e + combining acute accent

        assertThat(mia.name()).isEqualTo("Zo\u00e9 M\u00e9lanie");
        assertThat(story("Caf\u0065\u0301", "Cre\u0300me").content()).isEqualTo("Cr\u00e8me");
        assertThat(childInterestedIn("A\u030a").interests()).containsExactly("\u00c5");
    }

    @Test
    void textIsNormalisedExactlyWhenAValueWouldKeepItUnchanged() {
        assertThat(Text.isNormalised("Zo\u00e9 M\u00e9lanie")).isTrue();
        assertThat(Text.isNormalised("line one\nline two")).isTrue();
        assertThat(Text.isNormalised("")).isTrue();
        assertThat(Text.isNormalised("Zoe\u0301")).as("not NFC").isFalse();
        assertThat(Text.isNormalised(" Mia")).as("a space before").isFalse();
        assertThat(Text.isNormalised("Mia\u00a0")).as("a no-break space after").isFalse();
        assertThat(Text.isNormalised("\u200bMia")).as("a zero-width space before").isFalse();
        assertThat(Text.isNormalised("\u200c")).as("invisible only").isFalse();
        assertThat(child("Mia").name()).matches(Text::isNormalised);
    }

    @Test
    void lengthIsCountedAfterNfc() {
        String hundredAccented = "e\u0301".repeat(Child.NAME_MAX); // 200 chars, 100 characters once composed

        assertThat(child(hundredAccented).name()).isEqualTo("\u00e9".repeat(Child.NAME_MAX));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Mia\u0000", "Mia\nINFO forged log line", "Mia\r", "Mi\ta", "Mia\u001b[31m", "Mia\u007f",
            "Mia\u0085", "Mia\u2028Leo"})
    void controlCharactersAndLineBreaksInANameAre400NamingIt(String name) {
        Violation v = onlyViolation(() -> child(name));

        assertThat(v.field()).isEqualTo("name");
        assertThat(v.message()).contains("control characters").contains("U+");
        assertThat(v.message()).doesNotContain("\u0000", "\n", "\r", "\t", "\u001b", "\u007f", "\u2028");
    }

    @Test
    void theMessageSaysWhichCharacterAndWhere() {
        assertThat(onlyViolation(() -> child("Mi\u0000a")).message()).contains("U+0000", "character 3");
    }

    @Test
    void controlCharactersAreRefusedInEveryTextField() {
        assertThat(onlyViolation(() -> story("The\u0000Moon", "ok")).field()).isEqualTo("title");
        assertThat(onlyViolation(() -> childInterestedIn("sea\u0001")).field()).isEqualTo("interests[0]");
        assertThat(onlyViolation(() -> hero("cape\u0007", List.of(), List.of(), List.of())).field())
                .isEqualTo("appearance");
        assertThat(onlyViolation(() -> hero("cape", List.of("brave", "\u0000"), List.of(), List.of())).field())
                .isEqualTo("personality_traits[1]");
    }

    @Test
    void aHerosAppearanceMayHoldLineBreaksAndTabsToo() {
        String described = "A shiny horn,\n\tand a long tail";

        assertThat(hero(described, List.of(), List.of(), List.of()).appearance()).isEqualTo(described);
        assertThat(onlyViolation(() -> hero("cape\u0000", List.of(), List.of(), List.of())).field())
                .isEqualTo("appearance");
    }

    @Test
    void storyContentMayHoldLineBreaksAndTabsButNoOtherControlCharacters() {
        String prose = "Once upon a time\r\nthere was a moon.\n\n\tThe end.";

        assertThat(story("The Moon", prose).content()).isEqualTo(prose);
        assertThat(story("The Moon", "Line one\u2028line two").content()).isEqualTo("Line one\u2028line two");
        Violation v = onlyViolation(() -> story("The Moon", "Once\u0000upon"));
        assertThat(v.field()).isEqualTo("content");
        assertThat(v.message()).contains("U+0000").contains("tab", "line feed", "carriage return");
        assertThat(onlyViolation(() -> story("The\nMoon", "ok")).field()).isEqualTo("title");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\ud800b", "a\udc00b", "ab\ud800", "\udfff", "\udc00\ud800"})
    void loneSurrogatesAreRefusedNotStoredAsQuestionMarks(String name) {
        Violation v = onlyViolation(() -> child(name));

        assertThat(v.field()).isEqualTo("name");
        assertThat(v.message()).contains("surrogate");
    }

    @Test
    void pairedSurrogatesAreOneCharacterEach() {
        String emoji = "\ud83d\ude00"; // U+1F600

        assertThat(child(emoji.repeat(Child.NAME_MAX)).name()).hasSize(2 * Child.NAME_MAX);
        assertThat(onlyViolation(() -> child(emoji.repeat(Child.NAME_MAX + 1))).message()).contains("1 to 100");
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "\u200b", "\ufeff", "\u00a0", "\u200c\u200d", "\u2060", "\u3000", "\u202f",
            "\u200b\u00a0\ufeff\u2060 \u200e", "\u3164", "\u115f\u1160", "\u2800", "\ufe0f", "\u00ad"})
    void aNameOfOnlySpacesOrInvisibleCharactersIsEmpty(String name) {
        Violation v = onlyViolation(() -> child(name));

        assertThat(v.field()).isEqualTo("name");
        assertThat(v.message()).contains("1 to 100").contains("invisible");
    }

    @Test
    void anEmptyNameIsSimplyTooShort() {
        assertThat(onlyViolation(() -> child("")).message()).isEqualTo("must be 1 to 100 characters");
    }

    @Test
    void invisibleOnlyTextIsEmptyEverywhere() {
        assertThat(onlyViolation(() -> childInterestedIn("\u200b")).field()).isEqualTo("interests[0]");
        assertThat(onlyViolation(() -> story("\ufeff", "ok")).field()).isEqualTo("title");
        assertThat(onlyViolation(() -> story("ok", "\u00a0\n\u200b")).field()).isEqualTo("content");
        // an optional text made of nothing visible is simply empty
        assertThat(hero("\u00a0\u200b", List.of(), List.of(), List.of()).appearance()).isEmpty();
    }

    @Test
    void spacesAndZeroWidthMarksAroundTextAreTrimmedButInnerOnesKept() {
        assertThat(child("\ufeff\u00a0Mia\u200b ").name()).isEqualTo("Mia");
        assertThat(child("Mia\u00a0Rose").name()).isEqualTo("Mia\u00a0Rose");
        String family = "\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67"; // man ZWJ woman ZWJ girl
        assertThat(child(family).name()).isEqualTo(family);
        String heart = "\u2764\ufe0f"; // the variation selector at the end is part of the emoji
        assertThat(child(heart).name()).isEqualTo(heart);
    }

    @Test
    void aListTooLongIsOneViolationWhateverItsItems() {
        List<String> huge = Collections.nCopies(130_000, "\u0000");

        assertThatThrownBy(() -> hero("cape", huge, List.of(), List.of()))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.violations()).containsExactly(
                            new Violation("personality_traits", "must have at most 20 items"));
                    assertThat(e.total()).isEqualTo(1);
                });
    }

    @Test
    void atMostTwentyViolationsAreKeptAndTheRestCounted() {
        List<String> bad = Collections.nCopies(Hero.LIST_MAX_ITEMS, "x".repeat(Hero.LIST_ITEM_MAX + 1));

        assertThatThrownBy(() -> new Hero(HeroId.random(), "", -1, null, "cape", bad, bad, bad, null, AT, AT))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.violations()).hasSize(ValidationException.MAX_LISTED);
                    assertThat(e.total()).isEqualTo(3 + 3 * Hero.LIST_MAX_ITEMS + 1);
                    assertThat(e.unlisted()).isEqualTo(e.total() - ValidationException.MAX_LISTED);
                    assertThat(e.getMessage()).contains("and 44 more");
                    assertThat(e.getMessage().length()).isLessThan(2_000);
                });
    }

    @Test
    void echoedValuesAreClippedAndCleaned() {
        assertThatThrownBy(() -> Gender.parse("robot".repeat(10_000)))
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(200));
        assertThatThrownBy(() -> Language.of("e\u0000\nINFO x"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u0000", "\n"));
        assertThat(Text.quoted("ab\ud800")).isEqualTo("\"ab\ufffd\"");
        String clipped = Text.quoted("\ud83d\ude00".repeat(100));
        assertThat(clipped).isEqualTo("\"" + "\ud83d\ude00".repeat(Text.ECHO_MAX) + "…\"");
        assertThat(Text.quoted(null)).isEqualTo("null");
    }

    @Test
    void aViolationBoundsWhatItHolds() {
        Violation v = new Violation("f".repeat(10_000), "m".repeat(10_000));

        assertThat(v.field().length()).isLessThanOrEqualTo(Violation.FIELD_MAX + 1);
        assertThat(v.message().length()).isLessThanOrEqualTo(Violation.MESSAGE_MAX + 1);
    }
}
