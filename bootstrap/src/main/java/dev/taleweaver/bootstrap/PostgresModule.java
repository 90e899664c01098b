package dev.taleweaver.bootstrap;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.taleweaver.adapter.metrics.TaleweaverMetrics;
import dev.taleweaver.adapter.postgres.PostgresChildRepository;
import dev.taleweaver.adapter.postgres.PostgresDatabase;
import dev.taleweaver.adapter.postgres.PostgresHealthProbe;
import dev.taleweaver.adapter.postgres.PostgresHeroRepository;
import dev.taleweaver.adapter.postgres.PostgresStoryRepository;
import dev.taleweaver.application.port.out.HealthProbe;

import javax.inject.Singleton;

/** The PostgreSQL adapter: pool, migrations, the plain (uncached) repositories and the database probe. */
@Module
interface PostgresModule {

    @Provides
    @Singleton
    static PostgresDatabase database(Settings settings, TaleweaverMetrics metrics) {
        return new PostgresDatabase(settings.database(), metrics.registry());
    }

    @Provides
    @Singleton
    static PostgresHeroRepository heroes(PostgresDatabase db) {
        return new PostgresHeroRepository(db.jdbi());
    }

    @Provides
    @Singleton
    static PostgresChildRepository children(PostgresDatabase db) {
        return new PostgresChildRepository(db.jdbi());
    }

    @Provides
    @Singleton
    static PostgresStoryRepository stories(PostgresDatabase db) {
        return new PostgresStoryRepository(db.jdbi());
    }

    @Provides
    @IntoSet
    static HealthProbe databaseProbe(PostgresDatabase db) {
        return new PostgresHealthProbe(db.jdbi(), db::migratedVersion);
    }
}
