package dev.taleweaver.domain.common;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Timestamps are kept to the microsecond, the precision PostgreSQL stores, so a value survives a round trip. */
public final class Timestamps {
    private Timestamps() {
    }

    public static Instant normalise(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }
}
