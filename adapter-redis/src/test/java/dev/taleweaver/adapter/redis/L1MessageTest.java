package dev.taleweaver.adapter.redis;

import dev.taleweaver.adapter.redis.L1Message.Heartbeat;
import dev.taleweaver.adapter.redis.L1Message.KeysChanged;
import dev.taleweaver.adapter.redis.L1Message.PatternChanged;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class L1MessageTest {

    @Test
    void everyKindSurvivesTheRoundTrip() {
        List<L1Message> messages = List.of(
                new Heartbeat("0b5c-instance", 42, -7_000_000_123L),
                new KeysChanged(List.of("hero:1", "hero:lang:en", "12:odd|key:with:colons", "line\nbreak", "")),
                new KeysChanged(List.of()),
                new PatternChanged("story:[a-c]*"));

        for (L1Message message : messages) {
            assertThat(L1Message.decode(L1Message.encode(message))).isEqualTo(message);
        }
    }

    @Test
    void anInstanceRecognisesItsOwnHeartbeatsByTheirStart() {
        String own = L1Message.encode(new Heartbeat("abc", 1, 2));

        assertThat(own).startsWith(Heartbeat.startOf("abc"));
        assertThat(own).doesNotStartWith(Heartbeat.startOf("ab"));
    }

    @Test
    void garbageIsRejected() {
        for (String garbage : List.of("", "X", "Hid|1", "Hid|x|2", "K5:abc", "Kx:abc", "K-1:a")) {
            assertThatThrownBy(() -> L1Message.decode(garbage)).as(garbage)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
