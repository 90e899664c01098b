package dev.taleweaver.bootstrap.cache;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises the cache decorator's log level to WARN while open: it logs every invalidation at INFO (as docs/caching.md says),
 * which under a workload of thousands of writes would bury a failing test's output. Warnings and errors still show.
 */
final class QuietCacheLogs implements AutoCloseable {
    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.taleweaver.application.cache.aside.CachedRepository");
    private final Level previous = logger.getLevel();

    QuietCacheLogs() {
        logger.setLevel(Level.WARN);
    }

    @Override
    public void close() {
        logger.setLevel(previous);
    }
}
