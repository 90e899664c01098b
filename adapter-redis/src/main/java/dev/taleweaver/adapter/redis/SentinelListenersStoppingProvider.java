package dev.taleweaver.adapter.redis;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.providers.SentineledConnectionProvider;

import java.time.Duration;
import java.util.Set;

/**
 * Jedis's sentineled connection provider, whose {@link #close()} really stops its sentinel listeners. Each listener is
 * a thread whose {@code run()} starts by setting its own "running" flag: a listener that had not started yet when the
 * provider was closed (a client closed right after it was built) misses the shutdown and reconnects to its sentinel
 * forever, logging a WARN with a stack trace every 5 s. {@link #close()} therefore repeats the shutdown until each
 * listener has ended, for at most {@link #STOP_BOUND}.
 */
final class SentinelListenersStoppingProvider extends SentineledConnectionProvider {
    /** How long close() waits for the listeners; one sleeping before a reconnect (sentinel down) ends by itself. */
    static final Duration STOP_BOUND = Duration.ofSeconds(1);
    private static final long JOIN_MILLIS = 20;

    SentinelListenersStoppingProvider(String masterName, JedisClientConfig masterClientConfig,
                                      GenericObjectPoolConfig<Connection> poolConfig, Set<HostAndPort> sentinels,
                                      JedisClientConfig sentinelClientConfig) {
        super(masterName, masterClientConfig, poolConfig, sentinels, sentinelClientConfig);
    }

    @Override
    public void close() {
        super.close();
        long deadline = System.nanoTime() + STOP_BOUND.toNanos();
        for (SentinelListener listener : sentinelListeners) {
            while (listener.isAlive() && System.nanoTime() - deadline < 0) {
                listener.shutdown();
                try {
                    listener.join(JOIN_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
