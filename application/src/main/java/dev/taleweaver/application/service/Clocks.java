package dev.taleweaver.application.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Time as the services stamp it: microsecond precision, and updated_at never goes backwards. */
final class Clocks {
    private Clocks() {
    }

    static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Now, or one microsecond after {@code previous} if the clock has not moved past it. */
    static Instant after(Clock clock, Instant previous) {
        Instant now = now(clock);
        return now.isAfter(previous) ? now : previous.plus(1, ChronoUnit.MICROS);
    }
}
