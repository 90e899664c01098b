package dev.taleweaver.adapter.redis;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.BaseConfig;
import org.redisson.config.BaseMasterSlaveServersConfig;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.Config;
import org.redisson.config.ConstantDelay;
import org.redisson.config.ReadMode;
import org.redisson.config.SentinelServersConfig;
import org.redisson.config.SslVerificationMode;
import org.redisson.config.SubscriptionMode;
import redis.clients.jedis.UnifiedJedis;

import java.util.ArrayList;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Redisson client of a {@link RedisConfig}. The client connects lazily: creating it never contacts
 * Redis, so the service starts while Redis is down and picks it up, with no restart, when it appears (each
 * command opens the pool if it is not open yet). The caller owns the client and shuts it down.
 */
public final class RedisClientFactory {
    private static final Logger LOG = LoggerFactory.getLogger(RedisClientFactory.class);

    /**
     * How often Redisson re-reads a cluster's slot map or asks the sentinels for the master (ms): a failover is
     * noticed within this, on top of the time Redis itself takes to promote a replica.
     */
    static final int TOPOLOGY_SCAN_MILLIS = 1000;

    /** Idle connections kept open; more are opened on demand up to the pool size. */
    static final int MINIMUM_IDLE_CONNECTIONS = 2;

    private RedisClientFactory() {
    }

    /** Creates the client without contacting Redis; logs the "Cache initialization" line (docs/operations.md). */
    public static RedissonClient create(RedisConfig config) {
        Config redisson = redissonConfig(config);
        RedissonClient client = Redisson.create(redisson);
        LOG.info("Cache initialization: Redis {} (TLS {}), pool size {}{} (min idle {}), socket timeout {} ms, "
                        + "{} retry attempt(s) every {} ms, key prefix \"{}\", transport {}, single-key reads {}",
                config.redactedUrl(), tlsDescription(config), config.maxConnections(),
                config.standalone() ? "" : " per node",
                minimumIdle(config), config.socketTimeout().toMillis(), config.retryAttempts(),
                config.retryInterval().toMillis(), config.keyPrefix(), transportDescription(config, redisson),
                readClientDescription(config));
        return client;
    }

    /**
     * The Jedis client the single-key reads use ({@code REDIS_READ_CLIENT=jedis}, ADR 18), built now (a sentinel or
     * cluster client contacts its nodes): for benchmarks that measure that path alone. The caller closes it. The
     * service never calls this: {@link RedissonCacheStore} builds its client lazily.
     */
    public static UnifiedJedis createJedisReadClient(RedisConfig config) {
        return JedisClients.create(config);
    }

    /** The Redisson configuration of a {@link RedisConfig}; visible so its mapping can be checked offline. */
    public static Config redissonConfig(RedisConfig config) {
        Config redisson = new Config();
        redisson.setCodec(StringCodec.INSTANCE);
        // Connect on first use rather than in Redisson.create(), which would throw while Redis is down.
        redisson.setLazyInitialization(true);
        // The default, stated because TwoLevelCacheStore's consistency rests on it: a channel's messages reach its
        // listeners one at a time, in the order Redis sent them.
        redisson.setKeepPubSubOrder(true);
        // REDIS_TRANSPORT: epoll unless it cannot load here (then NIO, logged once by RedisTransport)
        redisson.setTransportMode(config.transport().effective().mode());
        if (config.username() != null) {
            redisson.setUsername(config.username());
        }
        if (config.effectivePassword() != null) {
            redisson.setPassword(config.effectivePassword());
        }
        // rediss:// verifies the server's certificate chain AND that it names the host (or IP) of REDIS_URL (or of the
        // node, as the cluster or the sentinels announce it); the CAs
        // are REDIS_TLS_CA_FILE's when set (for this client only), else the JVM's default trust store.
        redisson.setSslVerificationMode(SslVerificationMode.STRICT);
        if (config.tlsTrust() != null) {
            redisson.setSslTrustManagerFactory(config.tlsTrust().trustManagerFactory());
        }
        if (config.tls()) {
            // a failed handshake is one summary line per burst, not an ERROR stack trace per connection attempt
            redisson.setNettyHook(new TlsHandshakeLog(config.standalone()
                    ? config.address().substring("rediss://".length())
                    : String.join(",", config.topology().addresses()).replace("rediss://", "")));
        }
        switch (config.topology().mode()) {
            case STANDALONE -> common(redisson.useSingleServer(), config)
                    .setAddress(config.address())
                    .setDatabase(config.database())
                    .setConnectionPoolSize(config.maxConnections())
                    .setConnectionMinimumIdleSize(minimumIdle(config))
                    // one connection carries the L1's single invalidation channel (TwoLevelCacheStore)
                    .setSubscriptionConnectionPoolSize(1)
                    .setSubscriptionConnectionMinimumIdleSize(0);
            case CLUSTER -> {
                ClusterServersConfig cluster = masterSlave(redisson.useClusterServers(), config);
                cluster.setNodeAddresses(new ArrayList<>(config.topology().addresses()));
                cluster.setScanInterval(TOPOLOGY_SCAN_MILLIS);
            }
            case SENTINEL -> {
                SentinelServersConfig sentinel = masterSlave(redisson.useSentinelServers(), config)
                        .setMasterName(config.topology().sentinelMaster())
                        .setDatabase(config.database())
                        .setScanInterval(TOPOLOGY_SCAN_MILLIS);
                // Redisson asks the sentinels with REDIS_PASSWORD too (it has no separate sentinel password here)
                sentinel.setSentinelAddresses(new ArrayList<>(config.topology().addresses()));
            }
            default -> throw new IllegalStateException("unknown mode " + config.topology().mode());
        }
        return redisson;
    }

    /** What every mode shares: timeouts, retries and the client name. */
    private static <T extends BaseConfig<T>> T common(T servers, RedisConfig config) {
        int timeoutMillis = Math.toIntExact(config.socketTimeout().toMillis());
        return servers.setConnectTimeout(timeoutMillis)
                .setTimeout(timeoutMillis)
                .setRetryAttempts(config.retryAttempts())
                .setRetryDelay(new ConstantDelay(config.retryInterval()))
                .setClientName("taleweaver");
    }

    /**
     * Cluster and sentinel: REDIS_MAX_CONNECTIONS per master (and per replica), every command on the master unless
     * REDIS_READ_FROM=replica, and the subscription (the L1's channel) on a master, as Redisson's default would put
     * it on a replica.
     */
    private static <T extends BaseMasterSlaveServersConfig<T>> T masterSlave(T servers, RedisConfig config) {
        common(servers, config)
                .setMasterConnectionPoolSize(config.maxConnections())
                .setMasterConnectionMinimumIdleSize(minimumIdle(config))
                .setSlaveConnectionPoolSize(config.maxConnections())
                .setSlaveConnectionMinimumIdleSize(config.topology().readFrom() == RedisTopology.ReadFrom.REPLICA
                        ? minimumIdle(config) : 0)
                .setSubscriptionConnectionPoolSize(1)
                .setSubscriptionConnectionMinimumIdleSize(0)
                .setSubscriptionMode(SubscriptionMode.MASTER)
                .setReadMode(config.topology().readFrom() == RedisTopology.ReadFrom.REPLICA
                        ? ReadMode.SLAVE : ReadMode.MASTER);
        return servers;
    }

    private static String transportDescription(RedisConfig config, Config redisson) {
        String used = redisson.getTransportMode().name().toLowerCase(Locale.ROOT);
        return used.equals(config.transport().setting()) ? used
                : used + " (" + RedisTransport.SETTING + "=" + config.transport().setting() + " could not load)";
    }

    /** {@code jedis (pool of 64, created on first read)}, or {@code redisson} and why when Jedis was asked for. */
    static String readClientDescription(RedisConfig config) {
        if (config.effectiveReadClient() == RedisReadClient.JEDIS) {
            return JedisBoundedReads.describe(config);
        }
        return RedisReadClient.REDISSON.setting() + (config.readClient() == RedisReadClient.REDISSON ? ""
                : " (" + RedisTopology.READ_FROM_SETTING + "=replica: Redisson routes the reads to replicas)");
    }

    private static String tlsDescription(RedisConfig config) {
        if (!config.tls()) {
            return "off";
        }
        return "on, host name verified, trusting " + (config.tlsTrust() == null
                ? "the JVM's default trust store" : RedisTrust.CA_FILE_SETTING + " " + config.tlsTrust());
    }

    private static int minimumIdle(RedisConfig config) {
        return Math.min(MINIMUM_IDLE_CONNECTIONS, config.maxConnections());
    }
}
