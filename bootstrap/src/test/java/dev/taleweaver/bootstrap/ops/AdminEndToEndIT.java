package dev.taleweaver.bootstrap.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.taleweaver.adapter.redis.RedisConfig;
import dev.taleweaver.adapter.redis.testing.TestRedis;
import dev.taleweaver.application.cache.operations.CacheAdministration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RBatch;
import org.redisson.client.codec.StringCodec;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The operators' endpoints of the real service over real PostgreSQL and Redis: the bearer token guarding
 * {@code /admin/*}, the statistics moving with traffic, and the manual flushes removing exactly this deployment's
 * keys of the asked type — checked by scanning the Redis prefix before and after, next to another deployment's
 * prefix that must stay untouched. The token must never reach a log line.
 */
class AdminEndToEndIT {
    private static final String TOKEN = OpsService.newAdminToken();
    private static final String NEAR_MISS = TOKEN.substring(0, TOKEN.length() - 1) + "x";
    private static final int REDIS_POOL_SIZE = 7;
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String CHALLENGE = "Bearer realm=\"taleweaver-admin\"";

    private static Backing backing;
    private static OpsService service;
    private static OpsHttp http;
    /**
     * How many keys the other deployment holds: enough that a SCAN of the shared database (1000 keys a page) meets
     * pages holding none of this deployment's keys, as it does on any busy shared Redis.
     */
    private static final int OTHER_DEPLOYMENT_KEYS = 10_000;

    /** Another deployment sharing the Redis server, under its own prefix: its keys look like ours but are not. */
    private static TestRedis otherDeployment;
    private static Set<String> otherKeys;
    private static CapturedLogs logs;

    @BeforeAll
    static void start() {
        logs = CapturedLogs.start(Level.DEBUG);
        backing = Backing.create();
        service = backing.service().adminToken(TOKEN).redisPoolSize(REDIS_POOL_SIZE).start();
        http = service.http();
        otherDeployment = TestRedis.create();
        otherKeys = otherDeploymentKeys(otherDeployment.keyPrefix());
        RBatch batch = otherDeployment.client().createBatch();
        // a TTL, so a crashed run leaves nothing behind on the shared server for long
        otherKeys.forEach(key -> batch.getBucket(key, StringCodec.INSTANCE).setAsync("[]", Duration.ofMinutes(10)));
        batch.execute();
    }

    /** Keys shaped like ours (hero:all, story:all, …) plus a busy cache's worth of entity keys. */
    private static Set<String> otherDeploymentKeys(String prefix) {
        Set<String> keys = new TreeSet<>(Set.of(prefix + "hero:all", prefix + "story:all", prefix + "child:lang:en"));
        for (int i = 0; keys.size() < OTHER_DEPLOYMENT_KEYS; i++) {
            keys.add(prefix + List.of("hero", "child", "story").get(i % 3) + ":" + new UUID(0, i));
        }
        return keys;
    }

    @AfterAll
    static void stop() {
        try {
            if (service != null) {
                service.close();
            }
            if (backing != null) {
                backing.close();
            }
            if (otherDeployment != null) {
                otherDeployment.close();
            }
        } finally {
            if (logs != null) {
                logs.close();
            }
        }
    }

    /** Whatever a test did, with the right, a wrong or no token: the token is in no log line. */
    @AfterEach
    void noLogLineHoldsTheToken() {
        List<String> leaks = logs.events().stream().map(CapturedLogs::everything)
                .filter(text -> text.contains(TOKEN) || text.contains(NEAR_MISS)
                        || text.contains(TOKEN.substring(8)))
                .toList();
        assertThat(leaks).as("log lines holding the admin token or a near miss of it").isEmpty();
    }

    // ---- authentication --------------------------------------------------------------------------------------

    @Test
    void withoutTheTokenTheAdminEndpointsRefuseWith401() {
        HttpResponse<String> missing = http.get("/admin/cache/stats");
        HttpResponse<String> wrong = http.get("/admin/cache/stats", "Authorization", OpsHttp.bearer(NEAR_MISS));
        HttpResponse<String> basic = http.get("/admin/cache/stats", "Authorization", "Basic " + TOKEN);
        HttpResponse<String> unknownPath = http.get("/admin/secrets");

        for (HttpResponse<String> refused : List.of(missing, wrong, basic, unknownPath)) {
            assertThat(refused.statusCode()).as("%s: %s", refused.uri(), refused.body()).isEqualTo(401);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith(PROBLEM_JSON));
            assertThat(refused.headers().firstValue("WWW-Authenticate")).contains(CHALLENGE);
            assertThat(refused.headers().firstValue("Cache-Control")).contains("no-store");
            JsonNode problem = OpsHttp.json(refused);
            assertThat(problem.get("status").asInt()).isEqualTo(401);
            assertThat(problem.get("title").asText()).isNotBlank();
            assertThat(refused.body()).doesNotContain(TOKEN).doesNotContain("hit_rate");
        }
        assertThat(OpsHttp.json(wrong).get("detail").asText()).contains("not valid");
        assertThat(logs.events()).as("each refusal is logged, without the token")
                .filteredOn(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().startsWith("Refused GET"))
                .hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void aFlushWithoutTheTokenDeletesNothing() {
        populateAllTypes("Unguarded");
        Set<String> before = backing.keys();

        HttpResponse<String> all = http.delete("/admin/cache");
        HttpResponse<String> heroes = http.delete("/admin/cache/hero", "Authorization", OpsHttp.bearer(NEAR_MISS));

        assertThat(all.statusCode()).isEqualTo(401);
        assertThat(heroes.statusCode()).isEqualTo(401);
        assertThat(backing.keys()).isEqualTo(before);
    }

    @Test
    void aServiceWithoutAnAdminTokenHasNoAdminEndpoints() {
        populateAllTypes("Tokenless");
        Set<String> before = backing.keys();
        try (OpsService tokenless = backing.service().start()) {
            OpsHttp other = tokenless.http();

            HttpResponse<String> stats = other.get("/admin/cache/stats", "Authorization", OpsHttp.bearer(TOKEN));
            HttpResponse<String> flush = other.flush(TOKEN, null);
            HttpResponse<String> anonymous = other.get("/admin/cache/stats");

            for (HttpResponse<String> off : List.of(stats, flush, anonymous)) {
                assertThat(off.statusCode()).as("%s %s", off.request().method(), off.uri()).isEqualTo(404);
                assertThat(off.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                        assertThat(type).startsWith(PROBLEM_JSON));
                assertThat(off.headers().firstValue("WWW-Authenticate")).isEmpty();
            }
            assertThat(backing.keys()).as("the refused flush deleted nothing").isEqualTo(before);
            assertThat(other.get("/heroes").statusCode()).as("the public API is on as usual").isEqualTo(200);
        }
    }

    // ---- analytics (ADR 15) ----------------------------------------------------------------------------------

    @Test
    void theAnalyticsSeesReadsFillsInvalidationsAndTheHotKey() {
        String hero = http.createHero("Analytic Ace", "en").get("id").asText();
        assertThat(http.flush(TOKEN, null).statusCode()).isEqualTo(200);
        JsonNode before = analytics();
        for (int i = 0; i < 200; i++) {
            http.ok("/heroes/" + hero); // a miss and a fill, then hits (most from the L1)
        }
        http.renameHero(hero, "Analytic Ace II", "en"); // an invalidation that ends the entry, and a write-through

        assertThat(http.get("/admin/cache/analytics").statusCode()).isEqualTo(401);
        JsonNode after = analytics();
        assertThat(after.get("enabled").asBoolean()).isTrue();
        JsonNode ids = heroIds(after);
        assertThat(ids.get("reads").asLong() - heroIds(before).get("reads").asLong()).isEqualTo(200);
        assertThat(ids.get("misses").asLong() - heroIds(before).get("misses").asLong()).isEqualTo(1);
        assertThat(ids.get("fills").asLong() - heroIds(before).get("fills").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(ids.get("invalidations").asLong() - heroIds(before).get("invalidations").asLong())
                .isGreaterThanOrEqualTo(1);
        assertThat(ids.get("l1_hits").asLong() + ids.get("redis_hits").asLong()).isEqualTo(ids.get("hits").asLong());
        assertThat(ids.get("l1_hits").asLong() - heroIds(before).get("l1_hits").asLong()).isPositive();
        assertThat(after.get("hot_keys").findValuesAsText("key")).contains("hero:" + hero);
        JsonNode heroEntity = after.get("entities").findParents("entity_type").stream()
                .filter(e -> e.get("entity_type").asText().equals("hero")).findFirst().orElseThrow();
        assertThat(heroEntity.get("lifetime_seconds").get("count").asLong()).isPositive();
        assertThat(heroEntity.get("ttl_advice").get("current_ttl_seconds").asLong()).isPositive();
    }

    private static JsonNode analytics() {
        HttpResponse<String> response = http.get("/admin/cache/analytics", "Authorization", OpsHttp.bearer(TOKEN));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return OpsHttp.json(response);
    }

    private static JsonNode heroIds(JsonNode analytics) {
        for (JsonNode family : analytics.get("families")) {
            if (family.get("entity_type").asText().equals("hero") && family.get("family").asText().equals("id")) {
                return family;
            }
        }
        return OpsHttp.json("{\"reads\":0,\"misses\":0,\"fills\":0,\"invalidations\":0,\"l1_hits\":0}");
    }

    // ---- statistics ------------------------------------------------------------------------------------------

    @Test
    void theStatisticsMoveAsTrafficFlows() {
        String hero = http.createHero("Statistic Star", "en").get("id").asText();
        String child = http.createChild("Sam", "en").get("id").asText();
        // the creates cached both (write-through); empty the cache so each first read misses
        assertThat(http.flush(TOKEN, null).statusCode()).isEqualTo(200);
        JsonNode before = http.stats(TOKEN);

        for (int i = 0; i < 3; i++) {
            http.ok("/heroes/" + hero); // a miss, then two hits
        }
        http.ok("/children/" + child); // a miss
        http.ok("/children/" + child); // a hit

        JsonNode after = http.stats(TOKEN);
        assertThat(after.get("enabled").asBoolean()).isTrue();
        assertThat(after.get("circuit_state").asText()).isEqualTo("CLOSED");
        assertThat(moved(before, after, "hero", "hits")).isEqualTo(2);
        assertThat(moved(before, after, "hero", "misses")).isEqualTo(1);
        assertThat(moved(before, after, "child", "hits")).isEqualTo(1);
        assertThat(moved(before, after, "child", "misses")).isEqualTo(1);
        assertThat(moved(before, after, "story", "hits") + moved(before, after, "story", "misses")).isZero();

        JsonNode heroes = after.get("entities").get("hero");
        JsonNode sinceStart = heroes.get("since_start");
        double reads = sinceStart.get("hits").asDouble() + sinceStart.get("misses").asDouble();
        assertThat(sinceStart.get("hit_rate").asDouble()).isEqualTo(sinceStart.get("hits").asDouble() / reads);
        assertThat(heroes.get("last_minute").get("hits").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(heroes.get("last_minute").get("misses").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(heroes.get("mean_hit_millis").asDouble()).isPositive();
        assertThat(heroes.get("mean_miss_millis").asDouble()).isPositive();
        assertThat(heroes.get("latency_saved_per_hit_millis").asDouble()).as("miss latency minus hit latency")
                .isCloseTo(heroes.get("mean_miss_millis").asDouble() - heroes.get("mean_hit_millis").asDouble(),
                        within(1e-6));

        // key_count: see keyCountsCountEveryKeyOfEachTypeOnASharedRedis
        JsonNode server = after.get("server");
        assertThat(server.get("used_memory_bytes").asLong()).isPositive();
        assertThat(server.get("evicted_keys").asLong()).isNotNegative();
        assertThat(server.get("pool_size").asInt()).as("REDIS_MAX_CONNECTIONS").isEqualTo(REDIS_POOL_SIZE);
        assertThat(server.get("pool_in_use").asInt()).isBetween(0, REDIS_POOL_SIZE);
        int readPoolSize = server.get("read_pool_size").asInt();
        assertThat(readPoolSize).as("REDIS_READ_CONNECTIONS, or REDIS_MAX_CONNECTIONS when the reads share that pool")
                .isIn(RedisConfig.DEFAULT_READ_CONNECTIONS, REDIS_POOL_SIZE);
        assertThat(server.get("read_pool_in_use").asInt()).isBetween(0, readPoolSize);
    }

    @Test
    void keyCountsCountEveryKeyOfEachTypeOnASharedRedis() {
        populateAllTypes("Counted");
        populateAllTypes("Counted Again");

        JsonNode entities = http.stats(TOKEN).get("entities");

        Set<String> values = backing.valueKeys();
        for (String type : List.of("hero", "child", "story")) {
            long cached = values.stream().filter(k -> k.startsWith(type + ":")).count();
            assertThat(cached).as("%s keys in Redis", type).isGreaterThanOrEqualTo(4);
            assertThat(entities.get(type).get("key_count").asLong())
                    .as("key_count of %s: this deployment's %s keys in a database that also holds %d keys of"
                            + " another deployment", type, type, OTHER_DEPLOYMENT_KEYS)
                    .isEqualTo(cached);
        }
    }

    // ---- flushes ---------------------------------------------------------------------------------------------

    @Test
    void flushingOneTypeRemovesExactlyThatTypesKeysOfThisDeployment() {
        Ids ids = populateAllTypes("Flush One");
        Set<String> before = backing.keys();
        Set<String> heroKeys = keysStartingWith(before, backing.prefix() + "hero:");
        assertThat(heroKeys).as("populated: %s", before).contains(backing.redisKey("hero:all"),
                backing.redisKey("hero:lang:en"), backing.redisKey("hero:" + ids.hero()));
        assertThat(keysStartingWith(before, backing.prefix() + "child:")).isNotEmpty();
        assertThat(keysStartingWith(before, backing.prefix() + "story:"))
                .contains(backing.redisKey("story:child:" + ids.child()));
        assertThat(before).as("writes left version keys").anyMatch(backing::isVersionKey);
        assertThat(before).anyMatch(k -> backing.isVersionKey(k) && k.contains("hero:"));

        HttpResponse<String> response = http.flush(TOKEN, "hero");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Set<String> after = backing.keys();
        Set<String> removed = new TreeSet<>(before);
        removed.removeAll(after);
        assertThat(removed).as("removed").isEqualTo(heroKeys);
        assertThat(after).as("everything else is still there, version keys of heroes too")
                .containsExactlyInAnyOrderElementsOf(minus(before, heroKeys));
        JsonNode result = OpsHttp.json(response);
        assertThat(result.get("scope").asText()).isEqualTo("hero");
        assertThat(result.get("keys_deleted").asLong()).isEqualTo(removed.size());
        assertOtherDeploymentUntouched();
        assertThat(flushLines()).as("the flush's INFO line")
                .contains("Cache flush: scope=hero, keys=" + removed.size());
    }

    @Test
    void flushingEverythingRemovesEveryValueKeyOfThisDeploymentOnly() {
        populateAllTypes("Flush All");
        Set<String> before = backing.keys();
        Set<String> versions = before.stream().filter(backing::isVersionKey).collect(Collectors.toSet());
        assertThat(versions).isNotEmpty();
        assertThat(before.size()).isGreaterThan(versions.size());

        HttpResponse<String> response = http.flush(TOKEN, null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Set<String> after = backing.keys();
        assertThat(after).as("only the version keys are left").containsExactlyInAnyOrderElementsOf(versions);
        JsonNode result = OpsHttp.json(response);
        assertThat(result.get("scope").asText()).isEqualTo("all");
        assertThat(result.get("keys_deleted").asLong()).isEqualTo(before.size() - versions.size());
        assertOtherDeploymentUntouched();
        assertThat(flushLines()).contains("Cache flush: scope=all, keys=" + (before.size() - versions.size()));
        assertThat(http.ok("/heroes")).as("the service reads through to the database after a flush")
                .contains("Flush All");
    }

    @Test
    void anUnknownEntityTypeIsABadRequestNamingTheField() {
        populateAllTypes("Unknown Type");
        Set<String> before = backing.keys();

        HttpResponse<String> response = http.flush(TOKEN, "dragon");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith(PROBLEM_JSON));
        JsonNode errors = OpsHttp.json(response).get("errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get("field").asText()).isEqualTo("entity_type");
        assertThat(errors.get(0).get("message").asText()).contains("hero", "child", "story", "dragon");
        assertThat(backing.keys()).isEqualTo(before);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private record Ids(String hero, String child, String story) {
    }

    /** One hero, child and story, then reads that cache every kind of key of every type. */
    private static Ids populateAllTypes(String name) {
        String hero = http.createHero(name + " Hero", "en").get("id").asText();
        String child = http.createChild(name + " Child", "en").get("id").asText();
        String story = http.createStory(name + " Story", child, hero, "en").get("id").asText();
        for (String path : List.of("/heroes", "/heroes?language=en", "/heroes/" + hero,
                "/children", "/children?language=en", "/children/" + child,
                "/stories", "/stories?language=en", "/stories/" + story, "/stories?child_id=" + child)) {
            http.ok(path);
        }
        return new Ids(hero, child, story);
    }

    private static long moved(JsonNode before, JsonNode after, String type, String figure) {
        return after.get("entities").get(type).get("since_start").get(figure).asLong()
                - before.get("entities").get(type).get("since_start").get(figure).asLong();
    }

    private static Set<String> keysStartingWith(Set<String> keys, String start) {
        return keys.stream().filter(k -> k.startsWith(start)).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> minus(Set<String> keys, Set<String> removed) {
        Set<String> rest = new TreeSet<>(keys);
        rest.removeAll(removed);
        return rest;
    }

    private static void assertOtherDeploymentUntouched() {
        Set<String> left = new TreeSet<>(otherDeployment.keys());
        assertThat(minus(otherKeys, left)).as("the other deployment's keys that went missing").isEmpty();
        assertThat(left).as("the other deployment's keys").hasSameSizeAs(otherKeys);
    }

    /** The INFO lines the flushes logged so far. */
    private static List<String> flushLines() {
        return logs.from(CacheAdministration.class).stream()
                .filter(e -> e.getLevel() == Level.INFO)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
