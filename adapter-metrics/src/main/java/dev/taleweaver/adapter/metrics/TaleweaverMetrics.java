package dev.taleweaver.adapter.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The service's meter registry, exported in the Prometheus text format. Every meter carries the common tag
 * {@code application="taleweaver"}; JVM and process meters (memory, GC, threads, class loading, CPU, uptime,
 * file descriptors) are bound at construction.
 *
 * <p>Hand {@link #registry()} to whatever records meters (the cache listener, the cache server gauges, HTTP
 * request timing, HikariCP's {@code MicrometerMetricsTrackerFactory}); serve {@link #scrape()} with
 * {@link #contentType()} on the metrics endpoint.
 */
public final class TaleweaverMetrics implements AutoCloseable {

    public static final String APPLICATION_TAG = "application";
    public static final String APPLICATION = "taleweaver";
    /**
     * What {@link PrometheusMeterRegistry#scrape()} writes. Spelled out because the Prometheus client's writer
     * class, which holds it, is only a runtime dependency of the registry; a test keeps the two equal.
     */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    public TaleweaverMetrics() {
        this(Clock.SYSTEM);
    }

    /** With the given clock, for tests of time-dependent meters. */
    public TaleweaverMetrics(Clock clock) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(), clock);
        // common tags are a meter filter: configured before the first meter, or that meter lacks them
        registry.config().commonTags(APPLICATION_TAG, APPLICATION);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Every meter in the Prometheus text exposition format 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }

    /** The Content-Type header value for {@link #scrape()}. */
    public String contentType() {
        return CONTENT_TYPE;
    }

    /** Unhooks the GC listener and closes the registry; meters recorded afterwards are dropped. */
    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
