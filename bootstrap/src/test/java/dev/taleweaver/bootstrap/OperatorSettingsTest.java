package dev.taleweaver.bootstrap;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings once read past {@link Settings}: logging (read first, by Main) and the benchmark endpoints. */
class OperatorSettingsTest {

    @Test
    void loggingIsTextWithoutAccessLogByDefaultAndJsonTurnsTheAccessLogOn() {
        assertThat(Settings.logging(Map.of())).isEqualTo(new Settings.Logging(false, false));
        assertThat(Settings.logging(Map.of("LOG_FORMAT", "JSON"))).isEqualTo(new Settings.Logging(true, true));
        assertThat(Settings.logging(Map.of("LOG_FORMAT", "json", "HTTP_ACCESS_LOG", "false")))
                .isEqualTo(new Settings.Logging(true, false));
    }

    @Test
    void badLoggingValuesNameTheirVariable() {
        assertThatThrownBy(() -> Settings.logging(Map.of("LOG_FORMAT", "xml", "HTTP_ACCESS_LOG", "maybe")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("LOG_FORMAT: must be text or json (got \"xml\")")
                .hasMessageContaining("HTTP_ACCESS_LOG");
    }

    @Test
    void benchmarkEndpointsAreOffUnlessAskedFor() {
        assertThat(Settings.from(Map.of()).operations().benchEndpoints()).isFalse();
        assertThat(Settings.from(Map.of("BENCH_ENDPOINTS", "true")).operations().benchEndpoints()).isTrue();
        assertThatThrownBy(() -> Settings.from(Map.of("BENCH_ENDPOINTS", "maybe")))
                .hasMessageContaining("BENCH_ENDPOINTS");
    }
}
