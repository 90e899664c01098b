package dev.taleweaver.benchmarks.trace;

import dev.taleweaver.benchmarks.data.Dataset;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TraceTest {
    private static final Dataset DATASET = Dataset.generate(1000, 7);
    private static final Trace.Shape SHAPE = new Trace.Shape(20_000, 0.05, 1.0, 15);

    @Test
    void theSameSeedGivesTheSameTraceAndAnotherSeedAnotherOne() {
        assertThat(Trace.generate(DATASET, SHAPE)).isEqualTo(Trace.generate(DATASET, SHAPE));
        assertThat(Trace.generate(DATASET, new Trace.Shape(20_000, 0.05, 1.0, 16)).steps())
                .isNotEqualTo(Trace.generate(DATASET, SHAPE).steps());
    }

    @Test
    void childrenReadTheirStoriesTheirHeroesFollowAndAShareAreWrites() {
        Trace trace = Trace.generate(DATASET, SHAPE);
        Map<Trace.Kind, Integer> counts = trace.counts();

        assertThat(trace.steps()).hasSize(20_000);
        long writes = trace.steps().stream().filter(s -> s.kind().write()).count();
        double reads = 20_000 - writes;
        // a write follows a story read or a browsed hero with the write share's probability
        assertThat(writes / (double) (counts.get(Trace.Kind.STORY) + counts.get(Trace.Kind.HERO)
                - counts.get(Trace.Kind.STORY) * Trace.OPEN_HERO)).isCloseTo(0.05, within(0.02));
        assertThat(counts.get(Trace.Kind.STORY_LIST)).isGreaterThan(counts.get(Trace.Kind.CHILD));
        assertThat(reads).isGreaterThan(writes * 10);
    }

    @Test
    void popularityIsZipfTheHottestChildIsReadFarMoreThanTheMedianOne() {
        Trace trace = Trace.generate(DATASET, SHAPE);
        Map<UUID, Long> lists = trace.steps().stream().filter(s -> s.kind() == Trace.Kind.STORY_LIST)
                .collect(Collectors.groupingBy(Trace.Step::id, Collectors.counting()));
        long hottest = lists.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        long[] sorted = lists.values().stream().mapToLong(Long::longValue).sorted().toArray();
        assertThat(hottest).isGreaterThan(10 * sorted[sorted.length / 2]);
        assertThat(trace.distinct(Trace.Kind.HERO)).as("heroes reused: fewer distinct than hero reads")
                .isLessThan(trace.counts().get(Trace.Kind.HERO) / 2);
    }
}
