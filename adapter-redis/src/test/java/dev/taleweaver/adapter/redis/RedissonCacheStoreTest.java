package dev.taleweaver.adapter.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Argument checks that need no server: the client is lazy, so nothing here opens a connection. */
class RedissonCacheStoreTest {
    private static RedissonClient client;
    private static RedissonCacheStore store;

    @BeforeAll
    static void lazyClientToNowhere() {
        // port 1 on loopback: nothing listens there, and nothing here should try
        client = RedisClientFactory.create(RedisConfig.of("redis://127.0.0.1:1"));
        store = new RedissonCacheStore(client, "tw:", Duration.ofSeconds(1));
    }

    @AfterAll
    static void shutdown() {
        client.shutdown();
    }

    @Test
    void keysWithBracesAreRejectedBecauseTheyWouldSplitAKeyFromItsVersion() {
        assertThatIllegalArgumentException().isThrownBy(() -> store.get("hero:{42}"))
                .withMessageContaining("{ or }");
        assertThatIllegalArgumentException().isThrownBy(() -> store.version("hero}"));
        assertThatIllegalArgumentException().isThrownBy(() -> store.invalidate(List.of("ok", "bad{")));
    }

    @Test
    void emptyKeysAndPatternsAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> store.get(""));
        assertThatIllegalArgumentException().isThrownBy(() -> store.exists(null));
        assertThatIllegalArgumentException().isThrownBy(() -> store.deletePattern(""));
    }

    @Test
    void ttlMustBePositiveAndValuesPresent() {
        assertThatIllegalArgumentException().isThrownBy(() -> store.set("k", "v", Duration.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> store.set("k", "v", null));
        assertThatIllegalArgumentException().isThrownBy(() -> store.setIfVersion("k", 0, "v", Duration.ofMillis(-1)));
        assertThatIllegalArgumentException().isThrownBy(() -> store.set("k", null, Duration.ofSeconds(1)));
    }

    @Test
    void invalidatingNothingNeedsNoServer() {
        store.invalidate(List.of());
    }

    @Test
    void aPrefixIsJudgedByTheSameRuleAsTheConfiguration() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RedissonCacheStore(client, "tw*", Duration.ofSeconds(1)))
                .withMessageContaining("CACHE_KEY_PREFIX");
    }

    @Test
    void globCharactersOfThePrefixAreEscapedForScan() {
        assertThat(RedissonCacheStore.escapeGlob("a*b?c[d]e\\f:")).isEqualTo("a\\*b\\?c\\[d\\]e\\\\f:");
        assertThat(RedissonCacheStore.escapeGlob("taleweaver:prod:")).isEqualTo("taleweaver:prod:");
    }
}
