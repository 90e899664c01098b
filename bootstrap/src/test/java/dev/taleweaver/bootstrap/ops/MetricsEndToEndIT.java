package dev.taleweaver.bootstrap.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taleweaver.adapter.postgres.testing.TestPostgres;
import dev.taleweaver.adapter.redis.RedisConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code GET /metrics} of the real service over real PostgreSQL and Redis: the Prometheus text a scraper reads, and
 * the cache, Redis, pool and HTTP figures in it moving as traffic flows. Every figure is compared between a scrape
 * before and one after the traffic, never assumed to start at zero.
 */
class MetricsEndToEndIT {
    private static final String TOKEN = OpsService.newAdminToken();
    private static final int REDIS_POOL_SIZE = 6;
    private static final int READS = 5;

    private static Backing backing;
    private static OpsService service;
    private static OpsHttp http;

    @BeforeAll
    static void start() {
        backing = Backing.create();
        service = backing.service().adminToken(TOKEN).redisPoolSize(REDIS_POOL_SIZE).start();
        http = service.http();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (backing != null) {
            backing.close();
        }
    }

    @Test
    void metricsArePrometheusText() {
        HttpResponse<String> response = http.get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/plain").contains("version=0.0.4"));
        PrometheusScrape scrape = PrometheusScrape.parse(response.body());
        assertThat(scrape.type("taleweaver_cache_circuit_state")).contains("gauge");
        assertThat(scrape.value("taleweaver_cache_circuit_state", "application", "taleweaver"))
                .as("the circuit is closed while Redis answers").isZero();
        assertThat(scrape.samples("jvm_memory_used_bytes")).as("JVM meters").isNotEmpty();
    }

    @Test
    void readsOfAHeroMoveTheCacheCountersLatenciesAndRatio() {
        String id = http.createHero("Metric Maven", "en").get("id").asText();
        // the create cached the hero (write-through); flush it so the first read misses, as after a cold start
        assertThat(http.flush(TOKEN, "hero").statusCode()).isEqualTo(200);
        String[] heroReads = {"entity", "hero", "operation", "find_by_id"};
        PrometheusScrape before = scrape();

        for (int i = 0; i < READS; i++) {
            http.ok("/heroes/" + id);
        }

        PrometheusScrape after = scrape();
        assertThat(delta(before, after, "taleweaver_cache_hits_total", heroReads))
                .as("hits: every read but the first").isEqualTo(READS - 1);
        assertThat(delta(before, after, "taleweaver_cache_misses_total", heroReads))
                .as("misses, all reasons").isEqualTo(1);
        assertThat(delta(before, after, "taleweaver_cache_misses_total",
                "entity", "hero", "operation", "find_by_id", "reason", "absent")).isEqualTo(1);
        assertThat(delta(before, after, "taleweaver_cache_db_loads_seconds_count", "entity", "hero"))
                .as("one database load, for the miss").isEqualTo(1);
        assertThat(delta(before, after, "taleweaver_cache_hit_latency_seconds_count", heroReads))
                .isEqualTo(READS - 1);
        assertThat(delta(before, after, "taleweaver_cache_miss_latency_seconds_count", heroReads))
                .isEqualTo(1);
        assertThat(after.type("taleweaver_cache_hit_latency_seconds")).contains("histogram");
        assertThat(delta(before, after, "taleweaver_cache_hit_latency_seconds_bucket",
                "entity", "hero", "operation", "find_by_id", "le", "+Inf")).isEqualTo(READS - 1);
        assertThat(delta(before, after, "taleweaver_cache_hit_latency_seconds_bucket",
                "entity", "hero", "operation", "find_by_id", "le", "5.0"))
                .as("hits well under 5 s: %s", after.linesWith("taleweaver_cache_hit_latency")).isEqualTo(READS - 1);
        String[] heroCache = {"cache", "hero", "level", "all"};
        assertThat(delta(before, after, "cache_gets_total", concat(heroCache, "result", "hit")))
                .as("Micrometer's cache convention beside today's names").isEqualTo(READS - 1);
        assertThat(delta(before, after, "cache_gets_total", concat(heroCache, "result", "miss"))).isEqualTo(1);
        assertThat(delta(before, after, "cache_puts_total", heroCache)).as("the miss's load was cached")
                .isEqualTo(1);

        double ratioBefore = before.value("taleweaver_cache_hit_ratio", "entity", "hero");
        double ratioAfter = after.value("taleweaver_cache_hit_ratio", "entity", "hero");
        assertThat(ratioAfter).as("hits / reads of every hero operation").isCloseTo(heroHitRatio(after),
                within(1e-9));
        assertThat(ratioBefore).as("before too (NaN before any hero read)")
                .isEqualTo(heroHitRatio(before), within(1e-9));
        assertThat(ratioAfter).as("the ratio moved (it was %s)", ratioBefore).isNotEqualTo(ratioBefore);
    }

    @Test
    void aPagesMembersAreCountedBySource() {
        String language = "sv"; // a list of its own: no other test creates Swedish heroes
        http.createHero("Page Member One", language);
        http.createHero("Page Member Two", language);
        assertThat(http.flush(TOKEN, "hero").statusCode()).isEqualTo(200);
        PrometheusScrape before = scrape();

        http.ok("/heroes?language=" + language);
        http.ok("/heroes?language=" + language);

        PrometheusScrape after = scrape();
        assertThat(delta(before, after, "taleweaver_cache_page_members_total", "entity", "hero", "source", "database"))
                .as("the first page loads both members in one query").isEqualTo(2);
        assertThat(delta(before, after, "taleweaver_cache_page_members_total", "entity", "hero", "source", "cache"))
                .as("the second finds both cached").isEqualTo(2);
    }

    @Test
    void httpRequestsAreCountedPerRoutePattern() {
        String id = http.createHero("Route Ranger", "en").get("id").asText();
        String[] route = {"method", "GET", "uri", "/heroes/{id}", "status", "200"};
        double before = scrape().sum("http_server_requests_seconds_count", route);

        for (int i = 0; i < READS; i++) {
            http.ok("/heroes/" + id);
        }

        // the request is timed when it completes, which may be just after the client has its answer
        Eventually.await(Duration.ofSeconds(5), () -> {
            double counted = scrape().sum("http_server_requests_seconds_count", route) - before;
            return counted == READS ? null : "GET /heroes/{id} counted " + counted + " times, expected " + READS;
        });
        PrometheusScrape scrape = scrape();
        assertThat(scrape.samples("http_server_requests_seconds_count", "uri", "/heroes/" + id))
                .as("one series per route, never per id").isEmpty();
        assertThat(scrape.samples("http_server_requests_seconds_count", "uri", "/heroes/{id}"))
                .allSatisfy(s -> assertThat(s.labels()).containsEntry("outcome",
                        s.labels().get("status").startsWith("2") ? "SUCCESS" : "CLIENT_ERROR"));
        assertThat(scrape.type("http_server_requests_seconds")).contains("histogram");
        assertThat(scrape.sum("http_server_requests_seconds_bucket", "method", "GET", "uri", "/heroes/{id}",
                "status", "200", "le", "+Inf")).isEqualTo(scrape.sum("http_server_requests_seconds_count", route));
    }

    @Test
    void anUpdateCountsItsInvalidations() {
        JsonNode hero = http.createHero("Invalidation Ivy", "en");
        String id = hero.get("id").asText();
        String[] update = {"entity", "hero", "reason", "update"};
        PrometheusScrape before = scrape();

        http.renameHero(id, "Invalidation Ivy II", "en");

        PrometheusScrape after = scrape();
        assertThat(delta(before, after, "taleweaver_cache_invalidations_total", update))
                .as("keys invalidated: hero:{id} only, a rename changes no collection (ADR 11)").isEqualTo(1);
        assertThat(delta(before, after, "taleweaver_cache_invalidation_events_total", update)).isEqualTo(1);
    }

    @Test
    void redisAndPoolFiguresAreExported() {
        http.createHero("Pool Paladin", "en"); // some cache traffic, so the pools have worked

        PrometheusScrape scrape = scrape();

        assertThat(scrape.value("taleweaver_redis_memory_used_bytes")).as("Redis INFO used_memory").isPositive();
        assertThat(scrape.value("taleweaver_redis_evicted_keys")).as("Redis INFO evicted_keys").isNotNegative();
        assertThat(scrape.value("taleweaver_redis_pool_size")).as("REDIS_MAX_CONNECTIONS")
                .isEqualTo(REDIS_POOL_SIZE);
        assertThat(scrape.value("taleweaver_redis_pool_in_use")).isBetween(0.0, (double) REDIS_POOL_SIZE);
        double readPoolSize = scrape.value("taleweaver_redis_read_pool_size");
        assertThat(readPoolSize).as("REDIS_READ_CONNECTIONS, or REDIS_MAX_CONNECTIONS when the reads share that pool")
                .isIn((double) RedisConfig.DEFAULT_READ_CONNECTIONS, (double) REDIS_POOL_SIZE);
        assertThat(scrape.value("taleweaver_redis_read_pool_in_use")).isBetween(0.0, readPoolSize);
        assertThat(scrape.value("taleweaver_redis_pool_usage")).as("the fuller pool's share")
                .isBetween(0.0, 1.0)
                .isGreaterThanOrEqualTo(scrape.value("taleweaver_redis_pool_in_use") / REDIS_POOL_SIZE);
        assertThat(scrape.samples("hikaricp_connections_max")).as(scrape.linesWith("hikaricp_connections"))
                .singleElement().satisfies(s -> assertThat(s.value()).isEqualTo(TestPostgres.POOL_SIZE));
        assertThat(scrape.samples("hikaricp_connections_active")).isNotEmpty();
        assertThat(scrape.value("taleweaver_cache_circuit_state")).isZero();
    }

    @Test
    void theL1sOwnCaffeineStatisticsAreConventionalCacheMetersBesideRedis() {
        String id = http.createHero("Caffeine Cadet", "en").get("id").asText();
        for (int i = 0; i < READS; i++) {
            http.ok("/heroes/" + id);
        }

        PrometheusScrape scrape = scrape();

        String[] l1 = {"cache", "l1", "level", "l1"};
        assertThat(scrape.samples("cache_gets_total", l1)).extracting(s -> s.labels().get("result"))
                .containsExactlyInAnyOrder("hit", "miss");
        assertThat(scrape.samples("cache_puts_total", l1)).singleElement()
                .satisfies(s -> assertThat(s.value()).isNotNegative());
        assertThat(scrape.samples("cache_evictions_total", l1)).singleElement()
                .satisfies(s -> assertThat(s.value()).isNotNegative());
        assertThat(scrape.samples("cache_evictions_total", "cache", "redis", "level", "l2")).hasSize(1);
        assertThat(scrape.samples("cache_size", l1)).singleElement()
                .satisfies(s -> assertThat(s.value()).isEqualTo(scrape.value("taleweaver_cache_l1_size")));
    }

    private static PrometheusScrape scrape() {
        return PrometheusScrape.parse(http.ok("/metrics"));
    }

    /** What the hit-ratio gauge should read, from the counters of the same scrape; NaN without reads. */
    private static double heroHitRatio(PrometheusScrape scrape) {
        double hits = scrape.sum("taleweaver_cache_hits_total", "entity", "hero");
        double misses = scrape.sum("taleweaver_cache_misses_total", "entity", "hero");
        return hits + misses == 0 ? Double.NaN : hits / (hits + misses);
    }

    private static String[] concat(String[] labels, String... more) {
        String[] all = java.util.Arrays.copyOf(labels, labels.length + more.length);
        System.arraycopy(more, 0, all, labels.length, more.length);
        return all;
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
