package dev.taleweaver.benchmarks.data;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ZipfTest {

    @Test
    void withExponentOneTheHottestItemIsTwiceAsPopularAsTheSecond() {
        Zipf zipf = new Zipf(10_000, 1.0);
        assertThat(zipf.probability(0) / zipf.probability(1)).isCloseTo(2.0, within(1e-9));
        assertThat(zipf.probability(0) / zipf.probability(9)).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void samplesConcentrateOnTheHotItemsAsTheDistributionSays() {
        Zipf zipf = new Zipf(10_000, 1.0);
        int draws = 200_000;
        int hottest = 0;
        int top100 = 0;
        for (int i = 0; i < draws; i++) {
            int rank = zipf.next();
            assertThat(rank).isBetween(0, 9_999);
            hottest += rank == 0 ? 1 : 0;
            top100 += rank < 100 ? 1 : 0;
        }
        double expectedTop100 = 0;
        for (int i = 0; i < 100; i++) {
            expectedTop100 += zipf.probability(i);
        }
        assertThat((double) hottest / draws).isCloseTo(zipf.probability(0), within(0.005));
        assertThat((double) top100 / draws).isCloseTo(expectedTop100, within(0.01));
    }

    @Test
    void exponentZeroIsUniform() {
        Zipf uniform = new Zipf(4, 0);
        assertThat(uniform.indexOf(0.0)).isZero();
        assertThat(uniform.indexOf(0.99)).isZero();
        assertThat(uniform.indexOf(1.0)).isEqualTo(1);
        assertThat(uniform.indexOf(3.99)).isEqualTo(3);
    }
}
