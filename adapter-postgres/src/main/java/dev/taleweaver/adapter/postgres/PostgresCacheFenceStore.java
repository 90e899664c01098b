package dev.taleweaver.adapter.postgres;

import dev.taleweaver.application.port.out.CacheFenceStore;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
import java.util.List;

/**
 * The {@code cache_fence} table (V3, ADR 12). Every statement is a one-row write or a bounded read of a table with
 * at most one row per running instance, with a {@value #QUERY_TIMEOUT_SECONDS} s query timeout; heartbeats and
 * expiry use the database's clock.
 */
public final class PostgresCacheFenceStore implements CacheFenceStore {
    static final int QUERY_TIMEOUT_SECONDS = 1;
    private final Jdbi jdbi;

    /** @param jdbi the one {@link PostgresDatabase#jdbi()} gives */
    public PostgresCacheFenceStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void raise(String instance) {
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO cache_fence (instance) VALUES (:instance)"
                        + " ON CONFLICT (instance) DO UPDATE SET heartbeat = now()")
                .bind("instance", instance).setQueryTimeout(QUERY_TIMEOUT_SECONDS).execute());
    }

    @Override
    public void lower(String instance) {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM cache_fence WHERE instance = :instance")
                .bind("instance", instance).setQueryTimeout(QUERY_TIMEOUT_SECONDS).execute());
    }

    @Override
    public List<Fence> fences(Duration expiry, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT instance,"
                        + " heartbeat < now() - make_interval(secs => :expiry) AS expired"
                        + " FROM cache_fence ORDER BY instance LIMIT :limit")
                .bind("expiry", expiry.toMillis() / 1000.0).bind("limit", limit)
                .setQueryTimeout(QUERY_TIMEOUT_SECONDS)
                .map((rs, ctx) -> new Fence(rs.getString("instance"), rs.getBoolean("expired"))).list());
    }

    @Override
    public boolean removeExpired(String instance, Duration expiry) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM cache_fence WHERE instance = :instance"
                        + " AND heartbeat < now() - make_interval(secs => :expiry)")
                .bind("instance", instance).bind("expiry", expiry.toMillis() / 1000.0)
                .setQueryTimeout(QUERY_TIMEOUT_SECONDS).execute()) == 1;
    }
}
