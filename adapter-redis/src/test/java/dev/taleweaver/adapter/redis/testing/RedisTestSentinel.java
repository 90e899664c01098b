package dev.taleweaver.adapter.redis.testing;

import dev.taleweaver.adapter.redis.RedisConfig;
import dev.taleweaver.adapter.redis.RedisTopology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A real Sentinel deployment on loopback: a master, one replica and three sentinels (quorum 2) watching it as
 * {@value #MASTER_NAME}, for one test class (start it in {@code @BeforeAll}, close it in {@code @AfterAll}; every
 * process is also SIGKILLed at JVM exit). A master silent for {@link #DOWN_AFTER} is failed over to the replica.
 */
public final class RedisTestSentinel implements RedisDeployment {
    public static final String MASTER_NAME = "twmaster";
    public static final Duration DOWN_AFTER = Duration.ofMillis(1000);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final List<RedisProcess> data;
    private final List<RedisProcess> sentinels;
    private int killedPort = -1;

    private RedisTestSentinel(List<RedisProcess> data, List<RedisProcess> sentinels) {
        this.data = data;
        this.sentinels = sentinels;
    }

    public static RedisTestSentinel start() {
        List<RedisProcess> data = new ArrayList<>();
        List<RedisProcess> sentinels = new ArrayList<>();
        try {
            RedisProcess master = RedisProcess.start("sentinel-master", List.of(), false);
            data.add(master);
            data.add(RedisProcess.start("sentinel-replica", List.of("replicaof 127.0.0.1 " + master.port()), false));
            for (int i = 0; i < 3; i++) {
                sentinels.add(RedisProcess.start("sentinel" + i, List.of(
                        "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master.port() + " 2",
                        "sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER.toMillis(),
                        "sentinel failover-timeout " + MASTER_NAME + " 10000",
                        "sentinel parallel-syncs " + MASTER_NAME + " 1",
                        "sentinel auth-pass " + MASTER_NAME + " " + RedisProcess.PASSWORD,
                        "sentinel sentinel-pass " + RedisProcess.PASSWORD), true));
            }
            RedisTestSentinel deployment = new RedisTestSentinel(data, sentinels);
            deployment.awaitReady();
            return deployment;
        } catch (RuntimeException e) {
            data.forEach(RedisProcess::close);
            sentinels.forEach(RedisProcess::close);
            throw e;
        }
    }

    /** The sentinels as {@code 127.0.0.1:port}, for REDIS_NODES. */
    public List<String> sentinelAddresses() {
        return sentinels.stream().map(RedisProcess::hostPort).toList();
    }

    @Override
    public RedisConfig config(String keyPrefix) {
        return RedisConfig.of("redis://127.0.0.1:6379")
                .withTopology(RedisTopology.sentinel(sentinelAddresses(), MASTER_NAME))
                .withPassword(RedisProcess.PASSWORD)
                .withKeyPrefix(keyPrefix).withTimeouts(Duration.ofSeconds(2), 3, Duration.ofMillis(300));
    }

    /** Kills the master, whatever the key: it holds them all. */
    @Override
    public int killMasterOf(String key) {
        RedisProcess master = master();
        master.kill();
        killedPort = master.port();
        return killedPort;
    }

    @Override
    public boolean recovered() {
        return masterPort() != killedPort && masterUp();
    }

    @Override
    public int masterCount() {
        return 1;
    }

    @Override
    public int mastersHolding(List<String> keys) {
        return keys.isEmpty() ? 0 : 1;
    }

    /** The data node the sentinels name as master now. */
    public RedisProcess master() {
        int port = masterPort();
        return data.stream().filter(node -> node.port() == port).findFirst()
                .orElseThrow(() -> new IllegalStateException("the sentinels name an unknown master :" + port));
    }

    /** The master's port as the first live sentinel reports it. */
    public int masterPort() {
        RedisProcess sentinel = sentinels.stream().filter(RedisProcess::alive).findFirst().orElseThrow();
        String[] reply = sentinel.cli("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME).split("\n");
        return Integer.parseInt(reply[reply.length - 1].strip());
    }

    /** Whether a live data node, named master by every live sentinel, says it is one. */
    public boolean masterUp() {
        int port = masterPort();
        for (RedisProcess sentinel : sentinels) {
            String[] reply = sentinel.cli("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME).split("\n");
            if (sentinel.alive() && !reply[reply.length - 1].strip().equals(Integer.toString(port))) {
                return false;
            }
        }
        return data.stream().anyMatch(node -> node.port() == port && node.alive()
                && node.cli("ROLE").startsWith("master"));
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            boolean ready = masterUp() && data.get(1).cli("ROLE").contains("connected");
            for (RedisProcess sentinel : sentinels) {
                String master = sentinel.cli("SENTINEL", "MASTER", MASTER_NAME);
                ready &= master.contains("num-slaves\n1") && master.contains("num-other-sentinels\n2");
            }
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the test sentinels did not see the master, its replica and each"
                        + " other in time: " + sentinels.get(0).cli("SENTINEL", "MASTER", MASTER_NAME));
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }

    @Override
    public void close() {
        sentinels.forEach(RedisProcess::close);
        data.forEach(RedisProcess::close);
    }
}
