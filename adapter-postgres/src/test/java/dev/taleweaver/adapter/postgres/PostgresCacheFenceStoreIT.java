package dev.taleweaver.adapter.postgres;

import dev.taleweaver.adapter.postgres.testing.TestPostgres;
import dev.taleweaver.adapter.postgres.testing.TestSchema;
import dev.taleweaver.application.port.out.CacheFenceStore.Fence;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** ADR 12's cache_fence table on the real server: raise, heartbeat, lower, expiry by the database's clock. */
class PostgresCacheFenceStoreIT {
    /**
     * Long enough that a row raised a moment ago is never read as expired on a loaded machine (a stall between a
     * raise and the read of up to this long would otherwise fail the test); expiry is reached by moving a row's
     * heartbeat back, not by waiting.
     */
    private static final Duration EXPIRY = Duration.ofSeconds(2);

    @Test
    void fencesAreRaisedRefreshedLoweredAndExpire() {
        try (TestSchema schema = TestPostgres.createSchema();
             PostgresDatabase database = new PostgresDatabase(schema.config())) {
            database.migrate();
            PostgresCacheFenceStore fences = new PostgresCacheFenceStore(database.jdbi());
            assertThat(fences.fences(EXPIRY, 10)).isEmpty();

            fences.raise("a");
            fences.raise("b");
            fences.raise("a"); // a heartbeat: still one row
            assertThat(fences.fences(EXPIRY, 10)).containsExactly(new Fence("a", false), new Fence("b", false));
            assertThat(fences.fences(EXPIRY, 1)).hasSize(1);
            assertThat(fences.removeExpired("a", EXPIRY)).as("a live fence is never removed as expired").isFalse();

            // a's last heartbeat an hour ago, by the database's clock: expired without waiting for it
            database.jdbi().useHandle(h -> h.execute(
                    "UPDATE cache_fence SET heartbeat = now() - interval '1 hour' WHERE instance = 'a'"));
            fences.raise("b");
            assertThat(fences.fences(EXPIRY, 10)).containsExactly(new Fence("a", true), new Fence("b", false));
            assertThat(fences.removeExpired("a", EXPIRY)).isTrue();
            assertThat(fences.removeExpired("a", EXPIRY)).isFalse();

            fences.lower("b");
            fences.lower("b");
            assertThat(fences.fences(EXPIRY, 10)).isEmpty();
        }
    }
}
