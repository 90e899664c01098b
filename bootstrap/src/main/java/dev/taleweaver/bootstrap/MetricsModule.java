package dev.taleweaver.bootstrap;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.taleweaver.adapter.http.HttpRoutes;
import dev.taleweaver.adapter.http.MetricsRoutes;
import dev.taleweaver.adapter.metrics.BuildInfoGauge;
import dev.taleweaver.adapter.metrics.HttpRequestMetrics;
import dev.taleweaver.adapter.metrics.MicrometerCacheListener;
import dev.taleweaver.adapter.metrics.TaleweaverMetrics;
import dev.taleweaver.application.cache.operations.CacheStatistics;
import dev.taleweaver.application.cache.operations.CompositeCacheListener;
import dev.taleweaver.application.port.in.BuildInfo;
import dev.taleweaver.application.port.out.CacheListener;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;

import java.time.Clock;
import javax.inject.Named;
import javax.inject.Singleton;

/** Micrometer metrics (Prometheus format at {@code GET /metrics}) and the in-process cache statistics. */
@Module
interface MetricsModule {

    @Provides
    @Singleton
    static TaleweaverMetrics metrics() {
        return new TaleweaverMetrics();
    }

    @Provides
    @Singleton
    static CacheStatistics statistics(Clock clock) {
        return new CacheStatistics(clock);
    }

    /** Every cache event goes to the statistics behind /admin/cache/stats and to Micrometer. */
    @Provides
    @Singleton
    @Named("cache")
    static CacheListener cacheListener(CacheStatistics statistics, TaleweaverMetrics metrics) {
        return CompositeCacheListener.of(statistics, new MicrometerCacheListener(metrics.registry()));
    }

    @Provides
    @Singleton
    static HttpRequestMetrics httpRequestMetrics(TaleweaverMetrics metrics) {
        return new HttpRequestMetrics(metrics.registry());
    }

    /**
     * Jetty's request thread pool as Micrometer's {@code jetty.threads.*} meters (busy, current, max, queued jobs):
     * hooked onto the server Javalin builds, so the HTTP adapter need not know about metrics.
     */
    @Provides
    @IntoSet
    static HttpRoutes jettyThreadPoolMetrics(TaleweaverMetrics metrics) {
        return config -> config.jetty.modifyServer(server ->
                new JettyServerThreadPoolMetrics(server.getThreadPool(), Tags.empty()).bindTo(metrics.registry()));
    }

    @Provides
    @IntoSet
    static HttpRoutes metricsEndpoint(TaleweaverMetrics metrics, BuildInfo info) {
        BuildInfoGauge.register(metrics.registry(), info);
        return new MetricsRoutes(metrics.contentType(), metrics::scrape);
    }
}
