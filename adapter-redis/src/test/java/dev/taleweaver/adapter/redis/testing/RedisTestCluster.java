package dev.taleweaver.adapter.redis.testing;

import dev.taleweaver.adapter.redis.RedisConfig;
import dev.taleweaver.adapter.redis.RedisTopology;
import dev.taleweaver.adapter.redis.RedisTrust;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * A real Redis Cluster of 3 masters and 3 replicas on loopback, made by {@code redis-cli --cluster create
 * … --cluster-replicas 1}, for one test class (start it in {@code @BeforeAll}, close it in {@code @AfterAll}; every
 * process is also SIGKILLed at JVM exit). A node that misses its peers for {@link #NODE_TIMEOUT} is failed over, so a
 * killed master's replica takes over within a few seconds.
 */
public final class RedisTestCluster implements RedisDeployment {
    /** cluster-node-timeout: short, so failover tests are quick. */
    public static final Duration NODE_TIMEOUT = Duration.ofMillis(1500);
    private static final Duration FORM_TIMEOUT = Duration.ofSeconds(30);

    private final List<RedisProcess> nodes;
    private final TestPki ca;

    private RedisTestCluster(List<RedisProcess> nodes, TestPki ca) {
        this.nodes = nodes;
        this.ca = ca;
    }

    public static RedisTestCluster start() {
        return start(null);
    }

    /** A cluster answering TLS only (clients, replication and the bus), with a certificate of a fresh test CA. */
    public static RedisTestCluster startWithTls() {
        return start(TestPki.newCa("Taleweaver Test Cluster CA"));
    }

    private static RedisTestCluster start(TestPki ca) {
        RedisProcess.Tls tls = ca == null ? null : RedisProcess.Tls.of(ca);
        List<RedisProcess> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                nodes.add(RedisProcess.start("cluster" + i, List.of(
                        "cluster-enabled yes",
                        "cluster-config-file nodes.conf",
                        "cluster-node-timeout " + NODE_TIMEOUT.toMillis(),
                        // any replica may take over, however long it was cut off from its master
                        "cluster-replica-validity-factor 0"), false, tls));
            }
            List<String> create = new ArrayList<>(List.of("redis-cli"));
            create.addAll(RedisProcess.cliOptions(tls));
            create.addAll(List.of("--cluster", "create"));
            nodes.forEach(node -> create.add(node.hostPort()));
            create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            String out = RedisProcess.run(create, FORM_TIMEOUT);
            RedisTestCluster cluster = new RedisTestCluster(nodes, ca);
            if (!cluster.awaitHealthy(FORM_TIMEOUT)) {
                throw new IllegalStateException("the test cluster did not form: " + out);
            }
            return cluster;
        } catch (RuntimeException e) {
            nodes.forEach(RedisProcess::close);
            throw e;
        }
    }

    /** Every node as {@code 127.0.0.1:port}, masters and replicas, for REDIS_NODES. */
    public List<String> seeds() {
        return nodes.stream().map(RedisProcess::hostPort).toList();
    }

    @Override
    public RedisConfig config(String keyPrefix) {
        List<String> seeds = ca == null ? seeds() : seeds().stream().map(seed -> "rediss://" + seed).toList();
        return RedisConfig.of("redis://127.0.0.1:6379").withTopology(RedisTopology.cluster(seeds))
                .withTlsTrust(ca == null ? null : RedisTrust.fromPemFile(ca.caPem()))
                .withPassword(RedisProcess.PASSWORD)
                .withKeyPrefix(keyPrefix).withTimeouts(Duration.ofSeconds(2), 3, Duration.ofMillis(300));
    }

    @Override
    public int killMasterOf(String key) {
        RedisProcess master = masterOf(key);
        master.kill();
        return master.port();
    }

    @Override
    public boolean recovered() {
        return healthy();
    }

    @Override
    public int masterCount() {
        return 3;
    }

    @Override
    public int mastersHolding(List<String> keys) {
        return (int) keys.stream().map(key -> masterOf(key).port()).distinct().count();
    }

    /** The live masters. */
    public List<RedisProcess> masters() {
        return nodes.stream().filter(RedisProcess::alive).filter(node -> node.cli("ROLE").startsWith("master"))
                .toList();
    }

    /** The live master serving {@code key}'s slot now. */
    public RedisProcess masterOf(String key) {
        RedisProcess any = anyAlive();
        int slot = Integer.parseInt(any.cli("CLUSTER", "KEYSLOT", key));
        return masterOfSlot(slot).orElseThrow(() -> new IllegalStateException("no live master serves slot " + slot));
    }

    /** The slot of a key, as the cluster computes it. */
    public int slotOf(String key) {
        return Integer.parseInt(anyAlive().cli("CLUSTER", "KEYSLOT", key));
    }

    /** The live master serving {@code slot}, from CLUSTER SHARDS-less parsing of CLUSTER NODES. */
    public Optional<RedisProcess> masterOfSlot(int slot) {
        for (String line : anyAlive().cli("CLUSTER", "NODES").split("\n")) {
            String[] f = line.strip().split(" ");
            if (f.length < 9 || !f[2].contains("master") || f[2].contains("fail") || !f[7].equals("connected")) {
                continue;
            }
            for (int i = 8; i < f.length; i++) {
                String[] range = f[i].split("-");
                if (range[0].startsWith("[")) {
                    continue;
                }
                int from = Integer.parseInt(range[0]);
                int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                if (slot >= from && slot <= to) {
                    int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1).split("[@,]")[0]);
                    return nodes.stream().filter(n -> n.port() == port && n.alive()).findFirst();
                }
            }
        }
        return Optional.empty();
    }

    /** Whether every live node says cluster_state:ok and three live masters serve all 16384 slots. */
    public boolean healthy() {
        for (RedisProcess node : nodes) {
            if (node.alive() && !node.cli("CLUSTER", "INFO").contains("cluster_state:ok")) {
                return false;
            }
        }
        for (int slot : new int[]{0, 5000, 5461, 5462, 10922, 10923, 16383}) {
            if (masterOfSlot(slot).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    public boolean awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!healthy()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        return true;
    }

    private RedisProcess anyAlive() {
        return nodes.stream().filter(RedisProcess::alive).findFirst()
                .orElseThrow(() -> new IllegalStateException("every node of the test cluster is down"));
    }

    @Override
    public void close() {
        nodes.forEach(RedisProcess::close);
    }
}
