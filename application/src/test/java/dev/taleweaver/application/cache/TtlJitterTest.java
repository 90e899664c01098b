package dev.taleweaver.application.cache;

import dev.taleweaver.application.cache.aside.TtlJitter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TtlJitterTest {
    private static final Duration HOUR = Duration.ofSeconds(3600);

    @Test
    void theExtraIsBetweenNothingAndTenPercent() {
        assertThat(new TtlJitter(TtlJitter.MAX_EXTRA_FRACTION, () -> 0).apply(HOUR)).isEqualTo(HOUR);
        assertThat(new TtlJitter(TtlJitter.MAX_EXTRA_FRACTION, () -> Math.nextDown(1.0)).apply(HOUR))
                .isGreaterThan(HOUR).isLessThan(Duration.ofSeconds(3960));
        assertThat(new TtlJitter(TtlJitter.MAX_EXTRA_FRACTION, () -> 0.5).apply(HOUR))
                .isEqualTo(Duration.ofSeconds(3780));
    }

    @Test
    void entriesWrittenTogetherGetDifferentTtlsWithinTheBounds() {
        TtlJitter jitter = new TtlJitter();
        Set<Duration> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            Duration ttl = jitter.apply(HOUR);
            assertThat(ttl).isBetween(HOUR, Duration.ofSeconds(3960));
            seen.add(ttl);
        }
        assertThat(seen).hasSizeGreaterThan(100);
    }

    @Test
    void noneKeepsTheNominalTtl() {
        assertThat(TtlJitter.none().apply(HOUR)).isEqualTo(HOUR);
    }

    @Test
    void aFractionOutsideZeroToOneIsRejected() {
        assertThatThrownBy(() -> new TtlJitter(1.5, () -> 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
