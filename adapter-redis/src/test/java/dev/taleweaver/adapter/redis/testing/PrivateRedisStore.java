package dev.taleweaver.adapter.redis.testing;

import dev.taleweaver.adapter.redis.RedisClientFactory;
import dev.taleweaver.adapter.redis.RedisConfig;
import dev.taleweaver.adapter.redis.RedissonCacheStore;
import org.redisson.api.RedissonClient;

/**
 * The fixture of the ITs that need a redis-server of their own (to kill, freeze or count its connections): the
 * server, a Redisson client on it and the {@link RedissonCacheStore} over that client. {@link #close()} tears down
 * what was set up, store first and server last, each step even when an earlier one failed, so no redis-server
 * outlives its test. One per test instance, closed in {@code @AfterEach}.
 */
public final class PrivateRedisStore implements AutoCloseable {
    private PrivateRedisServer server;
    private RedissonClient client;
    private RedissonCacheStore store;

    /** Takes {@code privateServer} (started or not) into the fixture; returns it. */
    public PrivateRedisServer serve(PrivateRedisServer privateServer) {
        this.server = privateServer;
        return privateServer;
    }

    /** A Redisson client and the store over it, both for {@code config}; returns the store. */
    public RedissonCacheStore connect(RedisConfig config) {
        client = RedisClientFactory.create(config);
        store = new RedissonCacheStore(client, config); // single-key reads through config's read client
        return store;
    }

    /** The client {@link #connect} created. */
    public RedissonClient client() {
        return client;
    }

    /** Closes the store now (a test about closing it), so that {@link #close()} does not close it again. */
    public void closeStore() {
        RedissonCacheStore closing = store;
        store = null;
        if (closing != null) {
            closing.close();
        }
    }

    @Override
    public void close() {
        try {
            closeStore();
        } finally {
            try {
                if (client != null) {
                    client.shutdown();
                }
            } finally {
                if (server != null) {
                    server.close();
                }
            }
        }
    }
}
