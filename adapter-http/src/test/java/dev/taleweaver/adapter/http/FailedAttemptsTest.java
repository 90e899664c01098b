package dev.taleweaver.adapter.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-address count behind AdminGuard's 429: one address's failures never block another, memory is bounded. */
class FailedAttemptsTest {
    private final AtomicLong nanos = new AtomicLong();

    @Test
    void onlyTheAddressThatFailedIsBlockedAndOnlyUntilItsWindowEnds() {
        FailedAttempts attempts = new FailedAttempts(3, Duration.ofSeconds(60), 100, nanos::get);
        for (int i = 0; i < 3; i++) {
            assertThat(attempts.blockedFor("10.0.0.1")).isEmpty();
            attempts.failed("10.0.0.1");
        }
        nanos.addAndGet(Duration.ofSeconds(15).toNanos());

        assertThat(attempts.blockedFor("10.0.0.1")).contains(Duration.ofSeconds(45));
        assertThat(attempts.blockedFor("10.0.0.2")).isEmpty();

        nanos.addAndGet(Duration.ofSeconds(45).toNanos());
        assertThat(attempts.blockedFor("10.0.0.1")).isEmpty();
        attempts.failed("10.0.0.1"); // a new window, one failure in it
        assertThat(attempts.blockedFor("10.0.0.1")).isEmpty();
    }

    @Test
    void aFloodOfAddressesKeepsAtMostTheConfiguredNumber() {
        FailedAttempts attempts = new FailedAttempts(3, Duration.ofSeconds(60), 1_000, nanos::get);
        for (int i = 0; i < 50_000; i++) {
            attempts.failed("2001:db8::" + Integer.toHexString(i));
        }
        assertThat(attempts.trackedAddresses()).isLessThanOrEqualTo(1_000);
    }
}
