package dev.taleweaver.adapter.redis;

import dev.taleweaver.adapter.redis.testing.TestRedis;
import dev.taleweaver.application.cache.operations.CacheAdministration;
import dev.taleweaver.application.cache.operations.CacheStatistics;
import dev.taleweaver.application.cache.resilience.CircuitBreakingCacheStore;
import dev.taleweaver.application.port.in.CacheReport;
import dev.taleweaver.application.port.in.FlushCache.FlushResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The manual flush and the statistics report as bootstrap wires them, on the real Redis. */
class CacheAdministrationIT {
    private static final Duration TTL = Duration.ofSeconds(60);

    private final TestRedis mine = TestRedis.create();
    private final TestRedis theirs = TestRedis.create();
    private final RedissonCacheStore store = mine.store();
    private final CacheAdministration admin = new CacheAdministration(new CircuitBreakingCacheStore(store),
            new CacheStatistics(), new RedisServerStats(mine.client(), store, mine.config()));

    @AfterEach
    void cleanUp() {
        mine.close();
        theirs.close();
    }

    private void fill() {
        store.invalidate(List.of("hero:1", "hero:2")); // the version keys a write leaves behind
        store.set("hero:1", "h1", TTL);
        store.set("hero:all", "[h1]", TTL);
        store.set("hero:lang:en", "[h1]", TTL);
        store.set("child:1", "c1", TTL);
        store.set("story:1", "s1", TTL);
        store.set("story:child:1", "[s1]", TTL);
        theirs.store().set("hero:1", "another deployment's hero", TTL);
    }

    @Test
    void flushingHeroesDeletesExactlyTheHeroValuesOfThisDeploymentAndKeepsVersionKeys() {
        fill();
        String p = mine.keyPrefix();

        FlushResult result = admin.flush(Optional.of("hero"));

        assertThat(result).isEqualTo(new FlushResult("hero", 3));
        assertThat(mine.keys()).containsExactlyInAnyOrder(p + "child:1", p + "story:1", p + "story:child:1",
                p + "ver:{" + p + "hero:1}", p + "ver:{" + p + "hero:2}");
        assertThat(store.version("hero:1")).isEqualTo(1);
        assertThat(theirs.keys()).containsExactly(theirs.keyPrefix() + "hero:1");
    }

    @Test
    void flushingEverythingLeavesOnlyVersionKeysAndOtherDeploymentsAlone() {
        fill();
        String p = mine.keyPrefix();

        FlushResult result = admin.flush(Optional.empty());

        assertThat(result).isEqualTo(new FlushResult("all", 6));
        assertThat(mine.keys()).containsExactlyInAnyOrder(p + "ver:{" + p + "hero:1}", p + "ver:{" + p + "hero:2}");
        assertThat(theirs.keys()).hasSize(1);
    }

    @Test
    void theReportCountsKeysPerTypeAndReadsTheServer() {
        fill();

        CacheReport report = admin.report();

        assertThat(report.enabled()).isTrue();
        assertThat(report.circuitState()).isEqualTo("CLOSED");
        assertThat(report.entities().get("hero").keyCount()).isEqualTo(3);
        assertThat(report.entities().get("child").keyCount()).isEqualTo(1);
        assertThat(report.entities().get("story").keyCount()).isEqualTo(2);
        assertThat(report.server().usedMemoryBytes()).isPositive();
        assertThat(report.server().evictedKeys()).isNotNegative();
        assertThat(report.server().poolInUse()).isZero();
        assertThat(report.server().poolSize()).isEqualTo(RedisConfig.DEFAULT_MAX_CONNECTIONS);
    }
}
