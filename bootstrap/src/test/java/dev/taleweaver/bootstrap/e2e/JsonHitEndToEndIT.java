package dev.taleweaver.bootstrap.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.redisson.client.codec.StringCodec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADR 13 over HTTP, on the real service with {@code CACHE_L1_ENABLED=false}: a Redis hit of {@code GET /heroes/{id}}
 * or {@code GET /children/{id}} is answered with the cached entity's bytes — the same body and ETag as an answer
 * written from the database — and counted as a hit (and as an upcast hit for an entry of the previous schema
 * version); an entry that is not exactly one of the service's own (another key's, corrupt, truncated, with a field
 * more, of an unreadable version, formatted by another writer) is answered the same all the same, and healed and
 * counted exactly as before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsonHitEndToEndIT {
    private static final String NAME = "Ünïcørn \"勇者\" \\ 🐉";

    private LiveService service;
    private HttpApi api;

    @BeforeAll
    void start() {
        service = LiveService.startWithoutL1();
        api = service.api();
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    private String raw(String logicalKey) {
        return service.redis().client().<String>getBucket(service.redisKey(logicalKey), StringCodec.INSTANCE).get();
    }

    private void plant(String logicalKey, String entry) {
        service.redis().client().getBucket(service.redisKey(logicalKey), StringCodec.INSTANCE).set(entry);
    }

    @Test
    void aRedisHitIsAnsweredWithTheBytesAndTagOfTheDatabasesAnswerAndCountedAsAnUpcastHit() {
        for (Resource resource : new Resource[]{Resource.HEROES, Resource.CHILDREN}) {
            String id = resource.create(api, NAME, "ja");
            String key = (resource == Resource.HEROES ? "hero:" : "child:") + id;
            service.redis().client().getKeys().delete(service.redisKey(key));
            ApiResponse fromDatabase = api.get(resource.item(id));
            assertThat(fromDatabase.status()).isEqualTo(200);
            assertThat(raw(key)).as("filled by the miss").isNotNull();
            double hits = counter("hits", resource);
            double upcasts = counter("upcast_hits", resource);

            ApiResponse hit = api.get(resource.item(id));

            assertThat(hit.status()).isEqualTo(200);
            assertThat(hit.body()).isEqualTo(fromDatabase.body());
            assertThat(hit.header("ETag")).isEqualTo(fromDatabase.header("ETag"));
            assertThat(hit.contentType()).isEqualTo(fromDatabase.contentType());
            assertThat(hit.json().get("name").asText()).isEqualTo(NAME);
            assertThat(counter("hits", resource) - hits).isEqualTo(1);
            assertThat(counter("upcast_hits", resource) - upcasts)
                    .as("the default write version is the previous schema's").isEqualTo(1);
        }
    }

    @Test
    void aConditionalGetOfAJsonHitIsA304() {
        String id = Resource.HEROES.create(api, "Conditional", "en");
        String tag = api.get(Resource.HEROES.item(id)).header("ETag");

        ApiResponse again = api.send("GET", Resource.HEROES.item(id), null, null);
        assertThat(again.header("ETag")).isEqualTo(tag);
        ApiResponse notModified = api.sendWithHeaders("GET", Resource.HEROES.item(id), null,
                Map.of("If-None-Match", tag));
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
    }

    @Test
    void anEntryThatIsNotExactlyTheServicesOwnIsAnsweredTheSameAndHealedAsBefore() {
        String id = Resource.HEROES.create(api, NAME, "en");
        String other = Resource.HEROES.create(api, "Someone Else", "en");
        String key = "hero:" + id;
        ApiResponse expected = api.get(Resource.HEROES.item(id));
        String own = raw(key);
        String othersEntry = raw("hero:" + other);
        assertThat(own).startsWith("{\"v\":1,\"entity\":{\"id\":\"" + id + "\",\"name\":");

        Map<String, UnaryOperator<String>> corrupt = new LinkedHashMap<>();
        corrupt.put("another hero's entry", entry -> othersEntry);
        corrupt.put("truncated", entry -> entry.substring(0, entry.length() / 2));
        corrupt.put("a field more", entry -> entry.replace("\"age\":", "\"alias\":\"x\",\"age\":"));
        corrupt.put("a field less", entry -> entry.replaceFirst("\"age\":[0-9]+,", ""));
        corrupt.put("not JSON", entry -> "hero");
        Map<String, UnaryOperator<String>> readable = new LinkedHashMap<>();
        readable.put("fields reordered", entry -> {
            Matcher age = Pattern.compile("\"age\":[0-9]+,").matcher(entry);
            assertThat(age.find()).isTrue();
            return entry.replace(age.group(), "").replace("\"name\":", age.group() + "\"name\":");
        });
        readable.put("spaces between tokens", entry -> entry.replace(",\"", ", \"").replace("\":", "\": "));
        readable.put("the current schema version", entry -> entry.replaceFirst("\\{\"v\":1,", "{\"v\":2,"));
        readable.put("an escape another writer wrote", entry -> entry.replace("Ünïcørn", "\\u00dcnïcørn"));

        for (Map.Entry<String, UnaryOperator<String>> c : corrupt.entrySet()) {
            double errors = errors();
            plant(key, c.getValue().apply(own));

            ApiResponse answer = api.get(Resource.HEROES.item(id));

            assertThat(answer.body()).as(c.getKey()).isEqualTo(expected.body());
            assertThat(answer.header("ETag")).as(c.getKey()).isEqualTo(expected.header("ETag"));
            assertThat(errors() - errors).as("%s is counted as a deserialization error", c.getKey()).isEqualTo(1);
            assertThat(raw(key)).as("%s is replaced by the service's own entry", c.getKey())
                    .startsWith("{\"v\":1,\"entity\":{\"id\":\"" + id + "\",\"name\":");
        }
        for (Map.Entry<String, UnaryOperator<String>> r : readable.entrySet()) {
            double errors = errors();
            double hits = counter("hits", Resource.HEROES);
            plant(key, r.getValue().apply(own));

            ApiResponse answer = api.get(Resource.HEROES.item(id));

            assertThat(answer.body()).as(r.getKey()).isEqualTo(expected.body());
            assertThat(answer.header("ETag")).as(r.getKey()).isEqualTo(expected.header("ETag"));
            assertThat(errors() - errors).as(r.getKey()).isZero();
            assertThat(counter("hits", Resource.HEROES) - hits).as("%s is a hit", r.getKey()).isEqualTo(1);
        }

        double misses = counter("misses", Resource.HEROES);
        plant(key, own.replaceFirst("\\{\"v\":1,", "{\"v\":3,"));
        assertThat(api.get(Resource.HEROES.item(id)).body()).isEqualTo(expected.body());
        assertThat(counter("misses", Resource.HEROES) - misses).as("an unreadable version is a miss").isEqualTo(1);
        assertThat(raw(key)).startsWith("{\"v\":1,");
    }

    private double errors() {
        return metric("taleweaver_cache_errors_total\\{[^}]*entity=\"hero\"[^}]*kind=\"deserialization\"[^}]*}");
    }

    private double counter(String name, Resource resource) {
        String entity = resource == Resource.HEROES ? "hero" : "child";
        return metric("taleweaver_cache_" + name + "_total\\{[^}]*entity=\"" + entity
                + "\"[^}]*operation=\"find_by_id\"[^}]*}");
    }

    /** The sum of every series matching {@code series} (misses have one per reason). */
    private double metric(String series) {
        ApiResponse metrics = api.get("/metrics");
        Matcher m = Pattern.compile(series + " ([0-9.E+-]+)").matcher(metrics.body());
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }
}
