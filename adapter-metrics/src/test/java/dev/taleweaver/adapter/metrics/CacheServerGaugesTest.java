package dev.taleweaver.adapter.metrics;

import dev.taleweaver.application.port.out.CacheServerStats;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class CacheServerGaugesTest {

    private final MockClock clock = new MockClock();
    private final FakeStats stats = new FakeStats();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);

    CacheServerGaugesTest() {
        new CacheServerGauges(stats, Duration.ofSeconds(1), clock).bindTo(registry);
    }

    @Test
    void exportsTheServerAndPoolFigures() {
        stats.usedMemory = 5_000_000;
        stats.evicted = 42;
        stats.inUse = 3;
        stats.size = 8;
        stats.readInUse = 16;
        stats.readSize = 64;

        assertThat(gauge(CacheServerGauges.MEMORY_USED)).isEqualTo(5_000_000);
        assertThat(gauge(CacheServerGauges.EVICTED_KEYS)).isEqualTo(42);
        assertThat(gauge(CacheServerGauges.POOL_IN_USE)).isEqualTo(3);
        assertThat(gauge(CacheServerGauges.POOL_SIZE)).isEqualTo(8);
        assertThat(gauge(CacheServerGauges.READ_POOL_IN_USE)).isEqualTo(16);
        assertThat(gauge(CacheServerGauges.READ_POOL_SIZE)).isEqualTo(64);
        assertThat(gauge(CacheServerGauges.POOL_USAGE)).as("3/8 is fuller than 16/64").isEqualTo(0.375);
    }

    @Test
    void manyReadsOnTheirOwnPoolDoNotMakeTheMainPoolLookExhausted() {
        stats.inUse = 1; // 50 concurrent cache hits read through the Jedis pool, one write on Redisson's
        stats.size = 10;
        stats.readInUse = 50;
        stats.readSize = 64;

        assertThat(gauge(CacheServerGauges.POOL_IN_USE)).isEqualTo(1);
        assertThat(gauge(CacheServerGauges.READ_POOL_IN_USE)).isEqualTo(50);
        assertThat(gauge(CacheServerGauges.POOL_USAGE)).as("the read pool's 50/64, below the alert's 0.8")
                .isEqualTo(50.0 / 64);
    }

    @Test
    void poolUsageIsTheFullerPoolsEitherWay() {
        stats.inUse = 9;
        stats.size = 10;
        stats.readInUse = 60;
        stats.readSize = 64;
        assertThat(gauge(CacheServerGauges.POOL_USAGE)).as("the read pool is nearly exhausted")
                .isEqualTo(60.0 / 64);

        stats.readInUse = 2;
        clock.add(Duration.ofSeconds(1));
        assertThat(gauge(CacheServerGauges.POOL_USAGE)).as("the main pool is nearly exhausted").isEqualTo(0.9);
    }

    @Test
    void readsSharingTheMainPoolReportItsFiguresAndTheUsageIsItsOwn() {
        stats.inUse = 4;
        stats.size = 10;
        stats.readInUse = 4; // REDIS_READ_CLIENT=redisson: the read pool is the main pool
        stats.readSize = 10;

        assertThat(gauge(CacheServerGauges.READ_POOL_IN_USE)).isEqualTo(4);
        assertThat(gauge(CacheServerGauges.READ_POOL_SIZE)).isEqualTo(10);
        assertThat(gauge(CacheServerGauges.POOL_USAGE)).isEqualTo(0.4);
    }

    @Test
    void aPoolWhoseFiguresAreUnknownIsLeftOutOfTheUsage() {
        stats.inUse = 5;
        stats.size = 10;
        stats.readInUse = -1;
        stats.readSize = 64;
        assertThat(gauge(CacheServerGauges.READ_POOL_IN_USE)).isNaN();
        assertThat(gauge(CacheServerGauges.POOL_USAGE)).isEqualTo(0.5);

        stats.inUse = -1;
        stats.readInUse = 32;
        clock.add(Duration.ofSeconds(1));
        assertThat(gauge(CacheServerGauges.POOL_USAGE)).isEqualTo(0.5);
    }

    @Test
    void redisEvictionsAreAlsoTheConventionalCacheEvictionsCounterAndAnUnknownFigureKeepsTheLastOne() {
        stats.evicted = 42;
        assertThat(evictions()).isEqualTo(42);

        stats.evicted = -1; // Redis cannot be asked right now
        clock.add(Duration.ofSeconds(1));
        assertThat(evictions()).as("a counter never turns NaN: the last known count").isEqualTo(42);

        stats.evicted = 50;
        clock.add(Duration.ofSeconds(1));
        assertThat(evictions()).isEqualTo(50);
    }

    private double evictions() {
        return registry.get(CacheServerGauges.CACHE_EVICTIONS)
                .tags("cache", CacheServerGauges.REDIS_CACHE, "level", CacheServerGauges.REDIS_LEVEL)
                .functionCounter().count();
    }

    @Test
    void figuresTheServerCannotGiveAreNotANumber() {
        stats.usedMemory = -1;
        stats.evicted = -1;
        stats.inUse = -1;
        stats.size = 8;
        stats.readInUse = -1;
        stats.readSize = 64;

        assertThat(gauge(CacheServerGauges.MEMORY_USED)).isNaN();
        assertThat(gauge(CacheServerGauges.EVICTED_KEYS)).isNaN();
        assertThat(gauge(CacheServerGauges.POOL_IN_USE)).isNaN();
        assertThat(gauge(CacheServerGauges.READ_POOL_IN_USE)).isNaN();
        assertThat(gauge(CacheServerGauges.POOL_USAGE)).isNaN();
    }

    @Test
    void poolUsageIsNotANumberWithoutAPoolSize() {
        stats.inUse = 2;
        stats.size = 0;
        stats.readInUse = 2;
        stats.readSize = 0;

        assertThat(gauge(CacheServerGauges.POOL_USAGE)).isNaN();
    }

    @Test
    void aFailingStatsCallIsNotANumberAndNeverReachesTheScrape() {
        stats.failing = true;

        assertThat(gauge(CacheServerGauges.MEMORY_USED)).isNaN();
        assertThat(gauge(CacheServerGauges.READ_POOL_SIZE)).isNaN();
        assertThat(gauge(CacheServerGauges.POOL_USAGE)).isNaN();
    }

    @Test
    void readsEachFigureAtMostOncePerSecond() {
        stats.usedMemory = 1_000;
        gauge(CacheServerGauges.MEMORY_USED);
        stats.usedMemory = 2_000;

        clock.add(Duration.ofMillis(999));
        assertThat(gauge(CacheServerGauges.MEMORY_USED)).isEqualTo(1_000);
        assertThat(gauge(CacheServerGauges.MEMORY_USED)).isEqualTo(1_000);
        assertThat(stats.memoryCalls).isEqualTo(1);

        clock.add(Duration.ofMillis(1));
        assertThat(gauge(CacheServerGauges.MEMORY_USED)).isEqualTo(2_000);
        assertThat(stats.memoryCalls).isEqualTo(2);
    }

    @Test
    void poolUsageReusesTheRememberedPoolFigures() {
        stats.inUse = 1;
        stats.size = 4;
        stats.readInUse = 3;
        stats.readSize = 8;
        gauge(CacheServerGauges.POOL_IN_USE);
        gauge(CacheServerGauges.POOL_SIZE);
        gauge(CacheServerGauges.READ_POOL_IN_USE);
        gauge(CacheServerGauges.READ_POOL_SIZE);
        gauge(CacheServerGauges.POOL_USAGE);
        gauge(CacheServerGauges.POOL_USAGE);

        assertThat(stats.poolCalls).isEqualTo(2);
        assertThat(stats.readPoolCalls).isEqualTo(2);
    }

    @Test
    void aFailedReadIsRememberedTooSoAnOutageDoesNotCostARoundTripPerScrape() {
        stats.failing = true;
        gauge(CacheServerGauges.EVICTED_KEYS);
        gauge(CacheServerGauges.EVICTED_KEYS);

        assertThat(stats.evictedCalls).isEqualTo(1);
    }

    @Test
    void keepsReportingWhenTheBinderItselfIsNoLongerReferenced() {
        SimpleMeterRegistry other = new SimpleMeterRegistry();
        stats.size = 16;
        new CacheServerGauges(stats).bindTo(other);
        System.gc();

        assertThat(other.get(CacheServerGauges.POOL_SIZE).gauge().value()).isEqualTo(16);
    }

    @Test
    void scrapeNamesTheGaugesInPrometheusForm() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)
                .throwExceptionOnRegistrationFailure();
        stats.usedMemory = 1_048_576;
        stats.evicted = -1;
        stats.inUse = 4;
        stats.size = 5;
        stats.readInUse = 12;
        stats.readSize = 64;
        new CacheServerGauges(stats).bindTo(prometheus);

        Scrape scrape = Scrape.parse(prometheus.scrape());

        assertThat(scrape.value("taleweaver_redis_memory_used_bytes")).isEqualTo(1_048_576);
        assertThat(scrape.value("taleweaver_redis_evicted_keys")).isNaN();
        assertThat(scrape.value("taleweaver_redis_pool_in_use")).isEqualTo(4);
        assertThat(scrape.value("taleweaver_redis_pool_size")).isEqualTo(5);
        assertThat(scrape.value("taleweaver_redis_read_pool_in_use")).isEqualTo(12);
        assertThat(scrape.value("taleweaver_redis_read_pool_size")).isEqualTo(64);
        assertThat(scrape.value("taleweaver_redis_pool_usage")).isEqualTo(0.8);
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    /** Answers what the test sets and counts the round trips a real one would make. */
    private static final class FakeStats implements CacheServerStats {
        long usedMemory;
        long evicted;
        int inUse;
        int size;
        int readInUse;
        int readSize;
        boolean failing;
        int memoryCalls;
        int evictedCalls;
        int poolCalls;
        int readPoolCalls;

        @Override
        public long usedMemoryBytes() {
            memoryCalls++;
            failIfAsked();
            return usedMemory;
        }

        @Override
        public long evictedKeys() {
            evictedCalls++;
            failIfAsked();
            return evicted;
        }

        @Override
        public long countKeys(String pattern) {
            throw new AssertionError("a gauge must not SCAN the cache server");
        }

        @Override
        public int poolInUse() {
            poolCalls++;
            failIfAsked();
            return inUse;
        }

        @Override
        public int poolSize() {
            poolCalls++;
            failIfAsked();
            return size;
        }

        @Override
        public int readPoolInUse() {
            readPoolCalls++;
            failIfAsked();
            return readInUse;
        }

        @Override
        public int readPoolSize() {
            readPoolCalls++;
            failIfAsked();
            return readSize;
        }

        private void failIfAsked() {
            if (failing) {
                throw new IllegalStateException("cache server unreachable");
            }
        }
    }
}
