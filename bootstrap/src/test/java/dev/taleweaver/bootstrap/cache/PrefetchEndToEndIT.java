package dev.taleweaver.bootstrap.cache;

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
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CACHE_PREFETCH=true wired as Main wires it (ADR 16): reading a story over HTTP warms its hero and child in Redis,
 * and /metrics counts the prefetches.
 */
class PrefetchEndToEndIT {
    private static TestSchema schema;
    private static TestRedis redis;
    private static Taleweaver service;
    private static ServiceClient client;

    @BeforeAll
    static void start() {
        schema = TestPostgres.createSchema();
        redis = TestRedis.create();
        Settings settings = new Settings(schema.config(), 0, true, redis.config(), LiveService.defaultTtls())
                .withL1(Settings.L1.OFF).withCachePrefetch(true);
        service = Taleweaver.start(settings, Clock.systemUTC());
        client = new ServiceClient(service.port());
    }

    @AfterAll
    static void stop() {
        try {
            if (service != null) {
                service.close();
            }
        } finally {
            redis.close();
            schema.close();
        }
    }

    @Test
    void readingAStoryWarmsItsHeroAndChild() {
        String hero = created("/heroes", ServiceClient.hero("Captain Wonder", "en"));
        String child = created("/children", Map.of("name", "Mia", "age", 6, "gender", "female",
                "interests", List.of("dragons"), "language", "en"));
        String story = created("/stories", Map.of("title", "The Moon Trip", "content", "Once upon a time.",
                "child_id", child, "hero_id", hero, "language", "en"));
        // as if they had expired (their writes cached them through)
        redis.client().getBucket(redis.keyPrefix() + "hero:" + hero, StringCodec.INSTANCE).delete();
        redis.client().getBucket(redis.keyPrefix() + "child:" + child, StringCodec.INSTANCE).delete();

        assertThat(client.get("/stories/" + story).status()).isEqualTo(200);

        Eventually.await("the story's hero and child are warmed", Duration.ofSeconds(10),
                () -> cached("hero:" + hero) && cached("child:" + child));
        PrometheusScrape scrape = PrometheusScrape.parse(client.text("/metrics"));
        assertThat(scrape.sum("taleweaver_cache_prefetch_loaded_total")).isGreaterThanOrEqualTo(2);
        assertThat(scrape.sum("taleweaver_cache_prefetch_submitted_total")).isGreaterThanOrEqualTo(2);
    }

    private static boolean cached(String logicalKey) {
        return redis.client().getBucket(redis.keyPrefix() + logicalKey, StringCodec.INSTANCE).isExists();
    }

    private static String created(String path, Object body) {
        ServiceClient.Response response = client.post(path, body);
        assertThat(response.status()).as("POST %s: %s", path, response.body()).isEqualTo(201);
        return response.field("id");
    }
}
