package dev.taleweaver.bootstrap.cache;

import dev.taleweaver.adapter.postgres.PostgresDatabase;
import dev.taleweaver.adapter.postgres.testing.TestPostgres;
import dev.taleweaver.adapter.postgres.testing.TestSchema;
import dev.taleweaver.adapter.redis.RedisClientFactory;
import dev.taleweaver.adapter.redis.RedisConfig;
import dev.taleweaver.adapter.redis.RedissonCacheStore;
import dev.taleweaver.adapter.redis.TwoLevelCacheStore;
import dev.taleweaver.adapter.redis.testing.PrivateRedisServer;
import dev.taleweaver.application.port.out.CircuitState;
import dev.taleweaver.domain.common.Gender;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances composed as production composes them (cached repositories over one circuit breaker over the
 * two-level store over Redis), on one PostgreSQL schema and one private Redis, without the invalidation fence
 * (ADR 12) that production adds. Redis freezes; A deletes a hero: the row goes, the invalidation is sent, times out
 * (which opens A's circuit) and waits in A's circuit breaker for a replay that this test never lets happen (no
 * prober runs). Redis thaws; B, whose breaker never saw a failure, reads the hero once its L1 is trusted again. B
 * must answer the new state: before the fix B's L1 answered the old one, trusted again by heartbeats that cannot
 * vouch for an invalidation nobody published (what TwoInstanceConsistencyIT's frozen case met under load).
 *
 * <p>A delete, because its first cache call is the invalidation: an update reads the key's version first (for its
 * write-through), and that read's timeout opens A's circuit before the invalidation is sent, which then waits for
 * the replay while the fence, not B's L1, keeps B off the old entry.
 */
class FailedInvalidationAcrossInstancesIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void bReadsTheNewStateAfterTheThawWhileAsInvalidationStillWaitsForItsReplay() {
        String prefix = "tw-failed-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        try (TestSchema schema = TestPostgres.createSchema();
             PostgresDatabase database = new PostgresDatabase(schema.config());
             PrivateRedisServer redis = PrivateRedisServer.start()) {
            database.migrate();
            Database db = Database.postgres(database.jdbi());
            RedisConfig config = redis.config(prefix);
            try (Instance a = new Instance(db, config); Instance b = new Instance(db, config)) {
                Instant at = Instant.parse("2024-01-15T10:30:00Z");
                Hero hero = a.stack.heroes().save(new Hero(HeroId.random(), "Captain Wonder", 12, Gender.MALE,
                        "Wears a blue cape", List.of("brave"), List.of("space"), List.of("flying"),
                        Language.of("en"), at, at));
                await("B's L1 holds the hero", () -> b.l1.isTrusted() && b.readsFromL1(hero));

                redis.freeze();
                try {
                    await("B's L1 is no longer trusted", () -> !b.l1.isTrusted());
                    assertThat(a.stack.heroes().delete(hero.id())).isPresent();
                } finally {
                    redis.thaw();
                }
                await("B's L1 is trusted again", b.l1::isTrusted);

                assertThat(b.stack.breaker().state()).isEqualTo(CircuitState.CLOSED);
                assertThat(a.stack.breaker().pendingInvalidations()).as("A has not replayed its invalidation")
                        .isPositive();
                assertThat(b.stack.heroes().findById(hero.id())).isEmpty();
            }
        }
    }

    /** One instance: its own Redis client, the two-level store as production creates it, the cached stack. */
    private static final class Instance implements AutoCloseable {
        final RedissonClient client;
        final RedissonCacheStore redis;
        final TwoLevelCacheStore l1;
        final CacheStack stack;

        Instance(Database db, RedisConfig config) {
            client = RedisClientFactory.create(config);
            redis = new RedissonCacheStore(client, config);
            l1 = TwoLevelCacheStore.create(client, redis, config, 1_000);
            stack = CacheStack.over(db, l1);
        }

        boolean readsFromL1(Hero hero) {
            stack.heroes().findById(hero.id());
            long hits = l1.l1Hits();
            return stack.heroes().findById(hero.id()).isPresent() && l1.l1Hits() == hits + 1;
        }

        @Override
        public void close() {
            l1.close();
            redis.close();
            client.shutdown();
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what + " within " + PATIENCE).isNegative();
            LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
        }
    }
}
