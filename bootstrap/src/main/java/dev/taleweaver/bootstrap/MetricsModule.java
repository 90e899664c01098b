package dev.taleweaver.bootstrap;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.taleweaver.adapter.http.HttpRoutes;
import dev.taleweaver.adapter.http.MetricsRoutes;
import dev.taleweaver.adapter.metrics.BuildInfoGauge;
import dev.taleweaver.adapter.metrics.CacheAnalyticsMeters;
import dev.taleweaver.adapter.metrics.HttpRequestMetrics;
import dev.taleweaver.adapter.metrics.MicrometerCacheListener;
import dev.taleweaver.adapter.metrics.TaleweaverMetrics;
import dev.taleweaver.application.cache.analytics.CacheAnalytics;
import dev.taleweaver.application.cache.aside.ChildCacheStrategy;
import dev.taleweaver.application.cache.aside.HeroCacheStrategy;
import dev.taleweaver.application.cache.aside.StoryCacheStrategy;
import dev.taleweaver.application.cache.operations.CacheStatistics;
import dev.taleweaver.application.cache.operations.CompositeCacheListener;
import dev.taleweaver.application.port.in.BuildInfo;
import dev.taleweaver.application.port.in.InspectCacheAnalytics;
import dev.taleweaver.application.port.out.CacheListener;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /**
     * The cache analytics (ADR 15), when caching is on and CACHE_ANALYTICS is true (the default); its meters are
     * registered with it.
     */
    @Provides
    @Singleton
    static Optional<CacheAnalytics> cacheAnalytics(Settings settings, Clock clock, TaleweaverMetrics metrics) {
        if (!settings.redisEnabled() || !settings.cacheAnalytics()) {
            return Optional.empty();
        }
        Settings.CacheTtls ttls = settings.ttls();
        Map<String, Duration> byType = Map.of(HeroCacheStrategy.ENTITY_TYPE, ttls.hero(),
                ChildCacheStrategy.ENTITY_TYPE, ttls.child(), StoryCacheStrategy.ENTITY_TYPE, ttls.story());
        CacheAnalytics analytics = new CacheAnalytics(clock, byType);
        CacheAnalyticsMeters.bind(metrics.registry(), analytics, byType.keySet());
        return Optional.of(analytics);
    }

    @Provides
    static InspectCacheAnalytics inspectCacheAnalytics(Optional<CacheAnalytics> analytics) {
        return analytics.<InspectCacheAnalytics>map(a -> a).orElse(InspectCacheAnalytics.DISABLED);
    }

    /** Every cache event goes to the statistics behind /admin/cache/stats, to Micrometer and to the analytics. */
    @Provides
    @Singleton
    @Named("cache")
    static CacheListener cacheListener(CacheStatistics statistics, TaleweaverMetrics metrics,
                                       Optional<CacheAnalytics> analytics) {
        List<CacheListener> listeners = new ArrayList<>(List.of(statistics,
                new MicrometerCacheListener(metrics.registry())));
        analytics.ifPresent(listeners::add);
        return new CompositeCacheListener(listeners);
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
