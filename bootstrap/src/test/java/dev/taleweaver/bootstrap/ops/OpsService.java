package dev.taleweaver.bootstrap.ops;

import dev.taleweaver.adapter.redis.RedisConfig;
import dev.taleweaver.application.cache.operations.CacheWarmer;
import dev.taleweaver.bootstrap.Settings;
import dev.taleweaver.bootstrap.Taleweaver;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The real service, started as Main starts it ({@link Taleweaver#start}) on a {@link Backing}, listening on a free
 * port, with the operations settings a test asks for. Closing it stops the service only; the backing stays.
 */
final class OpsService implements AutoCloseable {
    private final Taleweaver service;
    private final OpsHttp http;

    private OpsService(Taleweaver service) {
        this.service = service;
        this.http = new OpsHttp(service.port());
    }

    /** A fresh admin token of 40 characters, random so that finding it in a log line cannot be a coincidence. */
    static String newAdminToken() {
        return "ops-e2e-" + UUID.randomUUID().toString().replace("-", "");
    }

    OpsHttp http() {
        return http;
    }

    /** The start-up warm-up, present when the service was started with warm-up on. */
    CompletableFuture<CacheWarmer.Result> warmUp() {
        Optional<CompletableFuture<CacheWarmer.Result>> warmUp = service.warmUp();
        return warmUp.orElseThrow(() -> new AssertionError("the service was started without CACHE_WARMUP"));
    }

    @Override
    public void close() {
        service.close();
    }

    /** ADMIN_TOKEN, CACHE_WARMUP* and REDIS_MAX_CONNECTIONS; everything else as a deployment that sets nothing. */
    static final class Builder {
        private final Backing backing;
        private Optional<String> adminToken = Optional.empty();
        private boolean warmup;
        private int warmupMaxEntries = Settings.Operations.DEFAULTS.warmupMaxEntries();
        private Duration warmupTimeout = Settings.Operations.DEFAULTS.warmupTimeout();
        private int redisPoolSize = RedisConfig.DEFAULT_MAX_CONNECTIONS;

        Builder(Backing backing) {
            this.backing = backing;
        }

        Builder adminToken(String token) {
            this.adminToken = Optional.of(token);
            return this;
        }

        Builder warmup(int maxEntries, Duration timeout) {
            this.warmup = true;
            this.warmupMaxEntries = maxEntries;
            this.warmupTimeout = timeout;
            return this;
        }

        Builder redisPoolSize(int size) {
            this.redisPoolSize = size;
            return this;
        }

        OpsService start() {
            Settings.CacheTtls defaultTtls = Settings.from(Map.of()).ttls();
            Settings settings = new Settings(backing.schema().config(), 0, true,
                    backing.redis().config().withMaxConnections(redisPoolSize), defaultTtls)
                    .withOperations(new Settings.Operations(adminToken, warmup, warmupMaxEntries, warmupTimeout));
            return new OpsService(Taleweaver.start(settings, Clock.systemUTC()));
        }
    }
}
