package dev.taleweaver.application.cache.aside;

import dev.taleweaver.domain.paging.Position;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class MemberKeysTest {
    private final AtomicInteger built = new AtomicInteger();
    private final MemberKeys keys = new MemberKeys(id -> {
        built.incrementAndGet();
        return "hero:" + id;
    });

    private static List<Position> members(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new Position(Instant.EPOCH.plusSeconds(i), new UUID(0, i))).toList();
    }

    @Test
    void aSliceHasItsMembersKeysInOrder() {
        List<Position> members = members(10);
        assertThat(keys.of(members, 3, 6)).containsExactly("hero:" + new UUID(0, 3), "hero:" + new UUID(0, 4),
                "hero:" + new UUID(0, 5));
        assertThat(keys.of(members, 0, 0)).isEmpty();
        assertThat(keys.of(members, 0, 10)).hasSize(10).startsWith("hero:" + new UUID(0, 0));
    }

    @Test
    void theSameDecodedListHandsOutTheSameKeysBuiltOnce() {
        List<Position> members = members(100);
        List<String> first = keys.of(members, 0, 50);
        List<String> again = keys.of(members, 0, 50);
        assertThat(built).hasValue(50);
        for (int i = 0; i < 50; i++) {
            assertThat(again.get(i)).isSameAs(first.get(i));
        }
        keys.of(members, 40, 60); // ten of them new
        assertThat(built).hasValue(60);
    }

    @Test
    void anEqualListThatIsAnotherInstanceGetsKeysOfItsOwn() {
        List<Position> members = members(5);
        List<String> first = keys.of(members, 0, 5);
        List<String> other = keys.of(new ArrayList<>(members), 0, 5);
        assertThat(other).isEqualTo(first);
        assertThat(other.get(0)).isNotSameAs(first.get(0));
        assertThat(built).hasValue(10);
    }
}
