package dev.taleweaver.bootstrap;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.Multibinds;
import dagger.multibindings.ElementsIntoSet;
import dagger.multibindings.IntoSet;
import dev.taleweaver.adapter.http.AdminGuard;
import dev.taleweaver.adapter.http.AdminRoutes;
import dev.taleweaver.adapter.http.BenchmarkRoutes;
import dev.taleweaver.adapter.http.Cors;
import dev.taleweaver.adapter.http.DashboardRoutes;
import dev.taleweaver.adapter.http.HttpConfig;
import dev.taleweaver.adapter.http.HttpRoutes;
import dev.taleweaver.adapter.http.HttpServer;
import dev.taleweaver.adapter.http.InfoRoutes;
import dev.taleweaver.adapter.metrics.HttpRequestMetrics;
import dev.taleweaver.application.port.in.BuildInfo;
import dev.taleweaver.application.port.in.CheckHealth;
import dev.taleweaver.application.port.in.FlushCache;
import dev.taleweaver.application.port.in.InspectCache;
import dev.taleweaver.application.port.in.InspectCacheAnalytics;
import dev.taleweaver.application.port.in.ManageChildren;
import dev.taleweaver.application.port.in.ManageHeroes;
import dev.taleweaver.application.port.in.ManageStories;

import javax.inject.Singleton;
import java.util.List;
import java.util.Set;

/** The HTTP adapter; other modules may contribute extra route groups into the set. */
@Module
interface HttpModule {

    @Multibinds
    Set<HttpRoutes> extraRoutes();

    @Provides
    @Singleton
    static HttpServer httpServer(Settings settings, ManageHeroes heroes, ManageChildren children,
                                 ManageStories stories, CheckHealth health, Set<HttpRoutes> extraRoutes,
                                 HttpRequestMetrics requestMetrics) {
        // only the L1 hands out the same value twice; without it a remembered rendering is never used again
        boolean valuesShared = settings.redisEnabled() && settings.l1().enabled();
        return new HttpServer(settings.http().config(settings.httpPort(), HttpConfig.DEFAULT_MAX_REQUEST_BYTES)
                        .rememberingRenderings(valuesShared),
                heroes, children, stories, health, List.copyOf(extraRoutes), requestMetrics::record);
    }

    /** The one admin-token check (and count of failed attempts per address) of every route group that needs it. */
    @Provides
    @Singleton
    static AdminGuard adminGuard(Settings settings) {
        return new AdminGuard(settings.operations().adminToken());
    }

    /** /admin/cache/stats, /admin/cache/analytics and the flushes; off (404) unless ADMIN_TOKEN is set. */
    @Provides
    @IntoSet
    static HttpRoutes adminRoutes(AdminGuard guard, InspectCache inspect, FlushCache flush,
                                  InspectCacheAnalytics analytics) {
        return new AdminRoutes(guard, inspect, flush, analytics);
    }

    /** CORS_ALLOWED_ORIGINS: CORS headers for the listed origins; none by default. */
    @Provides
    @IntoSet
    static HttpRoutes cors(Settings settings) {
        return new Cors(settings.http().corsAllowedOrigins());
    }

    /** What runs: version, git commit, build time, Java version, cache levels (GET /info, taleweaver_build_info). */
    @Provides
    @Singleton
    static BuildInfo buildInfo(Settings settings) {
        return BuildProperties.describe(settings);
    }

    @Provides
    @IntoSet
    static HttpRoutes info(BuildInfo info) {
        return new InfoRoutes(info);
    }

    @Provides
    @IntoSet
    static HttpRoutes dashboard() {
        return new DashboardRoutes();
    }

    /** Benchmark-only trivial endpoint; absent unless BENCH_ENDPOINTS=true. */
    @Provides
    @ElementsIntoSet
    static Set<HttpRoutes> benchmarkRoutes(Settings settings, AdminGuard guard) {
        return settings.operations().benchEndpoints() ? Set.of(new BenchmarkRoutes(guard)) : Set.of();
    }
}
