package dev.taleweaver.adapter.http;

import dev.taleweaver.application.port.in.CacheReport;
import dev.taleweaver.application.port.in.FlushCache;
import dev.taleweaver.application.port.in.InspectCache;
import dev.taleweaver.application.port.in.StorageUnavailableException;
import dev.taleweaver.domain.common.ValidationException;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory cache as the admin ports see it. Every report counts more reads than the last (hero hits grow fastest),
 * so a polling dashboard has a moving chart; flushes empty the key counts and are recorded.
 */
final class FakeCache implements InspectCache, FlushCache {
    static final List<String> TYPES = List.of("hero", "child", "story");

    final List<Optional<String>> flushes = new CopyOnWriteArrayList<>();
    final Map<String, Long> keys = new ConcurrentHashMap<>(Map.of("hero", 12L, "child", 5L, "story", 30L));
    private final AtomicInteger reports = new AtomicInteger();
    volatile boolean reachable = true;
    volatile String circuitState = "CLOSED";

    @Override
    public CacheReport report() {
        int n = reports.incrementAndGet();
        // since start grows steadily; the last minute wobbles around ~80 %, ~65 % and ~40 % so chart lines differ
        return new CacheReport(true, circuitState, Map.of(
                "hero", stats("hero", CacheReport.Window.of(40 + 9L * n, 10 + n),
                        CacheReport.Window.of(30 + 6 * (n % 4), 6 + 2 * (n % 3)), 1.4, 64.2),
                "child", stats("child", CacheReport.Window.of(20 + 4L * n, 10 + 2L * n),
                        CacheReport.Window.of(12 + 3 * (n % 3), 6 + n % 4), 1.1, 31.0),
                "story", stats("story", CacheReport.Window.of(5L * n, 5 + 3L * n),
                        CacheReport.Window.of(4 + n % 5, 8), 2.3, 88.9)),
                new CacheReport.ServerStats(3_250_000 + 4_096L * n, 2, 3 + n % 3, 24, 10 + n % 7, 64));
    }

    private CacheReport.EntityStats stats(String type, CacheReport.Window sinceStart, CacheReport.Window lastMinute,
                                          double hitMillis, double missMillis) {
        return new CacheReport.EntityStats(sinceStart, lastMinute, hitMillis, missMillis, missMillis - hitMillis,
                keys.get(type));
    }

    @Override
    public FlushResult flush(Optional<String> entityType) {
        if (!reachable) {
            throw new StorageUnavailableException("cache unreachable at redis.internal:6379",
                    new IOException("connection refused"));
        }
        if (entityType.isPresent() && !TYPES.contains(entityType.get())) {
            throw ValidationException.of("entity_type", "must be one of " + String.join(", ", TYPES));
        }
        flushes.add(entityType);
        long deleted = 0;
        for (String type : entityType.map(List::of).orElse(TYPES)) {
            deleted += keys.put(type, 0L);
        }
        return new FlushResult(entityType.orElse("all"), deleted);
    }
}
