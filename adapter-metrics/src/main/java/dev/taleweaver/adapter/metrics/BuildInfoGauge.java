package dev.taleweaver.adapter.metrics;

import dev.taleweaver.application.port.in.BuildInfo;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code taleweaver_build_info}: always 1, its labels say what runs (the Prometheus convention for build
 * information), so a query can join any series with the version or commit of the instance that reported it.
 */
public final class BuildInfoGauge {
    public static final String NAME = "taleweaver.build.info";

    private BuildInfoGauge() {
    }

    public static void register(MeterRegistry registry, BuildInfo info) {
        Gauge.builder(NAME, () -> 1)
                .description("Build and runtime of this instance; the value is always 1")
                .tag("version", info.version())
                .tag("git_commit", info.gitCommit())
                .tag("build_time", info.buildTime())
                .tag("java_version", info.javaVersion())
                .tag("cache_levels", info.cacheLevels().isEmpty() ? "none" : String.join(",", info.cacheLevels()))
                .register(registry);
    }
}
