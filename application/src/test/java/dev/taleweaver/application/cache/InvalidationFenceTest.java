package dev.taleweaver.application.cache;

import dev.taleweaver.application.cache.operations.CacheHealthProbe;
import dev.taleweaver.application.cache.resilience.CircuitBreakingCacheStore;
import dev.taleweaver.application.cache.resilience.InvalidationFence;
import dev.taleweaver.application.cache.testing.InMemoryCacheStore;
import dev.taleweaver.application.port.in.ComponentHealth;
import dev.taleweaver.application.port.out.CacheFenceStore;
import dev.taleweaver.application.port.out.CacheListener;
import dev.taleweaver.application.port.out.CacheStoreException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ADR 12: two instances on one cache and one fence table. An invalidation that does not reach the cache fences
 * every instance off the cache until the writer replays it; a dead writer's fence is adopted, not forgotten.
 */
class InvalidationFenceTest {
    private static final String KEY = "hero:1";
    private static final Duration TTL = Duration.ofMinutes(1);

    private final InMemoryCacheStore cache = new InMemoryCacheStore();
    private final FenceTable table = new FenceTable();
    private final InvalidationFence writerFence = new InvalidationFence(table, "writer");
    private final InvalidationFence readerFence = new InvalidationFence(table, "reader");
    private final CircuitBreakingCacheStore writer = breaker().fencedBy(writerFence);
    private final CircuitBreakingCacheStore reader = breaker().fencedBy(readerFence);

    private CircuitBreakingCacheStore breaker() {
        return new CircuitBreakingCacheStore(cache, 3, Duration.ZERO, 100, Clock.systemUTC(), CacheListener.NOOP);
    }

    @Test
    void aFailedInvalidationFencesEveryInstanceOffTheCacheUntilItIsReplayed() {
        cache.set(KEY, "old", TTL);
        assertThat(reader.get(KEY)).contains("old");

        cache.failWith(CacheStoreException.Kind.TIMEOUT);
        assertThatThrownBy(() -> writer.invalidate(Set.of(KEY))).isInstanceOf(CacheStoreException.class);
        // recorded before the call returned, i.e. before the write answers
        assertThat(table.rows).containsEntry("writer", false);
        cache.recover(); // the failover is over for the reader; the writer has not replayed yet

        readerFence.poll();
        assertThat(reader.fenced()).isTrue();
        ComponentHealth health = new CacheHealthProbe(reader).probe();
        assertThat(health.status()).isEqualTo(ComponentHealth.Status.DOWN);
        assertThat(health.detail()).startsWith("circuit CLOSED but fenced (1 instance fence(s))");
        assertThat(reader.get(KEY)).as("the old entry the cache still holds").isEmpty();
        assertThat(reader.getAll(List.of(KEY))).as("a page's multi-key read obeys the fence too").isEmpty();
        assertThat(reader.getBytes(KEY)).as("so does the hit path that serves entity JSON (ADR 13)").isEmpty();
        assertThat(reader.exists(KEY)).isFalse();
        long version = cache.version(KEY);
        assertThat(reader.setIfVersion(KEY, version, "filled while fenced", TTL)).isFalse();
        reader.set(KEY, "set while fenced", TTL);
        assertThat(cache.peek(KEY)).contains("old");

        writer.probeIfDue(); // the background prober replays, then lowers the fence
        assertThat(table.rows).isEmpty();
        assertThat(cache.peek(KEY)).isEmpty();
        readerFence.poll();
        assertThat(reader.fenced()).isFalse();
        cache.set(KEY, "new", TTL);
        assertThat(reader.get(KEY)).contains("new");
        assertThat(reader.getBytes(KEY)).hasValueSatisfying(bytes -> assertThat(new String(bytes,
                java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("new"));
        assertThat(new CacheHealthProbe(reader).probe().status()).isEqualTo(ComponentHealth.Status.UP);
        assertThat(readerFence.fencedTime()).isPositive();
        assertThat(writerFence.raises()).isEqualTo(1);
    }

    @Test
    void aFenceTheDatabaseRefusedIsRaisedByTheNextProbe() {
        cache.failWith(CacheStoreException.Kind.TIMEOUT);
        table.refuse = true;
        assertThatThrownBy(() -> writer.invalidate(Set.of(KEY))).isInstanceOf(CacheStoreException.class);
        assertThat(table.rows).isEmpty();

        table.refuse = false;
        writer.probeIfDue(); // the cache still fails: the replay fails, the fence is raised
        assertThat(table.rows).containsKey("writer");
        cache.recover();
        writer.probeIfDue();
        assertThat(table.rows).isEmpty();
    }

    @Test
    void aDeadInstancesFenceIsAdoptedAsAFlushOfEveryKeyBeforeItIsRemoved() {
        cache.set(KEY, "maybe stale", TTL);
        table.rows.put("dead", true); // its heartbeat stopped with invalidations it never replayed

        readerFence.poll();
        assertThat(table.rows).containsOnlyKeys("reader");
        assertThat(reader.fenced()).isTrue();
        assertThat(readerFence.adopted()).isEqualTo(1);
        assertThat(reader.get(KEY)).isEmpty(); // the replay of the flush runs first

        assertThat(cache.deletedPatterns()).containsExactly("*");
        assertThat(cache.peek(KEY)).isEmpty();
        assertThat(table.rows).isEmpty();
        readerFence.poll();
        assertThat(reader.fenced()).isFalse();
    }

    @Test
    void aDeadInstancesFenceStaysWhenTheAdopterCannotRaiseItsOwn() {
        table.rows.put("dead", true);
        table.refuse = true;
        assertThatThrownBy(readerFence::poll).hasMessage("database down"); // the poller logs it and retries
        table.refuse = false;
        assertThat(table.rows).containsOnlyKeys("dead");
    }

    /** The cache_fence table as the port describes it; {@code expired} stands for a heartbeat older than EXPIRY. */
    private static final class FenceTable implements CacheFenceStore {
        final Map<String, Boolean> rows = new TreeMap<>();
        volatile boolean refuse;

        private void answer() {
            if (refuse) {
                throw new IllegalStateException("database down");
            }
        }

        @Override
        public synchronized void raise(String instance) {
            answer();
            rows.put(instance, false);
        }

        @Override
        public synchronized void lower(String instance) {
            answer();
            rows.remove(instance);
        }

        @Override
        public synchronized List<Fence> fences(Duration expiry, int limit) {
            List<Fence> fences = new ArrayList<>();
            rows.forEach((instance, expired) -> fences.add(new Fence(instance, expired)));
            return fences.stream().limit(limit).toList();
        }

        @Override
        public synchronized boolean removeExpired(String instance, Duration expiry) {
            answer();
            return Boolean.TRUE.equals(rows.get(instance)) && rows.remove(instance) != null;
        }
    }
}
