package dev.taleweaver.adapter.metrics;

import org.slf4j.Logger;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Logs a failure to record a metric: a metric must never fail the request that reports it, and a broken
 * metric hit on every request must not flood the log, so the first failure is a WARN and the rest DEBUG.
 */
final class MetricFailures {
    private final Logger log;
    private final AtomicBoolean warned = new AtomicBoolean();

    MetricFailures(Logger log) {
        this.log = log;
    }

    void report(String what, RuntimeException failure) {
        if (warned.compareAndSet(false, true)) {
            log.warn("Could not record {} ({}); further failures are logged at DEBUG", what, failure.toString(),
                    failure);
        } else if (log.isDebugEnabled()) {
            log.debug("Could not record {}: {}", what, failure.toString());
        }
    }
}
