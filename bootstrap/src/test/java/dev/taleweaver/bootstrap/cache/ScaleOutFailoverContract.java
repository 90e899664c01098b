package dev.taleweaver.bootstrap.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taleweaver.adapter.postgres.testing.PostgresSchemaExtension;
import dev.taleweaver.adapter.redis.L1Settings;
import dev.taleweaver.adapter.redis.RedisClientFactory;
import dev.taleweaver.adapter.redis.RedisConfig;
import dev.taleweaver.adapter.redis.RedissonCacheStore;
import dev.taleweaver.adapter.redis.testing.RedisDeployment;
import dev.taleweaver.bootstrap.Settings;
import dev.taleweaver.bootstrap.Taleweaver;
import dev.taleweaver.bootstrap.e2e.LiveService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, end to end: two service instances A and B (as Main starts them, L1 on) on one PostgreSQL schema and one
 * Redis of several processes, under steady read and write HTTP traffic on both, while the master holding the cached
 * keys is SIGKILLed. Promised and checked: not one HTTP request fails; a replica is promoted and caching resumes
 * (both instances' cache UP, a read is cached in Redis again) within 30 s; a write through one instance is never
 * served by the other to a request sent 100 ms or more after the write returned, at any time: before the kill,
 * during the failover and after caching resumed; once writes stop, no cache entry disagrees with the database.
 *
 * <p>Between the kill and the resumption a write's invalidation may not reach Redis (the writer's circuit holds it
 * for its replay, docs/caching.md "An invalidation that never reached Redis"), and the promoted replica still holds
 * the old entry. The writer records its fence in PostgreSQL before it answers, and both instances read from the
 * database only while a fence stands (ADR 12), so the other instance never serves that entry.
 */
abstract class ScaleOutFailoverContract {
    static final Duration BOUND = Duration.ofMillis(100);
    static final Duration RESUME_BOUND = Duration.ofSeconds(30);
    /**
     * How long the watched key may take to be cached again: an instance whose L1 kept its trust through the failover
     * (its heartbeats never lapsed long enough to clear it) answers the watched hero from the L1, correctly, until
     * the entry's L1 lifetime ends, and only then reads Redis and refills a key the promoted replica may lack. Seen
     * once in a full build: the circuit closed after 5 s, the key came back only later.
     */
    static final Duration KEY_RESUME_BOUND = RESUME_BOUND.plus(L1Settings.DEFAULT_MAX_LIFETIME);
    private static final int HEROES = 12;

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    /** The Redis deployment under test, started once for the class. */
    abstract RedisDeployment deployment();

    @Test
    void aMasterKilledUnderTrafficFailsNoRequestAndLeavesNothingStale() throws Exception {
        String prefix = "tw-scale-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        RedisConfig config = deployment().config(prefix);
        // HTTP_HOST=127.0.0.1: both instances listen on loopback only
        Settings.HttpLimits http = Settings.HttpLimits.DEFAULTS;
        Settings settings = new Settings(POSTGRES.schema().config(), 0, true, config, LiveService.defaultTtls(),
                Settings.Operations.DEFAULTS, Settings.L1.DEFAULTS, new Settings.HttpLimits(http.maxConnections(),
                http.maxInFlight(), http.idleTimeout(), http.headerTimeout(), http.minRequestDataRate(), List.of(), "127.0.0.1",
                http.directReads()));
        assertThat(settings.l1().enabled()).isTrue();
        RedissonClient observer = RedisClientFactory.create(config);
        Traffic traffic = null;
        try (Taleweaver a = Taleweaver.start(settings, Clock.systemUTC());
             Taleweaver b = Taleweaver.start(settings, Clock.systemUTC())) {
            ServiceClient httpA = new ServiceClient(a.port());
            ServiceClient httpB = new ServiceClient(b.port());
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < HEROES; i++) {
                ServiceClient.Response created = httpA.post("/heroes", ServiceClient.hero("Hero " + i + " v0", "fr"));
                assertThat(created.status()).isEqualTo(201);
                ids.add(created.field("id"));
            }
            String watched = ids.remove(ids.size() - 1); // never written: tells when caching works again
            Eventually.await("both instances' cache UP", RESUME_BOUND, () -> cacheUp(httpA) && cacheUp(httpB));

            traffic = new Traffic(httpA, httpB, ids);
            traffic.start();
            LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
            long before = traffic.requests.get();

            RedissonCacheStore store = new RedissonCacheStore(observer, config);
            long killedAt = System.nanoTime();
            int port = deployment().killMasterOf(prefix + "hero:" + watched);
            Duration resumed = Eventually.await("caching resumed on both instances after the master on port "
                    + port + " was killed", KEY_RESUME_BOUND, () -> {
                if (!deployment().recovered() || !cacheUp(httpA) || !cacheUp(httpB)) {
                    return false;
                }
                httpA.get("/heroes/" + watched);
                httpB.get("/heroes/" + watched);
                return store.exists("hero:" + watched);
            });
            long resumedNanos = System.nanoTime() - killedAt;
            traffic.resumedAt = System.nanoTime();
            LockSupport.parkNanos(Duration.ofSeconds(2).toNanos()); // and on after it
            traffic.stop();

            long resumedAt = traffic.resumedAt;
            List<Stale> outsideFailover = traffic.stale.stream()
                    .filter(stale -> stale.sent() < killedAt || stale.sent() > resumedAt).toList();
            long lastStale = traffic.stale.stream().mapToLong(Stale::sent).max().orElse(killedAt) - killedAt;
            System.out.printf(Locale.ROOT, "%s: master on port %d killed; caching resumed after %d ms (polled, %s);"
                            + " %d HTTP requests (%d before the kill), %d failed; %d writes, %d reads of the other"
                            + " instance %d ms after a write answered an older one (all during the failover, the"
                            + " last %d ms after the kill), %d outside it%n", getClass().getSimpleName(), port,
                    resumedNanos / 1_000_000, resumed, traffic.requests.get(), before, traffic.failures.size(),
                    traffic.writes.get(), traffic.stale.size(), BOUND.toMillis(), lastStale / 1_000_000,
                    outsideFailover.size());
            System.out.printf(Locale.ROOT, "%s: fenced (reads from PostgreSQL only) A %.1f s, B %.1f s%n",
                    getClass().getSimpleName(), fencedSeconds(httpA), fencedSeconds(httpB));
            assertThat(traffic.failures).as("failed HTTP requests").isEmpty();
            assertThat(traffic.stale).as("reads of the other instance, sent %d ms after a write answered, that"
                    + " answered an older write (%d of them before the kill or after caching resumed)",
                    BOUND.toMillis(), outsideFailover.size()).isEmpty();
            assertThat(traffic.writes.get()).as("writes during the run").isGreaterThan(10);

            // writes stopped: nothing in Redis disagrees with the database, and both instances answer it
            assertThat(new CacheAudit(observer, prefix, Database.postgres(POSTGRES.jdbi())).staleEntries()).isEmpty();
            LockSupport.parkNanos(BOUND.toNanos());
            for (String id : ids) {
                String name = Database.postgres(POSTGRES.jdbi()).heroes().findById(
                        dev.taleweaver.domain.hero.HeroId.parse(id)).orElseThrow().name();
                assertThat(httpA.get("/heroes/" + id).field("name")).as("A, hero %s", id).isEqualTo(name);
                assertThat(httpB.get("/heroes/" + id).field("name")).as("B, hero %s", id).isEqualTo(name);
            }
        } finally {
            if (traffic != null) {
                traffic.stop();
            }
            observer.getKeys().unlinkByPattern(prefix + "*");
            observer.shutdown();
        }
    }

    /** A read of the other instance, sent at {@code sent} (nanoTime), that answered an older write. */
    record Stale(long sent, String what) {
    }

    /** The instance's taleweaver_cache_fence_fenced_seconds_total, from /metrics. */
    private static double fencedSeconds(ServiceClient http) {
        return http.text("/metrics").lines().filter(line -> line.startsWith("taleweaver_cache_fence_fenced_seconds_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow();
    }

    private static boolean cacheUp(ServiceClient http) {
        JsonNode cache = http.get("/health").body().path("components").path("cache");
        return "UP".equals(cache.path("status").asText());
    }

    /**
     * Two readers per instance (a hero, a language list) and one writer that renames a hero through one instance,
     * then, 100 ms after the PUT returned, reads it from the other: that read must carry the new name.
     */
    private static final class Traffic {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong writes = new AtomicLong();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Stale> stale = new ConcurrentLinkedQueue<>();
        volatile long resumedAt = Long.MAX_VALUE;
        private final ServiceClient a;
        private final ServiceClient b;
        private final List<String> ids;
        private final ExecutorService threads = Executors.newFixedThreadPool(5);
        private volatile boolean stopping;

        Traffic(ServiceClient a, ServiceClient b, List<String> ids) {
            this.a = a;
            this.b = b;
            this.ids = ids;
        }

        void start() {
            for (ServiceClient http : List.of(a, b)) {
                threads.submit(() -> read(http, () -> "/heroes/" + ids.get(ThreadLocalRandom.current()
                        .nextInt(ids.size()))));
                threads.submit(() -> read(http, () -> "/heroes?language=fr"));
            }
            threads.submit(this::write);
        }

        private void read(ServiceClient http, java.util.function.Supplier<String> path) {
            while (!stopping) {
                String target = path.get();
                check("GET " + target, () -> http.get(target));
            }
        }

        private void write() {
            int round = 0;
            while (!stopping) {
                round++;
                String id = ids.get(round % ids.size());
                ServiceClient writer = round % 2 == 0 ? a : b;
                ServiceClient other = writer == a ? b : a;
                String name = "Renamed " + round;
                ServiceClient.Response put = check("PUT /heroes/" + id,
                        () -> writer.put("/heroes/" + id, ServiceClient.hero(name, "fr")));
                if (put == null) {
                    continue;
                }
                writes.incrementAndGet();
                LockSupport.parkNanos(BOUND.toNanos());
                long sent = System.nanoTime();
                ServiceClient.Response read = check("GET /heroes/" + id, () -> other.get("/heroes/" + id));
                if (read != null && !name.equals(read.field("name"))) {
                    stale.add(new Stale(sent, "hero " + id + " answered \"" + read.field("name") + "\" "
                            + BOUND.toMillis() + " ms after \"" + name + "\" was written through the other instance"));
                }
            }
        }

        private ServiceClient.Response check(String what, java.util.function.Supplier<ServiceClient.Response> call) {
            requests.incrementAndGet();
            try {
                ServiceClient.Response response = call.get();
                if (!response.ok()) {
                    failures.add(what + " -> " + response.status() + " " + response.body());
                    return null;
                }
                return response;
            } catch (RuntimeException e) {
                failures.add(what + " -> " + e);
                return null;
            }
        }

        void stop() throws InterruptedException {
            stopping = true;
            threads.shutdown();
            assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).as("traffic stopped").isTrue();
        }
    }
}
