package dev.taleweaver.benchmarks.gatling;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PaceMeterTest {

    @Test
    void theIssuesLoadIsOneRequestPer64MsOnEachOf128Connections() {
        Duration slot = PaceMeter.slotFor(128, 2000);

        assertThat(slot).isEqualTo(Duration.ofMillis(64));
        assertThat(new PaceMeter(128, slot).offeredPerSecond()).isCloseTo(2000, within(1e-9));
    }

    @Test
    void aSlotIsWholeMillisecondsAndTheOfferedRateSaysWhatThatMakesOfTheAskedOne() {
        PaceMeter meter = new PaceMeter(128, PaceMeter.slotFor(128, 1500)); // 85.33 ms → 85 ms

        assertThat(meter.slot()).isEqualTo(Duration.ofMillis(85));
        assertThat(meter.offeredPerSecond()).isCloseTo(1505.9, within(0.1));
        assertThat(PaceMeter.slotFor(1, 1e6)).isEqualTo(Duration.ofMillis(1));
        assertThatThrownBy(() -> PaceMeter.slotFor(128, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSummaryCountsAchievedRequestsOverrunsAndMissedSlotsOfTheWindowOnly() {
        PaceMeter meter = new PaceMeter(2, Duration.ofMillis(500)); // 4 req/s offered
        long now = System.nanoTime();
        meter.warmup(true);
        meter.warmup(false);
        meter.measured(now, true); // answered within its slot
        meter.measured(now - Duration.ofSeconds(1).toNanos(), true); // answered 1 s after its slot started
        meter.measured(now, false);

        String summary = meter.summary(Duration.ofSeconds(1)); // 4 slots offered, 3 sent

        assertThat(summary)
                .contains("| offered rate (users / slot) | 4 req/s |")
                .contains("| achieved rate (requests of the measured window / 1 s) | 3 req/s (75.0 % of offered) |")
                .contains("| slots offered in the window | 4 |")
                .contains("| failed | 1 |")
                .contains("| requests that overran their slot (the user's next request started late) | 1 (33.33 %) |")
                .contains("| slots missed (offered - sent) | 1 |")
                .contains("Warm-up before the window (not in any figure): 2 requests, 1 failed.");
    }
}
