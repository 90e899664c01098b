package dev.taleweaver.adapter.redis;

import dev.taleweaver.adapter.redis.testing.PrivateRedisServer;
import dev.taleweaver.application.port.out.CacheStoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An invalidation that FAILED on instance a, because Redis did not answer in time (frozen with SIGSTOP), while b held
 * the old value in its L1. a's write has returned (its caller, the circuit breaker, keeps the invalidation for a
 * replay that comes later, or never in these tests); its version-bumping script sits in Redis's socket buffer and
 * runs when Redis resumes, but its PUBLISH was never sent. b's heartbeats prove only that b received every message
 * PUBLISHED before them, so neither b's L1 nor a Redis answer b's reads were waiting for may be trusted on their
 * strength: a lapse as long as a Redis timeout may have hidden an invalidation that failed elsewhere.
 *
 * <p>No CPU load needed: the order of events is forced by freezing a private Redis. (This is what
 * {@code TwoInstanceConsistencyIT}'s frozen case met under load, when b's circuit breaker happened to close before a
 * replayed its invalidation.)
 */
class TwoLevelCacheFailedInvalidationIT {
    private static final String KEY = "hero:1";
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Duration BOUND = L1Settings.DEFAULT_STALENESS_BOUND;

    private PrivateRedisServer server;
    private L1Instance a;
    private L1Instance b;
    private RedissonClient observer;
    private ExecutorService threads;

    @BeforeEach
    void start() {
        server = PrivateRedisServer.start();
        a = new L1Instance(server.config("l1:")).awaitTrusted();
        b = new L1Instance(server.config("l1:")).awaitTrusted();
        observer = RedisClientFactory.create(server.config("l1:"));
        threads = Executors.newCachedThreadPool();
        a.write(KEY, "v1");
        b.holdInL1(KEY);
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
        if (server.running()) {
            server.thaw();
        }
        observer.shutdown();
        b.close();
        a.close();
        server.close();
    }

    /**
     * Redis freezes; b's trust lapses; a's invalidation times out (a's write returns). Redis thaws: a's queued script
     * runs, b's heartbeats come back in order and b trusts its L1 again. Nothing ever published a's invalidation, so
     * b's L1 must not answer the value it held before the freeze.
     */
    @Test
    void bsL1DoesNotAnswerAValueWhoseInvalidationFailedElsewhereDuringTheLapse() {
        server.freeze();
        try {
            awaitUntrusted(b);
            assertThatThrownBy(() -> a.store.invalidate(List.of(KEY))).isInstanceOf(CacheStoreException.class);
        } finally {
            server.thaw();
        }
        awaitInRedis(Optional.empty()); // a's queued script ran on the thaw
        b.awaitTrusted();

        assertThat(b.read(KEY)).as("b's answer after the thaw, a's invalidation never published").isNull();
    }

    /**
     * As the two-instance test sees it: b is read without pause, by two threads, before, through and after the
     * freeze. Every read sent the staleness bound or more after a's (failed) invalidation returned must not answer
     * the old value: neither while Redis is frozen (those reads fail), nor from a Redis answer delivered on the thaw,
     * nor from b's L1 once its heartbeats are back.
     */
    @Test
    void noReadOfBSentAfterTheBoundAnswersTheOldValueThroughAFreezeAndThaw() throws Exception {
        List<String> broken = Collections.synchronizedList(new ArrayList<>());
        AtomicLong returned = new AtomicLong(Long.MAX_VALUE);
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<?>> readers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            readers.add(threads.submit(() -> {
                while (!stop.get()) {
                    long sent = System.nanoTime();
                    String seen;
                    try {
                        seen = b.read(KEY);
                    } catch (CacheStoreException e) {
                        seen = "failed";
                    }
                    long late = sent - returned.get();
                    if ("v1".equals(seen) && late >= BOUND.toNanos()) {
                        broken.add(String.format(Locale.ROOT, "the old value to a read sent %d ms after a's write "
                                + "returned, answered %d ms after it", late / 1_000_000,
                                (System.nanoTime() - returned.get()) / 1_000_000));
                    }
                }
            }));
        }
        server.freeze();
        try {
            awaitUntrusted(b);
            assertThatThrownBy(() -> a.store.invalidate(List.of(KEY))).isInstanceOf(CacheStoreException.class);
            returned.set(System.nanoTime());
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos()); // inside b's reads' timeout: some wait for Redis
        } finally {
            server.thaw();
        }
        b.awaitTrusted();
        LockSupport.parkNanos(Duration.ofSeconds(1).toNanos()); // a never replays here: b is on its own
        stop.set(true);
        for (Future<?> reader : readers) {
            reader.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        }

        assertThat(broken).as("b's reads that broke the %d ms bound", BOUND.toMillis()).isEmpty();
    }

    private void awaitInRedis(Optional<String> expected) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!Optional.ofNullable(observer.<String>getBucket("l1:" + KEY, StringCodec.INSTANCE).get())
                .equals(expected)) {
            assertThat(System.nanoTime() - deadline).as("Redis holds %s", expected).isNegative();
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    private static void awaitUntrusted(L1Instance instance) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (instance.store.isTrusted()) {
            assertThat(System.nanoTime() - deadline).as("the L1 stops being trusted").isNegative();
            LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
        }
    }
}
