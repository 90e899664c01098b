package dev.taleweaver.bootstrap.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taleweaver.adapter.postgres.testing.TestPostgres;
import dev.taleweaver.adapter.postgres.testing.TestSchema;
import dev.taleweaver.adapter.redis.testing.TestRedis;
import dev.taleweaver.bootstrap.Settings;
import dev.taleweaver.bootstrap.Taleweaver;
import dev.taleweaver.bootstrap.e2e.LiveService;
import dev.taleweaver.bootstrap.ops.PrometheusScrape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17 through the whole service: two instances started as Main starts them, on one PostgreSQL schema and one
 * Redis prefix, one with the default CACHE_SCHEMA_WRITE_VERSION (1) and one switched to 2 — the fleet while the
 * switch rolls out. Each serves the other's entries as hits: B upcasts A's schema-1 entries (counted in
 * {@code taleweaver_cache_upcast_hits_total}, no database load), A reads B's schema-2 entries natively. L1 off, so
 * every read goes to Redis.
 */
class CacheSchemaSwitchEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestSchema schema;
    private static TestRedis redis;
    private static Taleweaver a;
    private static Taleweaver b;
    private static ServiceClient onA;
    private static ServiceClient onB;

    @BeforeAll
    static void start() {
        schema = TestPostgres.createSchema();
        redis = TestRedis.create();
        Settings settings = new Settings(schema.config(), 0, true, redis.config(), LiveService.defaultTtls())
                .withL1(Settings.L1.OFF);
        assertThat(settings.cacheSchemaWriteVersion()).isEqualTo(1);
        a = Taleweaver.start(settings, Clock.systemUTC());
        b = Taleweaver.start(settings.withCacheSchemaWriteVersion(2), Clock.systemUTC());
        onA = new ServiceClient(a.port());
        onB = new ServiceClient(b.port());
    }

    @AfterAll
    static void stop() {
        try {
            if (b != null) {
                b.close();
            }
        } finally {
            try {
                if (a != null) {
                    a.close();
                }
            } finally {
                redis.close();
                schema.close();
            }
        }
    }

    @Test
    void instancesWritingEitherVersionHitEachOthersEntries() throws Exception {
        String hero = created(onA, "/heroes", ServiceClient.hero("Captain Wonder", "en"));
        String child = created(onA, "/children", Map.of("name", "Mia", "age", 6, "gender", "female",
                "interests", List.of("dragons"), "language", "en"));
        String story = created(onA, "/stories", Map.of("title", "The Moon Trip", "content", "Once upon a time.",
                "child_id", child, "hero_id", hero, "language", "en"));

        // A fills the cache in schema 1; B reads those entries as hits of kind upcast, without loading
        JsonNode storyOnA = ok(onA, "/stories/" + story);
        ok(onA, "/heroes/" + hero);
        assertThat(entry("story:" + story).get("v").asInt()).isEqualTo(1);
        assertThat(entry("story:" + story).get("entity").has("child_name")).isTrue();
        Figures before = Figures.of(onB);
        assertThat(ok(onB, "/stories/" + story)).isEqualTo(storyOnA);
        ok(onB, "/heroes/" + hero);
        Figures after = Figures.of(onB);
        assertThat(after.upcastHits - before.upcastHits).as("upcast hits on B").isEqualTo(2);
        assertThat(after.hits - before.hits).as("hits on B").isEqualTo(2);
        assertThat(after.loads - before.loads).as("database loads on B").isZero();

        // B writes schema 2 (its write-through after a rename); A reads it natively, as a plain hit
        assertThat(onB.put("/heroes/" + hero, ServiceClient.hero("Captain Marvel", "en")).status()).isEqualTo(200);
        JsonNode storyOnB = ok(onB, "/stories/" + story);
        assertThat(storyOnB.get("hero_name").asText()).isEqualTo("Captain Marvel");
        JsonNode written = entry("story:" + story);
        assertThat(written.get("v").asInt()).isEqualTo(2);
        assertThat(written.get("entity").get("hero").get("name").asText()).isEqualTo("Captain Marvel");
        assertThat(entry("hero:" + hero).get("v").asInt()).isEqualTo(2);
        Figures aBefore = Figures.of(onA);
        assertThat(ok(onA, "/stories/" + story)).isEqualTo(storyOnB);
        assertThat(ok(onA, "/heroes/" + hero).get("name").asText()).isEqualTo("Captain Marvel");
        Figures aAfter = Figures.of(onA);
        assertThat(aAfter.hits - aBefore.hits).as("hits on A").isEqualTo(2);
        assertThat(aAfter.upcastHits - aBefore.upcastHits).as("upcast hits on A").isZero();
        assertThat(aAfter.loads - aBefore.loads).as("database loads on A").isZero();
        assertThat(aAfter.outdated + after.outdated).as("outdated misses on either").isZero();
    }

    private static String created(ServiceClient client, String path, Object body) {
        ServiceClient.Response response = client.post(path, body);
        assertThat(response.status()).as("POST %s: %s", path, response.body()).isEqualTo(201);
        return response.field("id");
    }

    private static JsonNode ok(ServiceClient client, String path) {
        ServiceClient.Response response = client.get(path);
        assertThat(response.status()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return response.body();
    }

    private static JsonNode entry(String logicalKey) throws Exception {
        String text = (String) redis.client().getBucket(redis.keyPrefix() + logicalKey,
                StringCodec.INSTANCE).get();
        assertThat(text).as("cached %s", logicalKey).isNotNull();
        return JSON.readTree(text);
    }

    /** One instance's cache counters in /metrics, over every entity and operation. */
    private record Figures(double hits, double upcastHits, double loads, double outdated) {
        static Figures of(ServiceClient client) {
            PrometheusScrape scrape = PrometheusScrape.parse(client.text("/metrics"));
            return new Figures(scrape.sum("taleweaver_cache_hits_total"),
                    scrape.sum("taleweaver_cache_upcast_hits_total"),
                    scrape.sum("taleweaver_cache_db_loads_seconds_count"),
                    scrape.sum("taleweaver_cache_misses_total", "reason", "outdated"));
        }
    }
}
