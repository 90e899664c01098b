package dev.taleweaver.bootstrap.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taleweaver.adapter.postgres.testing.TestPostgres;
import dev.taleweaver.adapter.postgres.testing.TestSchema;
import dev.taleweaver.adapter.redis.testing.PrivateRedisServer;
import dev.taleweaver.bootstrap.Settings;
import dev.taleweaver.bootstrap.Taleweaver;
import dev.taleweaver.bootstrap.e2e.LiveService;
import dev.taleweaver.bootstrap.ops.PrometheusScrape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5 item 2, end to end: two full service instances, A and B, started as Main starts them, each listening on
 * its own port, on one PostgreSQL schema, one Redis (a private redis-server the tests kill, restart on the same port
 * and freeze) and the SAME key prefix, each with its in-process L1 on (the default). Writes go to A over HTTP; B is
 * read over HTTP, continuously, by one thread per probe ({@code GET /heroes/{id}} and {@code GET /heroes?language=xx}).
 *
 * <p><b>Staleness, as measured here.</b> Let t be the moment {@code PUT /heroes/{id}} on A returned 200 to the test.
 * Every {@code GET} on B whose request is <em>sent</em> at or after t + 100 ms must return the new state; requests
 * sent before t + 100 ms may return the old state or the new one. Times are the test client's: a request is "sent"
 * when the client starts it, a write "returned" when the client has A's answer. A slow answer carrying the new state
 * is fine (while Redis is down B's reads wait for Redis timeouts); what must never happen is an answer with the old
 * state to a request sent after the bound. A request sent before the next write may be answered with that later
 * write's state (fresher still); every other answer (an error, the hero missing) is a failure too.
 *
 * <p>Before every write B holds the old state in its L1: the test waits for a stretch in which both probes read it
 * and B's L1 counted hits and no miss ({@code /metrics}). For each case the worst figures are printed: the send time
 * (relative to t) of B's last answer with the old state, which must stay below +100 ms, and the arrival time of B's
 * first answer with the new state.
 *
 * <p>Cases: steady state (many writes); a Redis restart before a write, the write made once both instances are back,
 * and made right after the restart while they may still be reconnecting; a write on A while Redis is down (killed,
 * or frozen with SIGSTOP), until both instances are back on a working cache.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstanceConsistencyIT {
    /** The promise; the property under test, never to be loosened for a slow machine. */
    private static final Duration BOUND = Duration.ofMillis(100);
    /** How far past t + BOUND every probe must have read before a write's answers are judged. */
    private static final Duration SETTLE = Duration.ofMillis(50);
    /** For everything that is not the property: start-up, reconnects, circuit probes, outage timeouts. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int STEADY_WRITES = 30;
    private static final int RESTART_ROUNDS = 1;

    private static TestSchema schema;
    private static PrivateRedisServer redis;
    private static QuietCacheLogs quietLogs;
    private static Instance a;
    private static Instance b;

    @BeforeAll
    static void startTwoInstances() {
        schema = TestPostgres.createSchema();
        redis = PrivateRedisServer.start();
        quietLogs = new QuietCacheLogs();
        String prefix = "tw-two-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        // one Settings for both: same schema, same Redis, same prefix, L1 on by default
        Settings settings = new Settings(schema.config(), 0, true, redis.config(prefix), LiveService.defaultTtls());
        assertThat(settings.l1().enabled()).isTrue();
        a = Instance.start("A", settings);
        b = Instance.start("B", settings);
    }

    @AfterAll
    static void stop() {
        try {
            closeAll(b, a, quietLogs, redis, schema);
        } finally {
            b = null;
            a = null;
        }
    }

    /** Whatever the previous case did to Redis, both instances are back on the cache before the next one. */
    @BeforeEach
    void bothInstancesUseTheCache() {
        awaitCacheUp(a);
        awaitCacheUp(b);
    }

    @Test
    @Order(1)
    void steadyStateManyWritesOnAAreNeverServedStaleByB() {
        String id = createHero("Steady 0", "fr");
        List<Write> writes = new ArrayList<>();
        Watch watch = Watch.onB(id, "fr");
        long lapsesBefore = b.l1().lapses();
        try (watch) {
            String old = "Steady 0";
            for (int round = 1; round <= STEADY_WRITES; round++) {
                awaitHeldInL1(watch, old);
                Write write = put(id, "fr", old, "Steady " + round, -1);
                writes.add(write);
                watch.awaitReadsSentAfter(write.returned() + BOUND.toNanos() + SETTLE.toNanos());
                old = write.next();
            }
            awaitHeldInL1(watch, old);
        }
        judge("steady state, " + STEADY_WRITES + " writes, B's L1 trust lapses meanwhile: "
                + (b.l1().lapses() - lapsesBefore), writes, watch);
    }

    @Test
    @Order(2)
    void aWriteAfterARedisRestartIsNeverServedStaleByB() {
        String id = createHero("Restart 0", "de");
        List<Write> writes = new ArrayList<>();
        Watch watch = Watch.onB(id, "de");
        try (watch) {
            String old = "Restart 0";
            int round = 0;
            // restarted (empty) before the write; the write once both instances are back on the cache
            for (int i = 0; i < RESTART_ROUNDS; i++) {
                awaitHeldInL1(watch, old);
                restartRedis();
                awaitCacheUp(a);
                awaitCacheUp(b);
                awaitL1Answers(a, id);
                awaitHeldInL1(watch, old); // B read it again from the database, into the new Redis and its L1
                Write write = put(id, "de", old, "Restart " + ++round, -1);
                writes.add(write);
                watch.awaitReadsSentAfter(write.returned() + BOUND.toNanos() + SETTLE.toNanos());
                old = write.next();
            }
            // the write right after the restart, while either instance may still be reconnecting
            for (int i = 0; i < RESTART_ROUNDS; i++) {
                awaitHeldInL1(watch, old);
                long restarted = restartRedis();
                Write write = put(id, "de", old, "Restart " + ++round, restarted);
                writes.add(write);
                watch.awaitReadsSentAfter(write.returned() + BOUND.toNanos() + SETTLE.toNanos());
                awaitCacheUp(a);
                awaitCacheUp(b);
                old = write.next();
            }
            awaitHeldInL1(watch, old);
        }
        judge("Redis restarted before the write (" + RESTART_ROUNDS + " writes once both were back, "
                + RESTART_ROUNDS + " right after the restart)", writes, watch);
    }

    /**
     * Redis goes away right after B was seen answering from its L1, and A writes at once: A's write reaches only
     * PostgreSQL (its invalidation waits in A's circuit breaker). B must stop answering its L1 copy by itself. The
     * answers are watched on through the outage and Redis's return until B answers the new state from its L1 again.
     *
     * <p>A frozen Redis, once thawed, runs the commands still queued on its connections, A's timed-out invalidation
     * among them; so the frozen case covers a delayed invalidation, not a lost one while Redis keeps its data.
     */
    @ParameterizedTest
    @Order(3)
    @EnumSource(RedisOutageIT.Outage.class)
    void aWriteWhileRedisIsAwayIsNeverServedStaleByB(RedisOutageIT.Outage outage) {
        String language = outage == RedisOutageIT.Outage.KILLED ? "es" : "it";
        String old = "Away " + outage + " 0";
        String id = createHero(old, language);
        List<Write> writes = new ArrayList<>();
        Watch watch = Watch.onB(id, language);
        try (watch) {
            awaitHeldInL1(watch, old);
            long away = System.nanoTime();
            outage.begin.accept(redis);
            try {
                Write write = put(id, language, old, "Away " + outage + " 1", away);
                writes.add(write);
                watch.awaitReadsSentAfter(write.returned() + BOUND.toNanos() + SETTLE.toNanos());
            } finally {
                outage.end.accept(redis);
            }
            awaitCacheUp(a);
            awaitCacheUp(b);
            awaitHeldInL1(watch, writes.get(0).next());
        }
        judge("write on A while Redis is " + outage.name().toLowerCase(Locale.ROOT), writes, watch);
    }

    // ---- the instances ------------------------------------------------------------------------------------

    /** One running service and a client of its HTTP API. */
    private record Instance(String name, Taleweaver service, ServiceClient http) implements AutoCloseable {
        static Instance start(String name, Settings settings) {
            Taleweaver service = Taleweaver.start(settings, Clock.systemUTC());
            return new Instance(name, service, new ServiceClient(service.port()));
        }

        /** {@code /health}'s cache line: UP when the cache answers and the circuit is closed. */
        boolean cacheUp() {
            JsonNode cache = http.get("/health").body().path("components").path("cache");
            return "UP".equals(cache.path("status").asText());
        }

        L1Counters l1() {
            PrometheusScrape scrape = PrometheusScrape.parse(http.text("/metrics"));
            return new L1Counters((long) scrape.sum("taleweaver_cache_l1_hits_total"),
                    (long) scrape.sum("taleweaver_cache_l1_misses_total"),
                    (long) scrape.sum("taleweaver_cache_l1_trust_lapses_total"));
        }

        @Override
        public void close() {
            service.close();
        }
    }

    /** The L1's counters in {@code /metrics}: reads it answered, reads it passed on to Redis, trust lapses. */
    private record L1Counters(long hits, long misses, long lapses) {
    }

    private static String createHero(String name, String language) {
        ServiceClient.Response created = a.http().post("/heroes", ServiceClient.hero(name, language));
        assertThat(created.status()).as("POST /heroes on A").isEqualTo(201);
        return created.field("id");
    }

    /** PUT on A, which must answer 200 (while Redis is away too: the cache never fails a write). */
    private static Write put(String id, String language, String old, String next, long outageStarted) {
        long start = System.nanoTime();
        ServiceClient.Response response = a.http().put("/heroes/" + id, ServiceClient.hero(next, language));
        long returned = System.nanoTime();
        assertThat(response.status()).as("PUT /heroes/%s on A (%s)", id, response.body()).isEqualTo(200);
        assertThat(response.field("name")).isEqualTo(next);
        return new Write(start, returned, old, next, outageStarted);
    }

    private static void awaitCacheUp(Instance instance) {
        Eventually.await(instance.name() + "'s cache is UP", PATIENCE, instance::cacheUp);
    }

    /** Until a read of the hero on {@code instance} (no other reader) is answered by its L1: it trusts it again. */
    private static void awaitL1Answers(Instance instance, String id) {
        Eventually.await(instance.name() + "'s L1 answers", PATIENCE, () -> {
            instance.http().get("/heroes/" + id);
            L1Counters before = instance.l1();
            instance.http().get("/heroes/" + id);
            L1Counters after = instance.l1();
            return after.hits() == before.hits() + 1 && after.misses() == before.misses();
        });
    }

    /**
     * Until B is seen answering {@code state} from its L1: a stretch in which every probe completed a read, the last
     * ones answered {@code state}, and B's L1 counted a hit per read and not one miss.
     */
    private static void awaitHeldInL1(Watch watch, String state) {
        Eventually.await("B answers \"" + state + "\" from its L1", PATIENCE, () -> {
            L1Counters before = b.l1();
            watch.awaitReadsSentAfter(System.nanoTime());
            L1Counters after = b.l1();
            return after.misses() == before.misses() && after.hits() >= before.hits() + watch.probes()
                    && watch.lastAnswersAre(state);
        });
    }

    /** Kills Redis and starts it again, empty, on the same port; returns when it was killed. */
    private static long restartRedis() {
        long killed = System.nanoTime();
        redis.kill();
        redis.restart();
        return killed;
    }

    // ---- watching B -----------------------------------------------------------------------------------------

    /** One write on A: when its PUT was sent and returned, the hero's name before and after. */
    private record Write(long sent, long returned, String old, String next, long outageStarted) {
    }

    /** One answer of B: when the request was sent and the answer arrived, and the hero's name in it. */
    private record Answer(long sent, long received, String state) {
    }

    /** A read of B and how to find the watched hero's name in its answer. */
    private record Probe(String name, String path, Function<ServiceClient.Response, String> state) {
    }

    /**
     * Reads B in a tight loop, one thread per probe, until closed; every answer is kept with its times. A thread's
     * answers come in the order it sent them, so once its last answer was sent after some time, every earlier
     * request of that thread has been answered too.
     */
    private static final class Watch implements AutoCloseable {
        private final List<Probe> probes;
        private final List<List<Answer>> answers = new ArrayList<>();
        private final AtomicLongArray lastSent;
        private final String[] lastState;
        private final ExecutorService threads;
        private volatile boolean stopping;

        private Watch(List<Probe> probes) {
            this.probes = probes;
            this.lastSent = new AtomicLongArray(probes.size());
            this.lastState = new String[probes.size()];
            this.threads = Executors.newFixedThreadPool(probes.size());
            long now = System.nanoTime();
            for (int i = 0; i < probes.size(); i++) {
                answers.add(new ArrayList<>());
                lastSent.set(i, now - 1);
                int probe = i;
                threads.submit(() -> loop(probe));
            }
        }

        /** The hero by id, and the list of its language. */
        static Watch onB(String id, String language) {
            return new Watch(List.of(
                    new Probe("GET /heroes/{id}", "/heroes/" + id,
                            r -> r.status() == 200 ? r.field("name") : "HTTP " + r.status()),
                    new Probe("GET /heroes?language=" + language, "/heroes?language=" + language,
                            r -> r.status() == 200 ? nameInList(r.body(), id) : "HTTP " + r.status())));
        }

        private static String nameInList(JsonNode page, String id) {
            for (JsonNode hero : page.path("items")) {
                if (id.equals(hero.path("id").asText())) {
                    return hero.path("name").asText();
                }
            }
            return "(not in the list)";
        }

        int probes() {
            return probes.size();
        }

        private void loop(int probe) {
            ServiceClient client = b.http();
            Probe what = probes.get(probe);
            while (!stopping) {
                long sent = System.nanoTime();
                String state;
                try {
                    state = what.state().apply(client.get(what.path()));
                } catch (RuntimeException e) {
                    state = "failed: " + e;
                }
                long received = System.nanoTime();
                List<Answer> mine = answers.get(probe);
                synchronized (mine) {
                    mine.add(new Answer(sent, received, state));
                    lastState[probe] = state;
                }
                lastSent.set(probe, sent);
            }
        }

        /** Waits until every probe has been answered a request it sent at or after {@code nanoTime}. */
        void awaitReadsSentAfter(long nanoTime) {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            for (int i = 0; i < probes.size(); i++) {
                while (lastSent.get(i) - nanoTime < 0) {
                    assertThat(System.nanoTime() - deadline).as("%s answered within %s", probes.get(i).name(),
                            PATIENCE).isNegative();
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
            }
        }

        boolean lastAnswersAre(String state) {
            for (int i = 0; i < probes.size(); i++) {
                synchronized (answers.get(i)) {
                    if (!state.equals(lastState[i])) {
                        return false;
                    }
                }
            }
            return true;
        }

        List<Answer> answers(int probe) {
            List<Answer> mine = answers.get(probe);
            synchronized (mine) {
                return List.copyOf(mine);
            }
        }

        @Override
        public void close() {
            stopping = true;
            threads.shutdown();
            try {
                assertThat(threads.awaitTermination(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                        .as("B's readers stopped").isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    // ---- judging ----------------------------------------------------------------------------------------------

    /**
     * Applies the rule to every answer of every probe, write by write (a write's answers are those sent from its
     * PUT until the next PUT; a request sent before the next PUT may be answered after it, with a later write's
     * state, which is fresher still), prints the worst figures of the case and fails on any answer that broke the
     * rule.
     */
    private static void judge(String scenario, List<Write> writes, Watch watch) {
        long bound = BOUND.toNanos();
        long worstLastOld = Long.MIN_VALUE;
        long worstFirstNew = Long.MIN_VALUE;
        long worstLastOldSinceOutage = Long.MIN_VALUE;
        long reads = 0;
        List<String> broken = new ArrayList<>();
        StringBuilder perWrite = new StringBuilder();
        for (int p = 0; p < watch.probes(); p++) {
            List<Answer> answers = watch.answers(p);
            reads += answers.size();
            for (int w = 0; w < writes.size(); w++) {
                Write write = writes.get(w);
                long until = w + 1 < writes.size() ? writes.get(w + 1).sent() : Long.MAX_VALUE;
                Set<String> later = writes.subList(w + 1, writes.size()).stream().map(Write::next)
                        .collect(Collectors.toSet());
                long lastOld = Long.MIN_VALUE;
                long firstNew = Long.MAX_VALUE;
                for (Answer answer : answers) {
                    if (answer.sent() - write.sent() < 0 || answer.sent() - until >= 0) {
                        continue;
                    }
                    long sentAfter = answer.sent() - write.returned();
                    if (answer.state().equals(write.next())) {
                        if (sentAfter >= 0) {
                            firstNew = Math.min(firstNew, answer.received() - write.returned());
                        }
                    } else if (answer.state().equals(write.old())) {
                        lastOld = Math.max(lastOld, sentAfter);
                        if (sentAfter >= bound) {
                            broken.add(describe(watch.probes.get(p), write, answer, "the OLD state"));
                        }
                    } else if (!later.contains(answer.state())) {
                        broken.add(describe(watch.probes.get(p), write, answer, "neither state"));
                    }
                }
                if (firstNew == Long.MAX_VALUE) {
                    broken.add(watch.probes.get(p).name() + " never answered \"" + write.next() + "\"");
                    continue;
                }
                worstLastOld = Math.max(worstLastOld, lastOld);
                worstFirstNew = Math.max(worstFirstNew, firstNew);
                if (write.outageStarted() >= 0 && lastOld != Long.MIN_VALUE) {
                    worstLastOldSinceOutage = Math.max(worstLastOldSinceOutage,
                            lastOld + write.returned() - write.outageStarted());
                }
                if (writes.size() <= 4) {
                    perWrite.append(String.format(Locale.ROOT, "%n    %-26s write \"%s\": PUT took %s ms; last old "
                                    + "answer sent at %s ms; first new answer arrived at %s ms",
                            watch.probes.get(p).name(), write.next(), ms(write.returned() - write.sent()),
                            lastOld == Long.MIN_VALUE ? "(none)" : ms(lastOld), ms(firstNew)));
                }
            }
        }
        String summary = String.format(Locale.ROOT, "TwoInstanceConsistencyIT [%s]: %d write(s), %d reads of B; "
                        + "worst last OLD answer: request sent at %s ms after the PUT returned (bound +%d ms)%s; "
                        + "worst first NEW answer: arrived at +%s ms; violations: %d%s",
                scenario, writes.size(), reads,
                worstLastOld == Long.MIN_VALUE ? "(none after the PUT)" : signedMs(worstLastOld), BOUND.toMillis(),
                worstLastOldSinceOutage == Long.MIN_VALUE ? ""
                        : " (" + signedMs(worstLastOldSinceOutage) + " ms after Redis went away)",
                ms(worstFirstNew), broken.size(), perWrite);
        System.out.println(summary);
        assertThat(broken).as("answers of B that broke the %d ms rule (%s)", BOUND.toMillis(), scenario)
                .isEmpty();
    }

    private static String describe(Probe probe, Write write, Answer answer, String what) {
        return String.format(Locale.ROOT, "%s answered %s (\"%s\"; old \"%s\", new \"%s\") to a request sent %s ms "
                        + "after A's PUT returned, %s ms in flight", probe.name(), what, answer.state(), write.old(),
                write.next(), signedMs(answer.sent() - write.returned()), ms(answer.received() - answer.sent()));
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private static String signedMs(long nanos) {
        return String.format(Locale.ROOT, "%+.1f", nanos / 1e6);
    }

    private static void closeAll(AutoCloseable... resources) {
        RuntimeException failure = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing the two instances' resources failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
