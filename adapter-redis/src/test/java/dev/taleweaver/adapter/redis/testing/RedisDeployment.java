package dev.taleweaver.adapter.redis.testing;

import dev.taleweaver.adapter.redis.RedisConfig;

/** A Redis of several real processes that a test starts, fails over and stops: {@link RedisTestCluster}, {@link RedisTestSentinel}. */
public interface RedisDeployment extends AutoCloseable {

    /** The service's configuration for this deployment under {@code keyPrefix}, with short timeouts fit for tests. */
    RedisConfig config(String keyPrefix);

    /** SIGKILLs the master that holds {@code key} (a prefixed Redis key); returns its port. */
    int killMasterOf(String key);

    /** Whether a replica took over from every killed master and the deployment serves every key again. */
    boolean recovered();

    /** How many masters hold data. */
    int masterCount();

    /** How many distinct masters hold {@code keys} (prefixed Redis keys). */
    int mastersHolding(java.util.List<String> keys);

    @Override
    void close();
}
