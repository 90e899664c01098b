package dev.taleweaver.adapter.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How to reach Redis and which part of it this deployment owns. Validates on construction and reports every
 * broken rule at once, each naming the setting an operator changes ({@code REDIS_URL}, {@code REDIS_DB}…), so
 * bootstrap can show the message verbatim.
 *
 * <p>The database may be given twice: as the URL's path ({@code redis://host:6379/2}) and as {@link #database()}.
 * When the URL has one, the two must agree; a mismatch is rejected rather than silently resolved, because
 * writing into a database the operator did not mean can mix two deployments' caches. Bootstrap can default
 * {@code REDIS_DB} to {@link #databaseInUrl(String)} when it is not set.
 *
 * <p>The URL may carry credentials ({@code redis://user:secret@host}); a password there and a different
 * {@code REDIS_PASSWORD} are rejected for the same reason. {@link #toString()} never shows a password.
 *
 * @param url            {@code redis://host[:port][/db]}, or {@code rediss://…} for TLS (port 6379 by default)
 * @param password       {@code AUTH} password, or null (blank means none)
 * @param database       0..15
 * @param maxConnections connection pool size, at least 1
 * @param socketTimeout  connect and response timeout of one attempt, positive
 * @param retryAttempts  how often a command that could not be sent, or got no answer in time, is retried, 0+
 * @param retryInterval  pause between those attempts, 0 or more
 * @param keyPrefix      this deployment's namespace, may be empty; stored normalised by {@link #namespace(String)}:
 *                       {@code tw} and {@code tw:} both become {@code tw:}, so keys read {@code tw:hero:{id}}
 * @param tlsTrust       the CAs a {@code rediss://} connection trusts ({@value RedisTrust#CA_FILE_SETTING}), or null
 *                       for the JVM's default trust store; refused with {@code redis://}, which would not use it
 * @param topology       standalone (the server of {@code url}), cluster or sentinel, see {@link RedisTopology}; in the
 *                       last two {@code url} is not used for addresses (bootstrap passes its default), the nodes' scheme
 *                       says whether TLS is on, and the password is {@code password}
 * @param transport      the Netty transport of the connections ({@value RedisTransport#SETTING}); null means
 *                       {@link RedisTransport#DEFAULT}. What the client ends up using is
 *                       {@link RedisTransport#effective()}: epoll falls back to NIO where it cannot load
 * @param readClient     the client of the single-key cache reads ({@value RedisReadClient#SETTING}); null means
 *                       {@link RedisReadClient#DEFAULT}. What the store ends up using is {@link #effectiveReadClient()}
 * @param readConnections the Jedis pool of the single-key reads ({@value #READ_CONNECTIONS_SETTING}, per node), at
 *                       least 1: a blocking reader holds one connection for its round trip, so the pool should cover
 *                       the reads in flight at once (ADR 18)
 */
public record RedisConfig(
        String url,
        String password,
        int database,
        int maxConnections,
        Duration socketTimeout,
        int retryAttempts,
        Duration retryInterval,
        String keyPrefix,
        RedisTrust tlsTrust,
        RedisTopology topology,
        RedisTransport transport,
        RedisReadClient readClient,
        int readConnections) {

    public static final String URL_SETTING = "REDIS_URL";
    public static final String PASSWORD_SETTING = "REDIS_PASSWORD";
    public static final String DATABASE_SETTING = "REDIS_DB";
    public static final String MAX_CONNECTIONS_SETTING = "REDIS_MAX_CONNECTIONS";
    public static final String SOCKET_TIMEOUT_SETTING = "REDIS_SOCKET_TIMEOUT";
    public static final String RETRY_ATTEMPTS_SETTING = "REDIS_RETRY_ATTEMPTS";
    public static final String RETRY_INTERVAL_SETTING = "REDIS_RETRY_INTERVAL";
    public static final String KEY_PREFIX_SETTING = "CACHE_KEY_PREFIX";
    public static final String READ_CONNECTIONS_SETTING = "REDIS_READ_CONNECTIONS";

    public static final int MAX_DATABASE = 15;
    public static final int DEFAULT_PORT = 6379;
    public static final int DEFAULT_MAX_CONNECTIONS = 10;
    /**
     * The Jedis read pool's default: with 10 (the Redisson pool's size) readers queued for a connection under 50
     * concurrent requests and the L1-off hit's p99 rose from 14 to 26 ms (docs/benchmarks.md, issue 16).
     */
    public static final int DEFAULT_READ_CONNECTIONS = 64;
    /** The largest {@code REDIS_MAX_CONNECTIONS} and {@code REDIS_READ_CONNECTIONS} bootstrap accepts. */
    public static final int MAX_POOL_SIZE = 1000;
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(5);
    /** A cache that answers late is worth less than the database: fail over quickly rather than retry long. */
    public static final int DEFAULT_RETRY_ATTEMPTS = 1;
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofMillis(200);

    /** Ends a non-empty prefix: {@code CACHE_KEY_PREFIX=tw} owns {@code tw:…}, never {@code tw2:…}. */
    public static final char NAMESPACE_SEPARATOR = ':';
    /** The longest {@code CACHE_KEY_PREFIX}: every key carries it, twice in a version key. */
    public static final int MAX_KEY_PREFIX_LENGTH = 64;

    private static final String FORBIDDEN_PREFIX_CHARACTERS = "{}*?[]\\";

    public RedisConfig {
        List<String> problems = new ArrayList<>();
        password = password == null || password.isBlank() ? null : password;
        topology = topology == null ? RedisTopology.STANDALONE : topology;
        transport = transport == null ? RedisTransport.DEFAULT : transport;
        readClient = readClient == null ? RedisReadClient.DEFAULT : readClient;
        boolean standalone = topology.mode() == RedisTopology.Mode.STANDALONE;
        // a cluster or sentinel deployment does not use the URL: bootstrap refuses an explicit one (urlProblem)
        Endpoint endpoint = Endpoint.parse(url, standalone ? problems : new ArrayList<>());
        problems.addAll(topology.problems(database));
        if (endpoint != null && standalone) {
            if (endpoint.database().isPresent() && endpoint.database().getAsInt() != database) {
                problems.add(URL_SETTING + " selects database " + endpoint.database().getAsInt() + " but "
                        + DATABASE_SETTING + " is " + database
                        + "; set them to the same number or drop the database from " + URL_SETTING);
            }
            if (endpoint.password() != null && password != null && !endpoint.password().equals(password)) {
                problems.add(URL_SETTING + " carries a password and " + PASSWORD_SETTING
                        + " a different one; set only one of them");
            }
        }
        if (database < 0 || database > MAX_DATABASE) {
            problems.add(DATABASE_SETTING + " must be between 0 and " + MAX_DATABASE + " (got " + database + ")");
        }
        if (maxConnections < 1) {
            problems.add(MAX_CONNECTIONS_SETTING + " must be at least 1 (got " + maxConnections + ")");
        }
        if (readConnections < 1) {
            problems.add(READ_CONNECTIONS_SETTING + " must be at least 1 (got " + readConnections + ")");
        }
        if (socketTimeout == null || socketTimeout.toMillis() < 1 || socketTimeout.toMillis() > Integer.MAX_VALUE) {
            problems.add(SOCKET_TIMEOUT_SETTING + " must be a positive duration of at least 1 ms (got "
                    + socketTimeout + ")");
        }
        if (retryAttempts < 0) {
            problems.add(RETRY_ATTEMPTS_SETTING + " must be 0 or more (got " + retryAttempts + ")");
        }
        if (retryInterval == null || retryInterval.isNegative() || retryInterval.toMillis() > Integer.MAX_VALUE) {
            problems.add(RETRY_INTERVAL_SETTING + " must be a duration of 0 or more (got " + retryInterval + ")");
        }
        keyPrefixProblem(keyPrefix).ifPresent(problems::add);
        if (tlsTrust != null && !standalone && !topology.tls()) {
            problems.add(RedisTrust.CA_FILE_SETTING + " is set but the nodes of " + RedisTopology.NODES_SETTING
                    + " are not rediss://, so the connections would not use TLS; write them as rediss://host:port"
                    + " or unset " + RedisTrust.CA_FILE_SETTING);
        }
        if (tlsTrust != null && standalone && endpoint != null && !endpoint.tls()) {
            // a CA file says the operator expects encryption; a plain connection would silently not have it
            problems.add(RedisTrust.CA_FILE_SETTING + " is set but " + URL_SETTING + " is not rediss://, so the"
                    + " connection would not use TLS; use rediss:// or unset " + RedisTrust.CA_FILE_SETTING);
        }
        keyPrefix = problems.isEmpty() ? namespace(keyPrefix) : keyPrefix;
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid Redis settings: " + String.join("; ", problems));
        }
    }

    /** With the default read pool ({@link #DEFAULT_READ_CONNECTIONS}). */
    public RedisConfig(String url, String password, int database, int maxConnections, Duration socketTimeout,
                       int retryAttempts, Duration retryInterval, String keyPrefix, RedisTrust tlsTrust,
                       RedisTopology topology, RedisTransport transport, RedisReadClient readClient) {
        this(url, password, database, maxConnections, socketTimeout, retryAttempts, retryInterval, keyPrefix,
                tlsTrust, topology, transport, readClient, DEFAULT_READ_CONNECTIONS);
    }

    /** With the default read client ({@link RedisReadClient#DEFAULT}). */
    public RedisConfig(String url, String password, int database, int maxConnections, Duration socketTimeout,
                       int retryAttempts, Duration retryInterval, String keyPrefix, RedisTrust tlsTrust,
                       RedisTopology topology, RedisTransport transport) {
        this(url, password, database, maxConnections, socketTimeout, retryAttempts, retryInterval, keyPrefix,
                tlsTrust, topology, transport, null);
    }

    /** On the default transport ({@link RedisTransport#DEFAULT}). */
    public RedisConfig(String url, String password, int database, int maxConnections, Duration socketTimeout,
                       int retryAttempts, Duration retryInterval, String keyPrefix, RedisTrust tlsTrust,
                       RedisTopology topology) {
        this(url, password, database, maxConnections, socketTimeout, retryAttempts, retryInterval, keyPrefix,
                tlsTrust, topology, null, null);
    }

    /** Standalone, trusting the JVM's default trust store for {@code rediss://}. */
    public RedisConfig(String url, String password, int database, int maxConnections, Duration socketTimeout,
                       int retryAttempts, Duration retryInterval, String keyPrefix) {
        this(url, password, database, maxConnections, socketTimeout, retryAttempts, retryInterval, keyPrefix, null);
    }

    /** Standalone: the single server of {@code url}. */
    public RedisConfig(String url, String password, int database, int maxConnections, Duration socketTimeout,
                       int retryAttempts, Duration retryInterval, String keyPrefix, RedisTrust tlsTrust) {
        this(url, password, database, maxConnections, socketTimeout, retryAttempts, retryInterval, keyPrefix,
                tlsTrust, RedisTopology.STANDALONE);
    }

    /** The documented defaults (README settings table) for everything but the URL: no password, the URL's database (else 0), no prefix. */
    public static RedisConfig of(String url) {
        return new RedisConfig(url, null, databaseInUrl(url).orElse(0), DEFAULT_MAX_CONNECTIONS,
                DEFAULT_SOCKET_TIMEOUT, DEFAULT_RETRY_ATTEMPTS, DEFAULT_RETRY_INTERVAL, "");
    }

    /** The database a URL selects by its path ({@code /2}), if it names one and is otherwise well-formed. */
    public static OptionalInt databaseInUrl(String url) {
        Endpoint endpoint = Endpoint.parse(url, new ArrayList<>());
        return endpoint == null ? OptionalInt.empty() : endpoint.database();
    }

    /**
     * Why a key prefix is unusable, or empty when it is fine. Shared with {@link RedissonCacheStore} so a prefix is
     * judged by one rule wherever it comes from.
     *
     * <p>Refused: glob characters {@code * ? [ ] \} (bulk deletion by pattern would reach other deployments'
     * keys), braces (Redis Cluster would hash every key by the prefix and split a key from its version key),
     * whitespace and control characters (a copy-paste slip), a prefix of separators only, one longer than
     * {@value #MAX_KEY_PREFIX_LENGTH} characters, and one whose first segment is a key family of the service
     * ({@code hero}, {@code child}, {@code story}): a deployment without a prefix on the same database owns
     * {@code hero:*} and would count and flush those keys as its own.
     */
    public static Optional<String> keyPrefixProblem(String keyPrefix) {
        if (keyPrefix == null) {
            return Optional.of(KEY_PREFIX_SETTING + " is required (use an empty value for no prefix)");
        }
        for (int i = 0; i < keyPrefix.length(); i++) {
            char c = keyPrefix.charAt(i);
            if (FORBIDDEN_PREFIX_CHARACTERS.indexOf(c) >= 0 || Character.isWhitespace(c)
                    || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                return Optional.of(KEY_PREFIX_SETTING + " must not contain { } * ? [ ] \\ or whitespace (got \""
                        + printable(keyPrefix) + "\"): braces would make Redis Cluster hash every key by the prefix"
                        + " (one hot slot) and split a key from its version key; glob characters would let bulk"
                        + " deletion by pattern reach other deployments' keys; whitespace is almost always a"
                        + " copy-paste slip");
            }
        }
        if (keyPrefix.length() > MAX_KEY_PREFIX_LENGTH) {
            return Optional.of(KEY_PREFIX_SETTING + " must be at most " + MAX_KEY_PREFIX_LENGTH
                    + " characters (got " + keyPrefix.length() + ")");
        }
        if (!keyPrefix.isEmpty() && keyPrefix.chars().allMatch(c -> c == NAMESPACE_SEPARATOR)) {
            return Optional.of(KEY_PREFIX_SETTING + " must name something before its ':' (got \"" + keyPrefix
                    + "\"); use an empty value for no prefix");
        }
        String firstSegment = keyPrefix.split(":", 2)[0];
        if (RedissonCacheStore.KEY_FAMILIES.contains(firstSegment)) {
            return Optional.of(KEY_PREFIX_SETTING + " must not start with \"" + firstSegment + "\" (got \""
                    + keyPrefix + "\"): " + firstSegment + ":* is a key family of this service, so a deployment"
                    + " without a prefix on the same database would count and flush these keys as its own");
        }
        return Optional.empty();
    }

    /**
     * The namespace of a valid prefix: empty stays empty (keys are exactly {@code hero:{id}}); otherwise the prefix
     * followed by one {@value #NAMESPACE_SEPARATOR}, which is not doubled when the prefix already ends with it.
     */
    public static String namespace(String keyPrefix) {
        if (keyPrefix.isEmpty() || keyPrefix.charAt(keyPrefix.length() - 1) == NAMESPACE_SEPARATOR) {
            return keyPrefix;
        }
        return keyPrefix + NAMESPACE_SEPARATOR;
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(MAX_KEY_PREFIX_LENGTH).forEach(c -> {
            if (Character.isISOControl(c) || (Character.isWhitespace(c) && c != ' ') || Character.isSpaceChar(c)
                    && c != ' ') {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    public RedisConfig withKeyPrefix(String newKeyPrefix) {
        return new RedisConfig(url, password, database, maxConnections, socketTimeout, retryAttempts, retryInterval,
                newKeyPrefix, tlsTrust, topology, transport, readClient, readConnections);
    }

    public RedisConfig withPassword(String newPassword) {
        return new RedisConfig(url, newPassword, database, maxConnections, socketTimeout, retryAttempts,
                retryInterval, keyPrefix, tlsTrust, topology, transport, readClient, readConnections);
    }

    public RedisConfig withMaxConnections(int newMaxConnections) {
        return new RedisConfig(url, password, database, newMaxConnections, socketTimeout, retryAttempts,
                retryInterval, keyPrefix, tlsTrust, topology, transport, readClient, readConnections);
    }

    public RedisConfig withTimeouts(Duration newSocketTimeout, int newRetryAttempts, Duration newRetryInterval) {
        return new RedisConfig(url, password, database, maxConnections, newSocketTimeout, newRetryAttempts,
                newRetryInterval, keyPrefix, tlsTrust, topology, transport, readClient, readConnections);
    }

    /** The same settings trusting {@code trust}'s CAs for TLS (null: the JVM's default trust store). */
    public RedisConfig withTlsTrust(RedisTrust trust) {
        return new RedisConfig(url, password, database, maxConnections, socketTimeout, retryAttempts, retryInterval,
                keyPrefix, trust, topology, transport, readClient, readConnections);
    }

    /** The same settings on another deployment shape (the URL stays, used only by standalone). */
    public RedisConfig withTopology(RedisTopology newTopology) {
        return new RedisConfig(url, password, database, maxConnections, socketTimeout, retryAttempts, retryInterval,
                keyPrefix, tlsTrust, newTopology, transport, readClient, readConnections);
    }

    /** The same settings on another Netty transport ({@value RedisTransport#SETTING}). */
    public RedisConfig withTransport(RedisTransport newTransport) {
        return new RedisConfig(url, password, database, maxConnections, socketTimeout, retryAttempts, retryInterval,
                keyPrefix, tlsTrust, topology, newTransport, readClient, readConnections);
    }

    /** The same settings reading single keys through another client ({@value RedisReadClient#SETTING}). */
    public RedisConfig withReadClient(RedisReadClient newReadClient) {
        return new RedisConfig(url, password, database, maxConnections, socketTimeout, retryAttempts, retryInterval,
                keyPrefix, tlsTrust, topology, transport, newReadClient, readConnections);
    }

    /** The same settings with a Jedis read pool of {@code newReadConnections} ({@value #READ_CONNECTIONS_SETTING}). */
    public RedisConfig withReadConnections(int newReadConnections) {
        return new RedisConfig(url, password, database, maxConnections, socketTimeout, retryAttempts, retryInterval,
                keyPrefix, tlsTrust, topology, transport, readClient, newReadConnections);
    }

    /**
     * The client the single-key reads actually use: {@link #readClient()}, except that reads from replicas
     * ({@code REDIS_READ_FROM=replica}) stay on Redisson, which routes them to a replica; Jedis would read the master.
     */
    public RedisReadClient effectiveReadClient() {
        return topology.readFrom() == RedisTopology.ReadFrom.REPLICA ? RedisReadClient.REDISSON : readClient;
    }

    /** Whether Redis is one server of {@code url} rather than a cluster or sentinel-managed master. */
    public boolean standalone() {
        return topology.mode() == RedisTopology.Mode.STANDALONE;
    }

    /** Whether the connections are encrypted ({@code rediss://} in the URL, or in the nodes of non-standalone). */
    public boolean tls() {
        return standalone() ? endpoint().tls() : topology.tls();
    }

    /** {@code redis[s]://host:port}: what Redisson connects to, without credentials or database. */
    public String address() {
        Endpoint e = endpoint();
        return e.scheme() + "://" + e.hostForUri() + ":" + e.port();
    }

    /**
     * Where Redis is, as it is safe to log: the URL's scheme, host, port and database for standalone, the topology
     * and its nodes otherwise; never credentials.
     */
    public String redactedUrl() {
        return standalone() ? address() + "/" + database
                : topology.describe() + (database == 0 ? "" : ", database " + database);
    }

    /** The ACL user name from the URL ({@code redis://user:secret@host}), or null; standalone only. */
    public String username() {
        return standalone() ? endpoint().username() : null;
    }

    /** {@link #password()} if set, else (standalone) the URL's password, else null. */
    public String effectivePassword() {
        return password != null || !standalone() ? password : endpoint().password();
    }

    /** Standalone: the host of the URL (without IPv6 brackets). */
    String host() {
        return endpoint().host();
    }

    /** Standalone: the port of the URL (6379 when it names none). */
    int port() {
        return endpoint().port();
    }

    private Endpoint endpoint() {
        return Endpoint.parse(url, new ArrayList<>());
    }

    @Override
    public String toString() {
        return "RedisConfig[" + (standalone() ? "url=" : "topology=") + redactedUrl()
                + ", password=" + (effectivePassword() == null ? "none" : "****")
                + ", database=" + database
                + ", maxConnections=" + maxConnections
                + ", socketTimeout=" + socketTimeout
                + ", retryAttempts=" + retryAttempts
                + ", retryInterval=" + retryInterval
                + ", keyPrefix=\"" + keyPrefix + "\""
                + ", transport=" + transport.setting()
                + ", readClient=" + readClient.setting()
                + ", readConnections=" + readConnections
                + (tlsTrust == null ? "" : ", tlsTrust=" + tlsTrust) + "]";
    }

    /** The parts of a Redis URL; {@link #parse} reports what is wrong with it instead of throwing. */
    private record Endpoint(String scheme, String host, int port, OptionalInt database, String username,
                            String password) {

        boolean tls() {
            return scheme.equals("rediss");
        }

        String hostForUri() {
            return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        }

        static Endpoint parse(String url, List<String> problems) {
            String shape = " (expected redis://host:port[/db], or rediss://host:port[/db] for TLS)";
            if (url == null || url.isBlank()) {
                problems.add(URL_SETTING + " is required" + shape);
                return null;
            }
            URI uri;
            try {
                uri = new URI(url.strip());
            } catch (URISyntaxException e) {
                problems.add(URL_SETTING + " is not a valid URL" + shape);
                return null;
            }
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
                problems.add(URL_SETTING + " must use the redis:// scheme, or rediss:// for TLS (got "
                        + (scheme == null ? "no scheme" : scheme + "://") + ")");
                return null;
            }
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                problems.add(URL_SETTING + " must name a host" + shape);
                return null;
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                problems.add(URL_SETTING + " must not have a query or fragment" + shape);
                return null;
            }
            OptionalInt database = OptionalInt.empty();
            String path = uri.getPath() == null ? "" : uri.getPath();
            if (!path.isEmpty() && !path.equals("/")) {
                String db = path.substring(1);
                if (!db.matches("[0-9]{1,2}") || Integer.parseInt(db) > MAX_DATABASE) {
                    problems.add(URL_SETTING + " path must be a database number between 0 and " + MAX_DATABASE
                            + shape);
                    return null;
                }
                database = OptionalInt.of(Integer.parseInt(db));
            }
            String username = null;
            String password = null;
            String userInfo = uri.getUserInfo();
            if (userInfo != null && !userInfo.isEmpty()) {
                int colon = userInfo.indexOf(':');
                if (colon < 0) {
                    password = userInfo; // redis://secret@host is the common shorthand for a password
                } else {
                    username = colon == 0 ? null : userInfo.substring(0, colon);
                    password = colon == userInfo.length() - 1 ? null : userInfo.substring(colon + 1);
                }
            }
            String host = uri.getHost();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new Endpoint(scheme, host, uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), database,
                    username, password);
        }
    }
}
