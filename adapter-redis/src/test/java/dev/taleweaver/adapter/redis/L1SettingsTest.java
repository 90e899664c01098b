package dev.taleweaver.adapter.redis;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class L1SettingsTest {

    @Test
    void theLossyLapseIsHalfTheRedisTimeoutAndNeverMoreThanItLessTheTrustWindow() {
        assertThat(L1Settings.defaults(10, Duration.ofSeconds(5)).lossyLapse()).isEqualTo(Duration.ofMillis(2500));
        assertThat(L1Settings.defaults(10).lossyLapse()).as("REDIS_SOCKET_TIMEOUT's default, 5 s")
                .isEqualTo(Duration.ofMillis(2500));
        assertThat(L1Settings.defaults(10, Duration.ofSeconds(1)).lossyLapse()).isEqualTo(Duration.ofMillis(500));
        assertThat(L1Settings.defaults(10, Duration.ofMillis(100)).lossyLapse()).as("100 ms less the 75 ms window")
                .isEqualTo(Duration.ofMillis(25));
        assertThat(L1Settings.defaults(10, Duration.ofMillis(10)).lossyLapse()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void aLossyLapseUnderOneMillisecondIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new L1Settings(10, Duration.ofSeconds(60),
                Duration.ofMillis(100), Duration.ofMillis(25), Duration.ZERO)).withMessageContaining("lossy lapse");
    }
}
