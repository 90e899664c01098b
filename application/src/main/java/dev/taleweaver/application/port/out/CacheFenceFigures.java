package dev.taleweaver.application.port.out;

import java.time.Duration;

/** What the invalidation fence (ADR 12) tells the metrics. */
public interface CacheFenceFigures {

    /** Whether some instance's fence stands, so this instance reads from the database only. */
    boolean fenced();

    /** Fences the last poll saw. */
    int fenceCount();

    /** Total time this instance read from the database only because of a fence. */
    Duration fencedTime();

    /** Times this instance raised its own fence. */
    long raises();

    /** Dead instances' fences this instance took over. */
    long adopted();
}
