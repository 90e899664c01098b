package dev.taleweaver.domain;

import dev.taleweaver.domain.common.Gender;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.common.ValidationException;
import dev.taleweaver.domain.common.Violation;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.domain.story.Rating;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValueObjectsTest {

    @ParameterizedTest
    @ValueSource(strings = {"en", "fr", "de", "ja", "sw"})
    void languageAcceptsIso6391Codes(String code) {
        assertThat(Language.of(code).code()).isEqualTo(code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"EN", "eng", "e", "", "zz", "e1", " en"})
    void languageRejectsAnythingElseAndSaysWhatIsAllowed(String code) {
        assertThatThrownBy(() -> Language.of(code))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("language")
                .hasMessageContaining("ISO 639-1");
    }

    @Test
    void genderParsesWireNamesOnly() {
        assertThat(Gender.parse("non_binary")).isEqualTo(Gender.NON_BINARY);
        assertThat(Gender.MALE.wireName()).isEqualTo("male");
        assertThatThrownBy(() -> Gender.parse("Male"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("male, female, non_binary, unspecified");
    }

    @Test
    void ratingIsOneToFiveStars() {
        assertThat(new Rating(1).stars()).isEqualTo(1);
        assertThat(new Rating(5).stars()).isEqualTo(5);
        assertThatThrownBy(() -> new Rating(0)).hasMessageContaining("between 1 and 5");
        assertThatThrownBy(() -> new Rating(6)).hasMessageContaining("between 1 and 5");
    }

    @Test
    void idsParseCanonicalUuidsAndNameTheField() {
        String uuid = "550e8400-e29b-41d4-a716-446655440000";
        assertThat(HeroId.parse(uuid).toString()).isEqualTo(uuid);
        assertThatThrownBy(() -> HeroId.parse("hero_id", "42"))
                .isInstanceOfSatisfying(ValidationException.class, e ->
                        assertThat(e.violations()).extracting(Violation::field).containsExactly("hero_id"));
        assertThatThrownBy(() -> HeroId.parse("550e8400-e29b-41d4-a716-44665544000g"))
                .isInstanceOf(ValidationException.class);
    }
}
