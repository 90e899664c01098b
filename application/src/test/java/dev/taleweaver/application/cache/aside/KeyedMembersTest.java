package dev.taleweaver.application.cache.aside;

import dev.taleweaver.application.port.out.CacheCodec;
import dev.taleweaver.domain.paging.Position;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyedMembersTest {
    private final AtomicInteger built = new AtomicInteger();

    private KeyedMembers members(int count) {
        List<Position> positions = IntStream.range(0, count)
                .mapToObj(i -> new Position(Instant.EPOCH.plusSeconds(i), new UUID(0, i))).toList();
        return new KeyedMembers(positions, id -> {
            built.incrementAndGet();
            return "hero:" + id;
        });
    }

    @Test
    void isTheListItWasMadeOfAndCannotChange() {
        KeyedMembers members = members(3);
        assertThat(members).hasSize(3).isEqualTo(List.copyOf(members));
        assertThat(members.get(1).id()).isEqualTo(new UUID(0, 1));
        assertThatThrownBy(() -> members.add(members.get(0))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theIdListCodecDecodesIntoItAndStillKnowsAnUpcastEntry() {
        List<Position> decoded = IntStream.range(0, 3)
                .mapToObj(i -> new Position(Instant.EPOCH.plusSeconds(i), new UUID(0, i))).toList();
        CacheCodec<List<Position>> inner = new CacheCodec<>() {
            @Override
            public String encode(List<Position> value, Instant cachedAt, Duration ttl) {
                return "entry";
            }

            @Override
            public List<Position> decode(String text) {
                return decoded;
            }

            @Override
            public boolean isUpcast(List<Position> value) {
                return value == decoded; // as the envelope codec: by the identity of what it decoded
            }
        };
        OrderedMemberCodec codec = new OrderedMemberCodec(inner, id -> "hero:" + id);
        List<Position> members = codec.decode("entry");
        assertThat(members).isInstanceOf(KeyedMembers.class).isEqualTo(decoded);
        assertThat(codec.isUpcast(members)).isTrue();
        assertThat(((KeyedMembers) members).keys(0, 1)).containsExactly("hero:" + new UUID(0, 0));
    }

    @Test
    void aSliceHasItsMembersKeysInOrder() {
        KeyedMembers members = members(10);
        assertThat(members.keys(3, 6)).containsExactly("hero:" + new UUID(0, 3), "hero:" + new UUID(0, 4),
                "hero:" + new UUID(0, 5));
        assertThat(members.keys(0, 0)).isEmpty();
        assertThat(members.keys(0, 10)).hasSize(10).startsWith("hero:" + new UUID(0, 0));
    }

    @Test
    void eachKeyIsBuiltOnceAndHandedOutAgainAsTheSameInstance() {
        KeyedMembers members = members(100);
        List<String> first = members.keys(0, 50);
        List<String> again = members.keys(0, 50);
        assertThat(built).hasValue(50);
        for (int i = 0; i < 50; i++) {
            assertThat(again.get(i)).isSameAs(first.get(i));
        }
        members.keys(40, 60); // ten of them new
        assertThat(built).hasValue(60);
    }
}
