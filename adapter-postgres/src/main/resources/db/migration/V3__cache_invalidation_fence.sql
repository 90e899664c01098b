-- ADR 12: an instance whose cache invalidations could not reach Redis (a failover, an outage) records a fence here
-- before the write answers; while any fence exists every instance reads from the database only. A row's heartbeat
-- is refreshed by its instance every 50 ms; a row whose heartbeat stopped (the instance died) is adopted by a live
-- instance, which flushes the cache and then removes it. At most one row per running instance.
CREATE TABLE cache_fence (
    instance  text        PRIMARY KEY,
    raised_at timestamptz NOT NULL DEFAULT now(),
    heartbeat timestamptz NOT NULL DEFAULT now()
);
