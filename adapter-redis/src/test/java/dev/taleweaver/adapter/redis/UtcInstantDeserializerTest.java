package dev.taleweaver.adapter.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class UtcInstantDeserializerTest {

    @Test
    void readsEveryInstantExactlyAsInstantParseDoes() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L),
                    random.nextInt(1_000_000_000));
            Instant truncated = switch (i % 4) {
                case 0 -> instant;
                case 1 -> instant.truncatedTo(ChronoUnit.MICROS);
                case 2 -> instant.truncatedTo(ChronoUnit.MILLIS);
                default -> instant.truncatedTo(ChronoUnit.SECONDS);
            };
            String text = truncated.toString();
            assertThat(UtcInstantDeserializer.parseUtc(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void readsShortFractions() {
        assertThat(UtcInstantDeserializer.parseUtc("2024-01-15T10:30:00.1Z"))
                .isEqualTo(Instant.parse("2024-01-15T10:30:00.100Z"));
        assertThat(UtcInstantDeserializer.parseUtc("2024-02-29T23:59:59.123456789Z"))
                .isEqualTo(Instant.parse("2024-02-29T23:59:59.123456789Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2024-01-15", "2024-01-15T10:30:00", "2024-01-15T10:30:00+01:00",
            "2024-01-15T10:30:00.Z", "2024-01-15T10:30:00.1234567890Z", "2023-02-29T10:30:00Z", "2024-13-01T10:30:00Z",
            "2024-01-15T24:00:00Z", "2024-01-15T10:60:00Z", "2024-01-15T10:30:60Z", "2024-01-15 10:30:00Z",
            "+2024-01-15T10:30:00Z", "2024-01-15T10:30:0aZ", "20x4-01-15T10:30:00Z", "2024-01-15T10:30:00.12a4Z"})
    void leavesAnythingElseToJacksonsOwnReader(String text) {
        assertThat(UtcInstantDeserializer.parseUtc(text)).isNull();
    }
}
