package dev.taleweaver.adapter.redis;

import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Builds the Jedis client of a {@link RedisConfig} for {@link JedisBoundedReads}: the same server, topology,
 * credentials, database, TLS trust and host-name verification, and timeouts as {@link RedisClientFactory}'s Redisson
 * client. Standalone is a {@link ConnectionStack} of connections to the URL's server; sentinel is Jedis's sentineled client, which asks
 * the sentinels for the master and follows {@code +switch-master}; cluster is Jedis's cluster client, which routes a
 * key to its slot's master and re-reads the slot map on a redirection, a failure and every
 * {@link RedisClientFactory#TOPOLOGY_SCAN_MILLIS} ms.
 *
 * <p>Building a sentinel or cluster client contacts the nodes (and fails while they are all down); a standalone one
 * connects on first use. {@link JedisBoundedReads} therefore builds it lazily.
 */
final class JedisClients {
    static final String CLIENT_NAME = "taleweaver-reads";

    private JedisClients() {
    }

    static UnifiedJedis create(RedisConfig config) {
        ConnectionPoolConfig pool = poolConfig(config);
        return switch (config.topology().mode()) {
            case STANDALONE -> standaloneClient(config);
            case SENTINEL -> sentinelClient(config, pool);
            case CLUSTER -> RedisClusterClient.builder()
                    .nodes(nodes(config))
                    .clientConfig(clientConfig(config, 0, null, config.tls()))
                    .poolConfig(pool)
                    .maxAttempts(clusterAttempts(config))
                    .maxTotalRetriesDuration(config.socketTimeout().multipliedBy(clusterAttempts(config))
                            .plus(config.retryInterval().multipliedBy(config.retryAttempts())))
                    .topologyRefreshPeriod(Duration.ofMillis(RedisClientFactory.TOPOLOGY_SCAN_MILLIS))
                    .build();
        };
    }

    /** The URL's server, its connections on a {@link ConnectionStack} instead of Jedis's commons-pool2 pool. */
    private static UnifiedJedis standaloneClient(RedisConfig config) {
        HostAndPort server = new HostAndPort(config.host(), config.port());
        DefaultJedisClientConfig client = clientConfig(config, config.database(), config.username(), config.tls());
        return RedisClient.builder()
                .hostAndPort(server)
                .clientConfig(client)
                .connectionProvider(new ConnectionStack(server, client, config.readConnections(),
                        config.socketTimeout()))
                .build();
    }

    /**
     * The master's client config with {@code REDIS_DB}; Redisson asks the sentinels with {@code REDIS_PASSWORD} too,
     * the same here, over the same TLS. The provider is built here (it asks the sentinels for the master, and
     * starts a listener per sentinel) so that closing the client stops its listeners for sure.
     */
    private static UnifiedJedis sentinelClient(RedisConfig config, ConnectionPoolConfig pool) {
        DefaultJedisClientConfig master = clientConfig(config, config.database(), null, config.tls());
        DefaultJedisClientConfig sentinels = clientConfig(config, 0, null, config.tls());
        SentinelListenersStoppingProvider provider = new SentinelListenersStoppingProvider(
                config.topology().sentinelMaster(), master, pool, nodes(config), sentinels);
        try {
            return RedisSentinelClient.builder()
                    .connectionProvider(provider)
                    .masterName(config.topology().sentinelMaster())
                    .sentinels(nodes(config))
                    .clientConfig(master)
                    .sentinelClientConfig(sentinels)
                    .poolConfig(pool)
                    .build();
        } catch (RuntimeException e) {
            provider.close();
            throw e;
        }
    }

    /**
     * Attempts of one cluster read: Redisson's retries plus the first, and at least two, so a read that meets a
     * MOVED reply after a failover or a resharding follows it once (Jedis re-reads the slot map first).
     */
    static int clusterAttempts(RedisConfig config) {
        return Math.max(2, config.retryAttempts() + 1);
    }

    /**
     * The sentinel and cluster clients' pools (standalone has its {@link ConnectionStack}, with the same bounds):
     * REDIS_READ_CONNECTIONS connections (per node in cluster mode), opened on demand, none kept open at start, and a
     * reader waits at most the socket timeout for a free one. An idle connection is checked every 30 s and closed
     * after 60 s unused (Jedis's defaults), so connections a restart of Redis broke do not linger.
     */
    static ConnectionPoolConfig poolConfig(RedisConfig config) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(config.readConnections());
        pool.setMaxIdle(config.readConnections());
        pool.setMinIdle(0);
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(config.socketTimeout());
        pool.setTestOnBorrow(false); // a PING per read would double the round trips
        pool.setJmxEnabled(false);
        return pool;
    }

    private static DefaultJedisClientConfig clientConfig(RedisConfig config, int database, String user,
                                                         boolean tls) {
        int timeoutMillis = Math.toIntExact(config.socketTimeout().toMillis());
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
                .resp2()
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .database(database)
                .clientName(CLIENT_NAME)
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                .user(user)
                .password(config.effectivePassword());
        if (tls) {
            builder.ssl(true)
                    .sslSocketFactory(socketFactory(config.tlsTrust()))
                    .sslParameters(verifyingHostName());
        }
        return builder.build();
    }

    /** REDIS_TLS_CA_FILE's CAs for this client alone, or the JVM's default trust store. */
    private static SSLSocketFactory socketFactory(RedisTrust trust) {
        try {
            if (trust == null) {
                return SSLContext.getDefault().getSocketFactory();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.trustManagerFactory().getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for the Redis reads", e);
        }
    }

    /** The certificate must name the host (or IP) connected to, as Redisson's STRICT verification demands. */
    private static SSLParameters verifyingHostName() {
        SSLParameters parameters = new SSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return parameters;
    }

    private static Set<HostAndPort> nodes(RedisConfig config) {
        Set<HostAndPort> nodes = new LinkedHashSet<>();
        for (String address : config.topology().addresses()) {
            URI uri = URI.create(address);
            String host = uri.getHost();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            nodes.add(new HostAndPort(host, uri.getPort()));
        }
        return nodes;
    }
}
