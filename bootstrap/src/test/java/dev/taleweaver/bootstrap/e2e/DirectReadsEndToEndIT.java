package dev.taleweaver.bootstrap.e2e;

import dev.taleweaver.adapter.postgres.testing.TestPostgres;
import dev.taleweaver.adapter.postgres.testing.TestSchema;
import dev.taleweaver.adapter.redis.testing.TestRedis;
import dev.taleweaver.bootstrap.Settings;
import dev.taleweaver.bootstrap.Taleweaver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADR 19 on the real service: with {@code CACHE_L1_ENABLED=false} (every read a Redis hit answered as the cached
 * bytes, ADR 13, or a database read on a miss) a service answering item reads in front of Javalin and one with
 * {@code HTTP_DIRECT_READS=false}, over the same schema and key prefix, answer every read the same: status,
 * headers (but {@code Date} and the fresh {@code X-Request-Id}) and body bytes — misses, hits, 304s, 404s, 400s,
 * a non-ASCII entity, an answer gzipped for a client that asks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectReadsEndToEndIT {
    private TestSchema schema;
    private TestRedis redis;
    private Taleweaver direct;
    private Taleweaver javalin;
    private HttpApi api;

    @BeforeAll
    void start() {
        schema = TestPostgres.createSchema();
        redis = TestRedis.create();
        direct = Taleweaver.start(settings(true), Clock.systemUTC());
        javalin = Taleweaver.start(settings(false), Clock.systemUTC());
        api = HttpApi.onLocalPort(direct.port());
    }

    private Settings settings(boolean directReads) {
        Settings.HttpLimits http = Settings.HttpLimits.DEFAULTS;
        return new Settings(schema.config(), 0, true, redis.config(), LiveService.defaultTtls(),
                Settings.Operations.DEFAULTS, Settings.L1.OFF, new Settings.HttpLimits(http.maxConnections(),
                http.maxInFlight(), http.idleTimeout(), http.headerTimeout(), http.minRequestDataRate(), List.of(),
                null, directReads));
    }

    @AfterAll
    void stop() {
        for (AutoCloseable closing : new AutoCloseable[]{direct, javalin, redis, schema}) {
            try {
                if (closing != null) {
                    closing.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void everyReadIsAnsweredAlikeWithAndWithoutDirectReads() throws IOException {
        String heroId = Resource.HEROES.create(api, "Ünïcørn \"勇者\" \\ 🐉", "ja");
        String childId = Resource.CHILDREN.create(api, "Mia", "en");
        Map<String, Object> story = Requests.storyFields("The Long Trip", childId, heroId, "en");
        story.put("content", "Once upon a time, far away. ".repeat(100).strip()); // over 1,500 bytes: gzipped
        String storyId = created(api.post("/stories", Requests.json(story)));
        for (String item : List.of("/heroes/" + heroId, "/children/" + childId, "/stories/" + storyId)) {
            for (boolean directFirst : new boolean[]{true, false}) {
                redis.close(); // no entry: the first to be asked reads the database and fills Redis, the other hits
                assertThat(assertSameAnswer("GET", item, List.of(), directFirst)).isEqualTo(200);
                assertThat(assertSameAnswer("GET", item, List.of(), directFirst)).isEqualTo(200); // both hit
            }
        }
        String tag = api.get("/heroes/" + heroId).header("ETag");
        assertThat(assertSameAnswer("GET", "/heroes/" + heroId, List.of("If-None-Match: " + tag))).isEqualTo(304);
        assertThat(assertSameAnswer("GET", "/heroes/" + heroId, List.of("If-None-Match: \"other\"")))
                .isEqualTo(200);
        assertThat(assertSameAnswer("GET", "/stories/" + storyId, List.of("Accept-Encoding: gzip"))).isEqualTo(200);
        assertThat(assertSameAnswer("GET", "/heroes/" + childId, List.of())).isEqualTo(404);
        assertThat(assertSameAnswer("GET", "/heroes/not-an-id", List.of())).isEqualTo(400);
        assertThat(assertSameAnswer("HEAD", "/heroes/" + heroId, List.of())).isEqualTo(200);
        assertSameAnswer("GET", "/heroes/" + heroId + "?fields=name", List.of());
    }

    private static String created(ApiResponse response) {
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        return response.json().get("id").asText();
    }

    private int assertSameAnswer(String method, String target, List<String> headers) throws IOException {
        return assertSameAnswer(method, target, headers, true);
    }

    /** @return the status both answered */
    private int assertSameAnswer(String method, String target, List<String> headers, boolean directFirst)
            throws IOException {
        String first = answer((directFirst ? direct : javalin).port(), method, target, headers);
        String second = answer((directFirst ? javalin : direct).port(), method, target, headers);
        assertThat(first).as("%s %s %s", method, target, headers).isEqualTo(second);
        return Integer.parseInt(first.substring(0, 3));
    }

    private static String answer(int port, String method, String target, List<String> headers) throws IOException {
        RawHttp.Exchange exchange = RawHttp.exchange(port, RawHttp.request(method, target, headers, new byte[0]),
                Duration.ofSeconds(15), 1 << 20);
        assertThat(exchange.answers()).hasSize(1);
        RawHttp.Answer answer = exchange.answers().get(0);
        Map<String, String> kept = new TreeMap<>(answer.headers());
        kept.remove("date");
        kept.remove("x-request-id");
        return answer.status() + " " + kept + "\n" + new String(answer.body(), StandardCharsets.UTF_8);
    }
}
