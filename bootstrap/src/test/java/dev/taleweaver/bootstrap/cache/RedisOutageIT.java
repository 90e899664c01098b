package dev.taleweaver.bootstrap.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taleweaver.adapter.postgres.PostgresDatabase;
import dev.taleweaver.adapter.postgres.testing.TestPostgres;
import dev.taleweaver.adapter.postgres.testing.TestSchema;
import dev.taleweaver.adapter.redis.RedisClientFactory;
import dev.taleweaver.adapter.redis.RedisConfig;
import dev.taleweaver.adapter.redis.testing.PrivateRedisServer;
import dev.taleweaver.bootstrap.Settings;
import dev.taleweaver.bootstrap.Taleweaver;
import dev.taleweaver.adapter.redis.RedissonCacheStore;
import dev.taleweaver.application.cache.resilience.CircuitBreakingCacheStore;
import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.domain.common.Gender;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end: the whole service (HTTP, PostgreSQL, its own Redis) under a steady loop of requests while its Redis
 * goes away, by a crash (SIGKILL, comes back empty) or a freeze (SIGSTOP: connections stay open, nothing answers,
 * comes back with its old data). Throughout, every request must succeed with the right data and /health must stay
 * 200 (the cache is not critical) with the cache DOWN; once the circuit is open, requests must not wait for Redis
 * timeouts; after Redis returns, the cache must be UP again within a bounded time and used again, and a hero
 * changed during the outage must not be served from its pre-outage cache entry.
 */
class RedisOutageIT {
    private static final Logger log = LoggerFactory.getLogger(RedisOutageIT.class);
    private static final int CLIENT_THREADS = 3;
    private static final int REQUESTS_PER_PHASE = 40;
    /** The Redis socket timeout PrivateRedisServer.config sets; the circuit must spare requests from it. */
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration FAST = Duration.ofMillis(200);
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(15);
    private static final Settings.CacheTtls TTLS = new Settings.CacheTtls(Duration.ofHours(1), Duration.ofHours(1),
            Duration.ofMinutes(30), Duration.ofMinutes(10));

    /** How Redis goes away and comes back. */
    enum Outage {
        KILLED(PrivateRedisServer::kill, PrivateRedisServer::restart),
        FROZEN(PrivateRedisServer::freeze, PrivateRedisServer::thaw);

        final Consumer<PrivateRedisServer> begin;
        final Consumer<PrivateRedisServer> end;

        Outage(Consumer<PrivateRedisServer> begin, Consumer<PrivateRedisServer> end) {
            this.begin = begin;
            this.end = end;
        }
    }

    @ParameterizedTest
    @EnumSource(Outage.class)
    void everyRequestSucceedsThroughARedisOutageAndCachingResumesAfterIt(Outage outage) throws Exception {
        String prefix = "tw-outage-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        try (TestSchema schema = TestPostgres.createSchema();
             PrivateRedisServer redis = PrivateRedisServer.start()) {
            RedisConfig config = redis.config(prefix);
            assertThat(config.socketTimeout()).isEqualTo(SOCKET_TIMEOUT);
            RedissonClient observer = RedisClientFactory.create(config);
            try (Taleweaver service = Taleweaver.start(new Settings(schema.config(), 0, true, config, TTLS),
                    Clock.systemUTC());
                 PostgresDatabase database = new PostgresDatabase(schema.config());
                 QuietCacheLogs quiet = new QuietCacheLogs()) {
                new Run(new ServiceClient(service.port()), redis, outage,
                        new CacheAudit(observer, prefix, Database.postgres(database.jdbi()))).run();
            } finally {
                observer.shutdown();
            }
        }
    }

    /**
     * One client, one request at a time, while Redis is frozen: no request waits for Redis longer than one cache
     * call can (its timeout, retried once). Before, nothing opened the circuit until three calls had failed, so
     * the first page read after the freeze waited for the id list, then for its members, one timeout each; and once
     * the circuit was open, a request that came when a probe was due ran the probe and waited for it too.
     */
    @Test
    void aRequestWaitsForAFrozenRedisOnceAtMost() throws Exception {
        String prefix = "tw-frozen-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        try (TestSchema schema = TestPostgres.createSchema();
             PrivateRedisServer redis = PrivateRedisServer.start()) {
            RedisConfig config = redis.config(prefix);
            Duration oneCall = config.socketTimeout().multipliedBy(config.retryAttempts() + 1L)
                    .plus(config.retryInterval().multipliedBy(config.retryAttempts()));
            Duration bound = oneCall.plus(Duration.ofMillis(500));
            try (Taleweaver service = Taleweaver.start(new Settings(schema.config(), 0, true, config, TTLS),
                    Clock.systemUTC());
                 QuietCacheLogs quiet = new QuietCacheLogs()) {
                ServiceClient http = new ServiceClient(service.port());
                List<String> heroes = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    heroes.add(http.post("/heroes", ServiceClient.hero("Hero " + i, "en")).field("id"));
                }
                assertThat(http.get("/heroes?limit=2").ok()).isTrue();

                redis.freeze();
                List<Duration> took = new ArrayList<>();
                try {
                    // past two probes of the open circuit
                    Instant until = Instant.now().plus(CircuitBreakingCacheStore.DEFAULT_PROBE_INTERVAL
                            .multipliedBy(2)).plus(oneCall);
                    for (int i = 0; Instant.now().isBefore(until); i++) {
                        for (ServiceClient.Response response : List.of(http.get("/heroes?limit=2"),
                                http.get("/heroes/" + heroes.get(i % heroes.size())))) {
                            assertThat(response.status()).isEqualTo(200);
                            took.add(response.took());
                        }
                    }
                } finally {
                    redis.thaw();
                }

                log.info("Frozen Redis, one client: {} requests, slowest {} ms (bound {} ms)", took.size(),
                        took.stream().max(Duration::compareTo).orElseThrow().toMillis(), bound.toMillis());
                assertThat(took).as("each request's time while Redis was frozen (one call: %s)", oneCall)
                        .allSatisfy(one -> assertThat(one).isLessThanOrEqualTo(bound));
            }
        }
    }

    /**
     * Regression test of a bug fixed in RedissonCacheStore (a missing version key used to read as 0). A reader loads at version 0, a writer updates and invalidates
     * (version 1, fresh value cached), then Redis restarts empty (a crash without persistence, or a failover to a
     * replica that missed the last writes) before the reader stores: the version key is gone, reads as 0 again, and
     * the reader's set-if-version(0) puts its stale value in, to be served for the whole TTL. No call failed, so
     * the circuit breaker has nothing to replay.
     */
    @Test
    void aRedisRestartWhileAReaderLoadsDoesNotLetTheReadersStaleValueIn() throws Exception {
        String prefix = "tw-restart-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try (TestSchema schema = TestPostgres.createSchema();
             PostgresDatabase database = new PostgresDatabase(schema.config());
             PrivateRedisServer redis = PrivateRedisServer.start()) {
            database.migrate();
            RedissonClient client = RedisClientFactory.create(redis.config(prefix));
            RedissonCacheStore store = null;
            try {
                Database db = Database.postgres(database.jdbi());
                Instant at = Instant.parse("2024-01-15T10:30:00Z");
                Hero hero = db.heroes().save(new Hero(HeroId.random(), "Captain Wonder", 12, Gender.MALE,
                        "Wears a blue cape", List.of("brave"), List.of("space"), List.of("flying"), Language.of("en"),
                        at, at));
                Hero renamed = new Hero(hero.id(), "Captain Marvelous", hero.age(), hero.gender(), hero.appearance(),
                        hero.personalityTraits(), hero.interests(), hero.strengths(), hero.language(),
                        hero.createdAt(), at.plusSeconds(1));
                PausedLoad<HeroRepository> paused =
                        PausedLoad.firstCallOf(HeroRepository.class, db.heroes(), "findById");
                store = new RedissonCacheStore(client, redis.config(prefix));
                CacheStack cached = CacheStack.over(db.withHeroes(paused.repository()), store);

                Future<?> reader = threads.submit(() -> cached.heroes().findById(hero.id()));
                paused.awaitLoaded();
                cached.heroes().update(renamed).orElseThrow();
                redis.kill();
                redis.restart();
                paused.release();
                reader.get(PausedLoad.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);

                assertThat(cached.heroes().findById(hero.id())).contains(renamed);
            } finally {
                if (store != null) {
                    store.close(); // the Jedis reads' connections, which the evictor would otherwise ping
                }
                client.shutdown();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** One outage, start to finish. */
    private static final class Run {
        private final ServiceClient http;
        private final PrivateRedisServer redis;
        private final Outage outage;
        private final CacheAudit audit;
        private final List<Integer> healthStatuses = new ArrayList<>();

        Run(ServiceClient http, PrivateRedisServer redis, Outage outage, CacheAudit audit) {
            this.http = http;
            this.redis = redis;
            this.outage = outage;
            this.audit = audit;
        }

        void run() throws Exception {
            List<String> heroes = new ArrayList<>();
            for (int i = 0; i <= CLIENT_THREADS + 2; i++) {
                ServiceClient.Response created = http.post("/heroes", ServiceClient.hero("Hero " + i, "en"));
                assertThat(created.status()).isEqualTo(201);
                heroes.add(created.field("id"));
            }
            // the test's own hero: changed during the outage, by nobody else
            String watched = heroes.get(0);
            Duration toOpen;
            Duration toRecover;
            HttpLoad load = new HttpLoad(http, heroes, heroes.subList(1, 1 + CLIENT_THREADS), "warm");
            boolean redisBack = true;
            try {
                awaitRequests(load, "warm");
                assertThat(http.get("/heroes/" + watched).ok()).isTrue();
                assertThat(cachedHero(watched)).as("the watched hero is cached before the outage").isPresent();
                assertThat(cache().get("status").asText()).isEqualTo("UP");

                load.phase("failing");
                redisBack = false;
                outage.begin.accept(redis);
                toOpen = Eventually.await("the cache's circuit is OPEN", Duration.ofSeconds(30),
                        () -> cache().get("detail").asText().contains("circuit OPEN"));
                load.phase("open");
                assertThat(cache().get("status").asText()).isEqualTo("DOWN");
                ServiceClient.Response put = http.put("/heroes/" + watched,
                        ServiceClient.hero("Renamed during the outage", "fr"));
                assertThat(put.status()).isEqualTo(200);
                assertThat(http.get("/heroes/" + watched).field("name")).isEqualTo("Renamed during the outage");
                awaitRequests(load, "open");

                load.phase("recovering");
                outage.end.accept(redis);
                redisBack = true;
                toRecover = Eventually.await("the cache is UP again", RECOVERY_LIMIT,
                        () -> cache().get("status").asText().equals("UP"));
                load.phase("recovered");
                // the entry cached before the outage is gone or replaced: never the pre-outage name
                assertThat(cachedHero(watched)).as("the watched hero's entry right after recovery").satisfiesAnyOf(
                        entry -> assertThat(entry).isEmpty(),
                        entry -> assertThat(entry).contains("Renamed during the outage"));
                awaitRequests(load, "recovered");
            } finally {
                load.close();
                if (!redisBack) {
                    outage.end.accept(redis); // whatever failed, leave no frozen process behind
                }
            }

            Duration openMedian = HttpLoad.median(load.latencies("open"));
            log.info("{} Redis: circuit open after {} ms; {} requests while open, median {} ms (failing phase: {}"
                            + " requests, median {} ms); cache UP {} ms after Redis returned", outage,
                    toOpen.toMillis(), load.count("open"), openMedian.toMillis(), load.count("failing"),
                    HttpLoad.median(load.latencies("failing")).toMillis(), toRecover.toMillis());

            assertThat(load.failures()).as("requests that failed or answered wrongly").isEmpty();
            assertThat(healthStatuses).as("/health statuses").containsOnly(200);
            assertThat(openMedian).as("median latency while the circuit was open (socket timeout %s)", SOCKET_TIMEOUT)
                    .isLessThan(FAST);
            assertThat(toRecover).isLessThanOrEqualTo(RECOVERY_LIMIT);

            ServiceClient.Response after = http.get("/heroes/" + watched);
            assertThat(after.field("name")).isEqualTo("Renamed during the outage");
            assertThat(after.field("language")).isEqualTo("fr");
            assertThat(http.get("/heroes?language=fr").body().findValuesAsText("id")).contains(watched);
            assertThat(cachedHero(watched)).as("caching resumed for the watched hero")
                    .contains("Renamed during the outage");
            assertThat(audit.cachedKeys()).as("keys cached after the outage").contains("hero:" + watched,
                    "hero:lang:fr");
            assertThat(audit.staleEntries()).as("cached values that differ from the database").isEmpty();
        }

        private void awaitRequests(HttpLoad load, String phase) {
            Eventually.await(REQUESTS_PER_PHASE + " requests during " + phase, Duration.ofSeconds(30),
                    () -> load.count(phase) >= REQUESTS_PER_PHASE || !load.failures().isEmpty());
        }

        /** The cache's entry in /health, whose status must be 200 whatever the cache's state. */
        private JsonNode cache() {
            ServiceClient.Response health = http.get("/health");
            healthStatuses.add(health.status());
            return health.body().get("components").get("cache");
        }

        /** The name in the watched hero's cache entry, if it has one. */
        private Optional<String> cachedHero(String id) {
            return audit.raw("hero:" + HeroId.parse(id)).map(text -> CacheStack.CODECS.hero().decode(text).name());
        }
    }
}
