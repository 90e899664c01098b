package dev.taleweaver.bootstrap.cache;

import dev.taleweaver.adapter.postgres.testing.PostgresSchemaExtension;
import dev.taleweaver.adapter.redis.testing.TestRedis;
import dev.taleweaver.application.contract.ChildRepositoryContract;
import dev.taleweaver.application.contract.HeroRepositoryContract;
import dev.taleweaver.application.contract.StoryRepositoryContract;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.out.CacheStore;
import dev.taleweaver.application.port.out.ChildRepository;
import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.application.port.out.StoryRepository;
import dev.taleweaver.domain.hero.Hero;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared repository contracts against the cached decorators as production composes them, over the REAL
 * PostgreSQL repositories and the REAL Redis store: caching must not change anything a repository promises. Every
 * test starts from empty tables (the extension truncates them) and an empty key prefix of its own (checked), and
 * ends with its prefix deleted and no stale entry left in it.
 */
class CachedRepositoriesContractIT {

    /**
     * A fresh prefix on the Redis this run is about: the shared test server here, a real cluster or sentinel
     * deployment in {@link ClusterCachedRepositoriesIT} and {@link SentinelCachedRepositoriesIT}.
     */
    TestRedis redis() {
        return TestRedis.create();
    }

    /** The store the stack reads through: Redis itself here, a decorator of it in a subclass. */
    CacheStore storeOver(TestRedis redis) {
        return redis.store();
    }

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    /**
     * One test's cache: a fresh prefix on the real Redis (checked empty) and the stack over it. After the test it
     * checks that nothing left in the cache disagrees with the database, then deletes the prefix.
     */
    final class Subject implements AfterEachCallback {
        final TestRedis redis;
        final Database db = Database.postgres(POSTGRES.jdbi());
        final CacheStack cached;

        Subject(TestRedis redis) {
            this.redis = redis;
            this.cached = CacheStack.over(db, storeOver(redis));
            assertThat(redis.keys()).as("keys under the test's prefix %s", redis.keyPrefix()).isEmpty();
        }

        @Override
        public void afterEach(ExtensionContext context) {
            try (redis) {
                assertThat(new CacheAudit(redis.client(), redis.keyPrefix(), db).staleEntries()).isEmpty();
            }
        }
    }

    /** Guards the contracts below against passing vacuously: the subject really caches, in Redis. */
    @Test
    void theSubjectCachesInRedis() {
        Subject subject = new Subject(redis());
        try (TestRedis redis = subject.redis) {
            Hero hero = subject.cached.heroes().save(Fixtures.captainWonder());
            subject.cached.heroes().findById(hero.id());
            subject.cached.heroes().listAll();

            CacheAudit audit = new CacheAudit(redis.client(), redis.keyPrefix(), subject.db);
            assertThat(audit.cachedKeys()).containsExactlyInAnyOrder("hero:" + hero.id(), "hero:all");
            assertThat(audit.raw("hero:" + hero.id()).map(CacheStack.CODECS.hero()::decode)).contains(hero);
        }
    }

    @Nested
    class Heroes extends HeroRepositoryContract {
        @RegisterExtension
        final Subject subject = new Subject(redis());

        @Override
        protected HeroRepository heroes() {
            return subject.cached.heroes();
        }
    }

    @Nested
    class Children extends ChildRepositoryContract {
        @RegisterExtension
        final Subject subject = new Subject(redis());

        @Override
        protected ChildRepository children() {
            return subject.cached.children();
        }
    }

    @Nested
    class Stories extends StoryRepositoryContract {
        @RegisterExtension
        final Subject subject = new Subject(redis());

        @Override
        protected StoryRepository stories() {
            return subject.cached.stories();
        }

        @Override
        protected ChildRepository children() {
            return subject.cached.children();
        }

        @Override
        protected HeroRepository heroes() {
            return subject.cached.heroes();
        }
    }
}
