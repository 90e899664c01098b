package dev.taleweaver.bootstrap.cache;

import dev.taleweaver.adapter.postgres.testing.PostgresSchemaExtension;
import dev.taleweaver.adapter.redis.testing.TestRedis;
import dev.taleweaver.application.port.in.HeroCommand;
import dev.taleweaver.application.port.out.CacheCodec;
import dev.taleweaver.application.port.out.CacheStore;
import dev.taleweaver.application.port.out.ForwardingCacheStore;
import dev.taleweaver.application.service.HeroService;
import dev.taleweaver.domain.common.Gender;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.Hero;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The work of one {@code PUT /heroes/{id}} (HeroService.replace over the cached repositories, real PostgreSQL and
 * Redis), counted deterministically: SQL statements the database ran and calls on the cache store, for a key that
 * is cold (not cached) and one that is warm. docs/benchmarks.md ("Write path") records these figures before and
 * after issue 10 with the command that produced them. The hero has no stories, so the look-up of the story views
 * that embed it finds none.
 */
class WriteHopsIT {
    private static final Logger log = LoggerFactory.getLogger(WriteHopsIT.class);

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    private final TestRedis redis = TestRedis.create();
    private final Database db = Database.postgres(POSTGRES.jdbi());
    private final AtomicInteger statements = new AtomicInteger();
    private final CountingStore store = new CountingStore(redis.store());
    private final CacheStack cached = CacheStack.over(db, store);
    private final HeroService heroes = new HeroService(cached.heroes(), cached.stories(), Clock.systemUTC());

    @AfterEach
    void cleanUp() {
        POSTGRES.jdbi().setSqlLogger(SqlLogger.NOP_SQL_LOGGER);
        redis.close();
    }

    @Test
    void aPutOfAColdKeyAndOfAWarmKey() {
        POSTGRES.jdbi().setSqlLogger(new SqlLogger() {
            @Override
            public void logAfterExecution(StatementContext context) {
                statements.incrementAndGet();
            }
        });
        Hero hero = heroes.create(command("Captain Wonder"));
        redis.store().invalidate(List.of("hero:" + hero.id())); // cold: nothing cached under its key

        Hops cold = count(() -> heroes.replace(hero.id(), command("Captain Marvel")));
        Hops warm = count(() -> heroes.replace(hero.id(), command("Captain Marvelous")));

        log.info("PUT /heroes/{{id}}, cold key: {}", cold);
        log.info("PUT /heroes/{{id}}, warm key: {}", warm);
        System.out.println("WRITE-HOPS cold " + cold);
        System.out.println("WRITE-HOPS warm " + warm);
        // issue 10: the write reads nothing through the cache and does not reload the row to write it through
        assertThat(cold.calls()).doesNotContainKey("get");
        assertThat(warm.calls()).doesNotContainKey("get");
        assertThat(cold.sql()).as("lock, update, read back, story views").isEqualTo(4);
        assertThat(warm.sql()).isEqualTo(4);
        // the version before the write; after it, setIfVersion at that version + 1 checks and stores in one call
        assertThat(cold.calls()).isEqualTo(Map.of("version", 1, "invalidate", 1, "setIfVersion", 1));
        assertThat(warm.calls()).isEqualTo(cold.calls());
    }

    private Hops count(Runnable put) {
        statements.set(0);
        store.calls.clear();
        put.run();
        return new Hops(statements.get(), new TreeMap<>(store.calls));
    }

    private static HeroCommand command(String name) {
        return new HeroCommand(name, 12, Gender.MALE, "Blue cape", List.of("brave"), List.of("space"),
                List.of("flying"), Language.of("en"));
    }

    /** SQL statements run and cache store calls by method. */
    private record Hops(int sql, Map<String, Integer> calls) {
        int cacheCalls() {
            return calls.values().stream().mapToInt(Integer::intValue).sum();
        }

        @Override
        public String toString() {
            return "sql=" + sql + " cache=" + cacheCalls() + " " + calls;
        }
    }

    /** Counts every call on the store, by method. */
    private static final class CountingStore extends ForwardingCacheStore {
        final Map<String, Integer> calls = new java.util.concurrent.ConcurrentHashMap<>();

        CountingStore(CacheStore delegate) {
            super(delegate);
        }

        private void count(String method) {
            calls.merge(method, 1, Integer::sum);
        }

        @Override
        public Optional<String> get(String key) {
            count("get");
            return super.get(key);
        }

        @Override
        public <T> Optional<T> get(String key, CacheCodec<T> codec) {
            count("get");
            return delegate.get(key, codec);
        }

        @Override
        public void set(String key, String value, Duration ttl) {
            count("set");
            super.set(key, value, ttl);
        }

        @Override
        public boolean delete(String key) {
            count("delete");
            return super.delete(key);
        }

        @Override
        public long deletePattern(String pattern) {
            count("deletePattern");
            return super.deletePattern(pattern);
        }

        @Override
        public boolean exists(String key) {
            count("exists");
            return super.exists(key);
        }

        @Override
        public long version(String key) {
            count("version");
            return super.version(key);
        }

        @Override
        public boolean setIfVersion(String key, long expectedVersion, String value, Duration ttl) {
            count("setIfVersion");
            return super.setIfVersion(key, expectedVersion, value, ttl);
        }

        @Override
        public void invalidate(Collection<String> keys) {
            count("invalidate");
            super.invalidate(keys);
        }
    }
}
