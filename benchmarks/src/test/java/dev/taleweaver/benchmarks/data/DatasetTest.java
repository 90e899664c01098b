package dev.taleweaver.benchmarks.data;

import dev.taleweaver.domain.hero.Hero;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class DatasetTest {

    @Test
    void theSameSizeAndSeedGiveTheSameDataSoALoadedSchemaCanBeReused() {
        Dataset a = Dataset.generate(1_000, 7);
        Dataset b = Dataset.generate(1_000, 7);
        assertThat(a).isEqualTo(b);
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
        assertThat(Dataset.generate(1_000, 8).heroes().get(0).id()).isNotEqualTo(a.heroes().get(0).id());
    }

    @Test
    void heroesSpreadEvenlyOverTwentyLanguagesWithChildrenAndStoriesAlongside() {
        Dataset data = Dataset.generate(10_000, 1);
        Map<String, Long> perLanguage = data.heroes().stream()
                .collect(Collectors.groupingBy(h -> h.language().code(), Collectors.counting()));
        assertThat(perLanguage).hasSize(20).allSatisfy((language, count) -> assertThat(count).isEqualTo(500));
        assertThat(data.children()).hasSize(2_000);
        assertThat(data.stories()).hasSize(5_000);
        assertThat(data.heroes().stream().map(Hero::id).distinct()).hasSize(10_000);
    }

    @Test
    void theHeroesAloneAreTheSameHeroes() {
        assertThat(Dataset.heroes(500, 3)).isEqualTo(Dataset.generate(500, 3).heroes());
    }

    @Test
    void copyRowsQuoteWhatCsvAndArrayLiteralsWouldOtherwiseSplit() {
        assertThat(DatasetLoader.Csv.row("a \"b\"", null, 3)).isEqualTo("\"a \"\"b\"\"\",,\"3\"");
        assertThat(DatasetLoader.Csv.array(List.of("x,y", "say \"hi\"", "back\\slash")))
                .isEqualTo("{\"x,y\",\"say \\\"hi\\\"\",\"back\\\\slash\"}");
    }
}
