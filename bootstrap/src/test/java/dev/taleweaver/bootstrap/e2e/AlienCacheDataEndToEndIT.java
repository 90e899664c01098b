package dev.taleweaver.bootstrap.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.redisson.api.RType;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, #5 and #13 over HTTP, on the real service: alien data under the service's keys (a version that is no
 * number, a list where a hero belongs, another hero's entry) never changes an answer, is healed, shows as
 * deserialization errors in /metrics, and leaves the cache UP with its circuit CLOSED.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlienCacheDataEndToEndIT {
    private static final Pattern DESERIALIZATION_ERRORS = Pattern.compile(
            "taleweaver_cache_errors_total\\{[^}]*entity=\"hero\"[^}]*kind=\"deserialization\"[^}]*} ([0-9.]+)");

    private LiveService service;
    private HttpApi api;

    @BeforeAll
    void start() {
        service = LiveService.start(true);
        api = service.api();
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    private RedissonClient redis() {
        return service.redis().client();
    }

    private String raw(String logicalKey) {
        return redis().<String>getBucket(service.redisKey(logicalKey), StringCodec.INSTANCE).get();
    }

    @Test
    void alienDataIsHealedAndCountedAndTheCacheStaysUp() {
        String alpha = Resource.HEROES.create(api, "Alpha", "en");
        String beta = Resource.HEROES.create(api, "Beta", "en");
        assertThat(api.get("/heroes/" + alpha).status()).isEqualTo(200);
        assertThat(api.get("/heroes/" + beta).status()).isEqualTo(200);
        double errorsBefore = deserializationErrors();

        // a version that is no number, then the hero is replaced (the reproduction)
        redis().getBucket(service.redisKey("ver:{" + service.redisKey("hero:" + alpha) + "}"), StringCodec.INSTANCE)
                .set("notanumber");
        assertThat(api.put("/heroes/" + alpha, Requests.hero("Alpha Prime", "en")).status()).isEqualTo(200);
        assertThat(api.get("/heroes/" + alpha).json().get("name").asText()).isEqualTo("Alpha Prime");

        // another hero's entry under alpha's key; the L1 is told to forget alpha, as a write would tell it
        double beforeSwap = deserializationErrors();
        String alphaKey = "hero:" + alpha;
        redis().getBucket(service.redisKey(alphaKey), StringCodec.INSTANCE).set(raw("hero:" + beta));
        redis().getTopic(service.redis().keyPrefix() + "l1:invalidate", StringCodec.INSTANCE)
                .publish("K" + alphaKey.length() + ":" + alphaKey);
        Eventually.await(Duration.ofSeconds(5), "beta's entry under alpha's key is met and healed", () -> {
            assertThat(api.get("/heroes/" + alpha).json().get("name").asText()).isEqualTo("Alpha Prime");
            return deserializationErrors() > beforeSwap;
        });

        // a list where the list of all heroes belongs
        redis().getKeys().delete(service.redisKey("hero:all"));
        redis().getList(service.redisKey("hero:all"), StringCodec.INSTANCE).add("alien");
        assertThat(api.get("/heroes").ids()).containsExactlyInAnyOrder(alpha, beta);

        assertThat(raw("hero:" + alpha)).contains("Alpha Prime");
        assertThat(redis().getKeys().getType(service.redisKey("hero:all"))).isEqualTo(RType.OBJECT);
        assertThat(deserializationErrors() - errorsBefore).isGreaterThanOrEqualTo(3);
        ApiResponse health = api.get("/health");
        assertThat(health.json().path("components").path("cache").path("status").asText()).as("%s", health)
                .isEqualTo("UP");
        assertThat(health.body()).contains("circuit CLOSED");
    }

    private double deserializationErrors() {
        ApiResponse metrics = api.get("/metrics");
        Matcher m = DESERIALIZATION_ERRORS.matcher(metrics.body());
        assertThat(m.find()).as("the deserialization error counter in %s", metrics.body()).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
