package dev.taleweaver.bootstrap;

import dagger.BindsInstance;
import dagger.Component;
import dev.taleweaver.adapter.http.HttpServer;
import dev.taleweaver.adapter.metrics.TaleweaverMetrics;
import dev.taleweaver.adapter.postgres.PostgresDatabase;
import dev.taleweaver.application.cache.operations.CacheWarmer;

import java.time.Clock;
import java.util.Optional;
import javax.inject.Singleton;

/** The whole object graph: one module per adapter plus the use cases. */
@Singleton
@Component(modules = {PostgresModule.class, CacheModule.class, ServiceModule.class, HttpModule.class,
        MetricsModule.class})
interface TaleweaverComponent {

    PostgresDatabase database();

    CacheLayer cache();

    HttpServer httpServer();

    TaleweaverMetrics metrics();

    Optional<CacheWarmer> warmer();

    @Component.Factory
    interface Factory {
        TaleweaverComponent create(@BindsInstance Settings settings, @BindsInstance Clock clock);
    }
}
