package dev.taleweaver.application.cache.analytics;

import dev.taleweaver.application.port.in.CacheAnalyticsReport.TtlAdvice;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The advice on synthetic distributions: when to lengthen, when shortening would hurt, when the TTL does not matter. */
class TtlAdvisorTest {
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    private static KllDoublesSketch uniform(int count, double from, double to) {
        KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(CacheAnalytics.KLL_K);
        for (int i = 0; i < count; i++) {
            sketch.update(from + (to - from) * i / Math.max(1, count - 1));
        }
        return sketch;
    }

    private static KllDoublesSketch none() {
        return KllDoublesSketch.newHeapInstance(CacheAnalytics.KLL_K);
    }

    @Test
    void missesJustAfterExpiryAdviseALongerTtlThatAlsoSavesFills() {
        // 10,000 reads: 5,000 hits at every age up to 10 min, 2,000 misses 10.3 - 11.7 min after the fill
        TtlAdvice advice = TtlAdvisor.advise(new TtlAdvisor.Observations(TEN_MINUTES, 10_000, 5_000,
                uniform(5_000, 0, 600), uniform(2_000, 620, 700), none(), 2_000));

        assertThat(advice.verdict()).isEqualTo("LENGTHEN");
        assertThat(advice.advisedTtlSeconds()).isEqualTo(900);
        assertThat(advice.advisedHitRate()).isEqualTo(0.7);
        assertThat(advice.bestHitRate()).isEqualTo(0.7);
        assertThat(advice.relativeMemory()).isLessThan(1.0);
        assertThat(advice.curve()).anySatisfy(p -> {
            assertThat(p.ttlSeconds()).isEqualTo(600);
            assertThat(p.hitRate()).isEqualTo(0.5);
            assertThat(p.relativeMemory()).isEqualTo(1.0);
        });
        assertThat(advice.curve()).allSatisfy(p -> assertThat(p.ttlSeconds()).isLessThanOrEqualTo(1_800));
    }

    @Test
    void hitsAtEveryAgeUpToTheTtlKeepIt() {
        TtlAdvice advice = TtlAdvisor.advise(new TtlAdvisor.Observations(TEN_MINUTES, 10_000, 9_000,
                uniform(9_000, 0, 600), none(), none(), 1_000));

        assertThat(advice.verdict()).isEqualTo("KEEP");
        assertThat(advice.advisedTtlSeconds()).isEqualTo(600);
        assertThat(advice.curve()).anySatisfy(p -> {
            assertThat(p.ttlSeconds()).isEqualTo(300);
            assertThat(p.hitRate()).isLessThan(0.9 - 0.01); // shortening would cost hits
        });
    }

    @Test
    void entriesReadOnlyWhileYoungAdviseAShorterTtl() {
        TtlAdvice advice = TtlAdvisor.advise(new TtlAdvisor.Observations(TEN_MINUTES, 10_000, 8_000,
                uniform(8_000, 0, 50), none(), none(), 2_000));

        assertThat(advice.verdict()).isEqualTo("SHORTEN");
        assertThat(advice.advisedTtlSeconds()).isEqualTo(60);
        assertThat(advice.advisedHitRate()).isEqualTo(0.8);
        assertThat(advice.relativeMemory()).isEqualTo(0.1);
    }

    @Test
    void whenWritesEndEveryEntryEarlyTheTtlSavesNothingAndIsKept() {
        // every entry invalidated after about 30 s; hits before that
        TtlAdvice advice = TtlAdvisor.advise(new TtlAdvisor.Observations(TEN_MINUTES, 10_000, 7_000,
                uniform(7_000, 0, 29), none(), uniform(3_000, 29, 31), 0));

        assertThat(advice.verdict()).isEqualTo("KEEP");
        assertThat(advice.reasoning()).contains("keep 600 s");
    }

    @Test
    void tooFewReadsOrAgesGiveNoAdvice() {
        assertThat(TtlAdvisor.advise(new TtlAdvisor.Observations(TEN_MINUTES, 999, 900, uniform(900, 0, 10), none(),
                none(), 0)).verdict()).isEqualTo("NOT_ENOUGH_DATA");
        assertThat(TtlAdvisor.advise(new TtlAdvisor.Observations(TEN_MINUTES, 5_000, 4_000, uniform(99, 0, 10),
                none(), none(), 0)).verdict()).isEqualTo("NOT_ENOUGH_DATA");
    }
}
