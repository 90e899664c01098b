package dev.taleweaver.adapter.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How the Redis deployment is shaped ({@value #MODE_SETTING}): one server at {@code REDIS_URL} (standalone), a
 * Redis Cluster found from seed nodes, or a master found through Redis Sentinel. {@link #problems()} names the
 * settings of every bad combination, so start-up can refuse them in one message (see {@link RedisConfig}).
 *
 * @param mode           standalone, cluster or sentinel
 * @param nodes          {@value #NODES_SETTING}: seed nodes (cluster) or sentinels (sentinel) as
 *                       {@code redis://host:port} ({@code rediss://} for TLS), normalised; empty for standalone
 * @param sentinelMaster {@value #SENTINEL_MASTER_SETTING}: the name the sentinels monitor the master under, or null
 * @param readFrom       {@value #READ_FROM_SETTING}: whether plain reads (GET) may be served by replicas
 */
public record RedisTopology(Mode mode, List<String> nodes, String sentinelMaster, ReadFrom readFrom) {

    public static final String MODE_SETTING = "REDIS_MODE";
    public static final String NODES_SETTING = "REDIS_NODES";
    public static final String SENTINEL_MASTER_SETTING = "REDIS_SENTINEL_MASTER";
    public static final String READ_FROM_SETTING = "REDIS_READ_FROM";
    /** More seed nodes than this is a copy-paste slip: three are enough to find any cluster. */
    public static final int MAX_NODES = 64;

    /** The single server of {@code REDIS_URL}, reads from it. */
    public static final RedisTopology STANDALONE = new RedisTopology(Mode.STANDALONE, List.of(), null,
            ReadFrom.MASTER);

    public enum Mode {
        STANDALONE, CLUSTER, SENTINEL;

        /** The setting's value: {@code standalone}, {@code cluster}, {@code sentinel}. */
        public String setting() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum ReadFrom {
        /** Every command on the master: no read can be older than the last write. */
        MASTER,
        /**
         * Plain reads (GET) on a replica when one is up, else the master. A replica lags its master by the
         * replication delay, so a read may return a value invalidated a moment ago; version reads and every
         * compare-and-set stay on the master.
         */
        REPLICA;

        public String setting() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public RedisTopology {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        sentinelMaster = sentinelMaster == null || sentinelMaster.isBlank() ? null : sentinelMaster.strip();
        readFrom = readFrom == null ? ReadFrom.MASTER : readFrom;
        if (mode == null) {
            throw new IllegalArgumentException(MODE_SETTING + " is required");
        }
    }

    /** A cluster found from {@code seeds} ({@code host:port} or {@code redis[s]://host:port}). */
    public static RedisTopology cluster(List<String> seeds) {
        return new RedisTopology(Mode.CLUSTER, seeds, null, ReadFrom.MASTER);
    }

    /** The master the {@code sentinels} monitor as {@code master}. */
    public static RedisTopology sentinel(List<String> sentinels, String master) {
        return new RedisTopology(Mode.SENTINEL, sentinels, master, ReadFrom.MASTER);
    }

    public RedisTopology withReadFrom(ReadFrom newReadFrom) {
        return new RedisTopology(mode, nodes, sentinelMaster, newReadFrom);
    }

    /** Parses {@value #MODE_SETTING}; null when it is none of the modes. */
    public static Mode parseMode(String value) {
        for (Mode mode : Mode.values()) {
            if (mode.setting().equalsIgnoreCase(value.strip())) {
                return mode;
            }
        }
        return null;
    }

    /** Parses {@value #READ_FROM_SETTING}; null when it is neither {@code master} nor {@code replica}. */
    public static ReadFrom parseReadFrom(String value) {
        for (ReadFrom readFrom : ReadFrom.values()) {
            if (readFrom.setting().equalsIgnoreCase(value.strip())) {
                return readFrom;
            }
        }
        return null;
    }

    /** Splits {@value #NODES_SETTING} at commas, dropping blanks. */
    public static List<String> splitNodes(String value) {
        List<String> nodes = new ArrayList<>();
        if (value != null) {
            for (String node : value.split(",")) {
                if (!node.isBlank()) {
                    nodes.add(node.strip());
                }
            }
        }
        return nodes;
    }

    /** Whether the nodes are reached over TLS ({@code rediss://}); false for standalone, whose URL says. */
    public boolean tls() {
        return !nodes.isEmpty() && addresses().get(0).startsWith("rediss://");
    }

    /**
     * The nodes as Redisson's addresses ({@code redis://host:port}, {@code rediss://host:port}), in the given order,
     * without duplicates. Only meaningful when {@link #problems()} is empty.
     */
    public List<String> addresses() {
        Set<String> addresses = new LinkedHashSet<>();
        for (String node : nodes) {
            Node parsed = Node.parse(node);
            if (parsed != null) {
                addresses.add(parsed.address());
            }
        }
        return List.copyOf(addresses);
    }

    /**
     * Why REDIS_URL must not be set in this mode, or null: cluster and sentinel find Redis through
     * {@value #NODES_SETTING}, and a REDIS_URL left over would silently be ignored.
     */
    public String urlProblem() {
        if (mode == Mode.STANDALONE) {
            return null;
        }
        return RedisConfig.URL_SETTING + " is set but " + MODE_SETTING + " is " + mode.setting() + ", which finds"
                + " Redis through " + NODES_SETTING + "; unset " + RedisConfig.URL_SETTING + " (the password goes in "
                + RedisConfig.PASSWORD_SETTING + ", TLS as rediss:// in " + NODES_SETTING + ")";
    }

    /** For logs: {@code cluster of redis://a:7000,redis://b:7000}; never credentials (nodes carry none). */
    public String describe() {
        return switch (mode) {
            case STANDALONE -> "standalone";
            case CLUSTER -> "cluster seeded by " + String.join(",", addresses());
            case SENTINEL -> "sentinel master \"" + sentinelMaster + "\" via " + String.join(",", addresses());
        } + (readFrom == ReadFrom.REPLICA ? ", reads from replicas" : "");
    }

    /**
     * What is wrong with this topology, each naming the settings to change; {@code database} is REDIS_DB (a cluster
     * has only database 0).
     */
    public List<String> problems(int database) {
        List<String> problems = new ArrayList<>();
        String modeIs = MODE_SETTING + " is " + mode.setting();
        switch (mode) {
            case STANDALONE -> {
                if (!nodes.isEmpty()) {
                    problems.add(NODES_SETTING + " is set but " + MODE_SETTING + " is standalone, which uses "
                            + RedisConfig.URL_SETTING + " only; set " + MODE_SETTING + "=cluster or sentinel, or unset "
                            + NODES_SETTING);
                }
                if (sentinelMaster != null) {
                    problems.add(SENTINEL_MASTER_SETTING + " is set but " + MODE_SETTING + " is standalone; set "
                            + MODE_SETTING + "=sentinel or unset " + SENTINEL_MASTER_SETTING);
                }
                if (readFrom == ReadFrom.REPLICA) {
                    problems.add(READ_FROM_SETTING + "=replica needs replicas the client can find: set "
                            + MODE_SETTING + "=cluster or sentinel, or " + READ_FROM_SETTING + "=master");
                }
            }
            case CLUSTER, SENTINEL -> {
                String what = mode == Mode.CLUSTER ? "cluster seed nodes" : "sentinels";
                if (nodes.isEmpty()) {
                    problems.add(modeIs + " but " + NODES_SETTING + " is empty; list the " + what
                            + " as host:port,host:port");
                }
                if (nodes.size() > MAX_NODES) {
                    problems.add(NODES_SETTING + " lists " + nodes.size() + " nodes, at most " + MAX_NODES
                            + " are allowed");
                }
                Set<String> schemes = new LinkedHashSet<>();
                for (String node : nodes) {
                    Node parsed = Node.parse(node);
                    if (parsed == null) {
                        problems.add(NODES_SETTING + " has \"" + node + "\", which is no host:port (expected"
                                + " host:port, or redis://host:port, or rediss://host:port for TLS)");
                    } else {
                        schemes.add(parsed.scheme());
                    }
                }
                if (schemes.size() > 1) {
                    problems.add(NODES_SETTING + " mixes redis:// and rediss:// nodes; use TLS for all or none");
                }
                if (mode == Mode.CLUSTER) {
                    if (sentinelMaster != null) {
                        problems.add(SENTINEL_MASTER_SETTING + " is set but " + modeIs + "; unset it or set "
                                + MODE_SETTING + "=sentinel");
                    }
                    if (database != 0) {
                        problems.add(RedisConfig.DATABASE_SETTING + " is " + database + " but " + modeIs
                                + ", which has database 0 only; set " + RedisConfig.DATABASE_SETTING + "=0 and"
                                + " separate deployments by CACHE_KEY_PREFIX");
                    }
                } else if (sentinelMaster == null) {
                    problems.add(modeIs + " but " + SENTINEL_MASTER_SETTING + " is empty; set it to the master"
                            + " name the sentinels monitor (sentinel monitor <name> ...)");
                }
            }
            default -> throw new IllegalStateException("unknown mode " + mode);
        }
        return problems;
    }

    /** One entry of {@value #NODES_SETTING}. */
    private record Node(String scheme, String host, int port) {

        String address() {
            String uriHost = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
            return scheme + "://" + uriHost + ":" + port;
        }

        static Node parse(String node) {
            String text = node.strip();
            String withScheme = text.contains("://") ? text : "redis://" + text;
            try {
                URI uri = new URI(withScheme);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("redis") && !scheme.equals("rediss")) {
                    return null;
                }
                if (uri.getHost() == null || uri.getPort() < 1 || uri.getRawUserInfo() != null
                        || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())
                        || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                    return null;
                }
                String host = uri.getHost();
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
                return new Node(scheme, host, uri.getPort());
            } catch (URISyntaxException e) {
                return null;
            }
        }
    }
}
