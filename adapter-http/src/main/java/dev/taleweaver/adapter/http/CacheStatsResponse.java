package dev.taleweaver.adapter.http;

import dev.taleweaver.application.port.in.CacheReport;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /admin/cache/stats}: the API's own copy of {@link CacheReport}, so the document operators and the
 * dashboard read stays put when the port evolves; entity types sorted by name for a stable document.
 */
record CacheStatsResponse(boolean enabled, String circuitState, Map<String, Entity> entities, Server server) {

    record Entity(Window sinceStart, Window lastMinute, double meanHitMillis, double meanMissMillis,
                  double latencySavedPerHitMillis, long keyCount) {
        static Entity of(CacheReport.EntityStats s) {
            return new Entity(Window.of(s.sinceStart()), Window.of(s.lastMinute()), s.meanHitMillis(),
                    s.meanMissMillis(), s.latencySavedPerHitMillis(), s.keyCount());
        }
    }

    record Window(long hits, long misses, double hitRate) {
        static Window of(CacheReport.Window w) {
            return new Window(w.hits(), w.misses(), w.hitRate());
        }
    }

    /**
     * Figures are -1 when Redis could not be asked. {@code pool_*} is the main pool (REDIS_MAX_CONNECTIONS),
     * {@code read_pool_*} the single-key reads' own pool (REDIS_READ_CONNECTIONS), the main pool's figures again when
     * the reads share it.
     */
    record Server(long usedMemoryBytes, long evictedKeys, int poolInUse, int poolSize, int readPoolInUse,
                  int readPoolSize) {
        static Server of(CacheReport.ServerStats s) {
            return new Server(s.usedMemoryBytes(), s.evictedKeys(), s.poolInUse(), s.poolSize(), s.readPoolInUse(),
                    s.readPoolSize());
        }
    }

    static CacheStatsResponse of(CacheReport report) {
        Map<String, Entity> entities = new TreeMap<>();
        report.entities().forEach((type, stats) -> entities.put(type, Entity.of(stats)));
        CacheReport.ServerStats server = report.server() == null ? CacheReport.ServerStats.UNKNOWN : report.server();
        return new CacheStatsResponse(report.enabled(), report.circuitState(), entities, Server.of(server));
    }
}
