package dev.taleweaver.adapter.redis;

import dev.taleweaver.adapter.redis.testing.TestRedis;
import dev.taleweaver.application.port.out.CacheCodec;
import dev.taleweaver.application.port.out.CacheStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link VersionCheckedCopies} on the real Redis: a big entry is decoded once and served again only while its
 * version is unchanged; another instance's invalidation, even one racing the read, is seen on the next read.
 */
class VersionCheckedCopiesIT {
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final String KEY = "hero:all";

    private TestRedis redis;
    /** This instance: copies over a store that counts the value reads reaching Redis. */
    private InterceptedStore reads;
    private VersionCheckedCopies copies;
    /** Another instance writing to the same keys. */
    private CacheStore other;
    private final CountingTextCodec codec = new CountingTextCodec();
    private final AtomicInteger decodes = codec.decodes();

    @BeforeEach
    void start() {
        redis = TestRedis.create();
        reads = new InterceptedStore(redis.store());
        copies = new VersionCheckedCopies(reads);
        other = redis.store();
    }

    @AfterEach
    void stop() {
        redis.close();
    }

    @Test
    void aBigEntryIsDecodedOnceAndServedAgainWhileItsVersionStands() {
        String list = big('a');
        write(KEY, list);

        String first = copies.get(KEY, codec).orElseThrow(); // plain read: learns the key is big
        String second = copies.get(KEY, codec).orElseThrow(); // version, then the value: kept
        String third = copies.get(KEY, codec).orElseThrow(); // version only
        String fourth = copies.get(KEY, codec).orElseThrow();

        assertThat(first).isEqualTo(list);
        assertThat(third).isSameAs(second).isEqualTo(list);
        assertThat(fourth).isSameAs(second);
        assertThat(reads.gets()).as("value reads reaching Redis").isEqualTo(2);
        assertThat(decodes).hasValue(2);
        assertThat(copies.copiesKept()).isEqualTo(1);
    }

    @Test
    void anotherInstancesInvalidationIsSeenOnTheNextRead() {
        write(KEY, big('a'));
        copies.get(KEY, codec);
        copies.get(KEY, codec);

        other.invalidate(List.of(KEY));
        assertThat(copies.get(KEY, codec)).as("invalidated: gone, not the copy").isEmpty();

        String next = big('b');
        write(KEY, next);
        assertThat(copies.get(KEY, codec)).contains(next);
        assertThat(copies.get(KEY, codec)).contains(next);
    }

    @Test
    void aWriteRacingTheReadOfTheValueIsSeenOnTheNextRead() {
        write(KEY, big('a'));
        copies.get(KEY, codec); // learns the key is big
        String next = big('b');
        // after this instance read the version and then the old value, another instance changes the entry
        reads.afterNextGet(() -> write(KEY, next));

        assertThat(copies.get(KEY, codec)).as("read before the change").contains(big('a'));
        assertThat(copies.get(KEY, codec)).as("the copy was paired with the version before the change")
                .contains(next);
    }

    @Test
    void smallEntriesAreNeverKeptAndAlwaysReadFromRedis() {
        write("hero:1", "{\"small\":true}");
        for (int i = 0; i < 3; i++) {
            assertThat(copies.get("hero:1", codec)).contains("{\"small\":true}");
        }
        assertThat(reads.gets()).isEqualTo(3);
        assertThat(copies.copiesKept()).isZero();
    }

    @Test
    void anEntryThatShrankBelowTheBoundIsNoLongerKept() {
        write(KEY, big('a'));
        copies.get(KEY, codec);
        copies.get(KEY, codec);
        write(KEY, "[]");

        assertThat(copies.get(KEY, codec)).contains("[]");
        assertThat(copies.copiesKept()).isZero();
    }

    @Test
    void aCopyIsOnlyHandedToTheCodecThatMadeIt() {
        write(KEY, big('a'));
        copies.get(KEY, codec);
        String kept = copies.get(KEY, codec).orElseThrow();
        CacheCodec<Integer> lengths = new CacheCodec<>() {
            @Override
            public String encode(Integer value, Instant cachedAt, Duration ttl) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Integer decode(String text) {
                return text.length();
            }
        };

        assertThat(copies.get(KEY, lengths)).contains(kept.length());
    }

    /** A write as the service makes it: invalidate, then store at the version that made. */
    private void write(String key, String value) {
        other.invalidate(List.of(key));
        assertThat(other.setIfVersion(key, other.version(key), value, TTL)).isTrue();
    }

    private static String big(char fill) {
        return String.valueOf(fill).repeat(VersionCheckedCopies.MIN_CHARS + 10);
    }
}
