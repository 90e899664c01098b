package dev.taleweaver.benchmarks.gatling;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PacedScheduleTest {
    private static final long MS = 1_000_000;

    private static PacedSchedule schedule(int users, double rate, int warmupSeconds, int measuredSeconds) {
        return new PacedSchedule(users, PacedSchedule.slotFor(users, rate),
                new LoadWindow(Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(measuredSeconds)));
    }

    @Test
    void theIssuesLoadIsOneRequestPer64MsOnEachOf128Connections() {
        PacedSchedule schedule = schedule(128, 2000, 30, 60);

        assertThat(schedule.slot()).isEqualTo(Duration.ofMillis(64));
        assertThat(schedule.offeredPerSecond()).isCloseTo(2000, within(1e-9));
        assertThat(schedule.offeredInWindow()).isEqualTo(120_000);
        assertThatThrownBy(() -> PacedSchedule.slotFor(128, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void usersInterleaveEvenlyOverOneSlotAndTheTimetableDoesNotDrift() {
        PacedSchedule schedule = schedule(4, 100, 1, 1); // 40 ms slots, users 10 ms apart

        assertThat(schedule.opensAt(0, 0)).isZero();
        assertThat(schedule.opensAt(1, 0)).isEqualTo(10 * MS);
        assertThat(schedule.opensAt(3, 0)).isEqualTo(30 * MS);
        assertThat(schedule.opensAt(1, 1000)).isEqualTo(40_010 * MS);
    }

    @Test
    void aUserAnsweredInTimeTakesItsNextSlotAndALateOneSkipsEverySlotThatOpenedMeanwhile() {
        PacedSchedule schedule = schedule(4, 100, 1, 1); // user 1's slots open at 10, 50, 90, 130… ms

        assertThat(schedule.next(1, -1, 0)).isZero();
        assertThat(schedule.next(1, 0, 12 * MS)).isEqualTo(1); // answered 2 ms after its slot opened
        assertThat(schedule.next(1, 1, 60 * MS)).isEqualTo(2); // slot 1 (50 ms) answered 10 ms later
        assertThat(schedule.next(1, 1, 95 * MS)).isEqualTo(3); // slot 2 (90 ms) opened while it waited: missed
        assertThat(schedule.next(1, 1, 131 * MS)).isEqualTo(4); // slots 2 and 3 missed
    }

    @Test
    void aSlotBelongsToAPhaseByWhenItOpens() {
        PacedSchedule schedule = schedule(4, 100, 1, 2);

        assertThat(schedule.phase(999 * MS)).isEqualTo(PacedSchedule.Phase.WARMUP);
        assertThat(schedule.phase(1000 * MS)).isEqualTo(PacedSchedule.Phase.MEASURED);
        assertThat(schedule.phase(2999 * MS)).isEqualTo(PacedSchedule.Phase.MEASURED);
        assertThat(schedule.phase(3000 * MS)).isEqualTo(PacedSchedule.Phase.OVER);
        // 4 users × 2 s / 40 ms: exactly 200 slots, whatever each user's offset
        assertThat(schedule.offeredInWindow()).isEqualTo(200);
    }

    @Test
    void theSummaryCountsTheMeasuredWindowOnly() {
        PacedSchedule schedule = schedule(2, 2, 1, 2); // 1 s slots: 4 slots in the window
        schedule.warmup(true);
        schedule.warmup(false);
        schedule.measured(true, 3 * MS);
        schedule.measured(true, 1500 * MS); // answered after its next slot had opened
        schedule.measured(false, 3 * MS);

        assertThat(schedule.summary())
                .contains("| offered rate (users / slot) | 2 req/s |")
                .contains("| achieved rate (requests sent in the window / 2 s) | 2 req/s (75.0 % of offered) |")
                .contains("| slots in the window | 4 |")
                .contains("| requests sent (Gatling's count, failed included) | 3 |")
                .contains("| failed | 1 |")
                .contains("| slots missed (the user was still waiting for an answer when its slot opened) | 1"
                        + " (25.00 %) |")
                .contains("| answers that came after the next slot had opened | 1 |")
                .contains("Warm-up before the window (not in any figure): 2 requests, 1 failed.");
        assertThat(schedule.sweepPoint())
                .isEqualTo("SWEEP_POINT offered=2.0 achieved=1.5 missed=25.00 sent=3 failed=1");
    }
}
