package dev.taleweaver.adapter.postgres.testing;

import dev.taleweaver.adapter.postgres.PostgresConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The PostgreSQL server tests run against, and private schemas on it.
 *
 * <p>The server is resolved once per JVM, in this order:
 * <ol>
 *   <li>{@code TEST_DATABASE_URL} (with {@code TEST_DATABASE_USER}, {@code TEST_DATABASE_PASSWORD}) when set;</li>
 *   <li>the local default {@code jdbc:postgresql://127.0.0.1:5432/postgres}, user {@code postgres}, if it answers;</li>
 *   <li>a Testcontainers PostgreSQL, when Testcontainers is on the classpath and a Docker engine is available;</li>
 *   <li>otherwise a failure that says how to provide one.</li>
 * </ol>
 * Each caller gets its own schema ({@code tw_test_<random>}), so concurrent runs and leftover data never
 * meet. Schemas still open when the JVM exits are dropped then.
 *
 * <pre>{@code
 * try (TestSchema schema = TestPostgres.createSchema()) {
 *     PostgresConfig config = schema.config();   // hand it to PostgresDatabase or to the application
 * }
 * }</pre>
 */
public final class TestPostgres {
    public static final String URL_VARIABLE = "TEST_DATABASE_URL";
    public static final String USER_VARIABLE = "TEST_DATABASE_USER";
    public static final String PASSWORD_VARIABLE = "TEST_DATABASE_PASSWORD";
    static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    static final String LOCAL_USER = "postgres";
    /** Small: several test classes and other people's runs share one server. */
    public static final int POOL_SIZE = 4;
    private static final int CONNECT_TIMEOUT_SECONDS = 2;
    private static final Logger LOG = LoggerFactory.getLogger(TestPostgres.class);
    private static final Set<String> OPEN_SCHEMAS = ConcurrentHashMap.newKeySet();

    private static Server server;
    private static IllegalStateException resolutionFailure;

    private TestPostgres() {
    }

    /** Where a server is and how to log in; {@code origin} says how it was found. */
    public record Server(String jdbcUrl, String user, String password, String origin) {
        /** A direct connection (no pool), for test setup. */
        public Connection connect() throws SQLException {
            Properties props = new Properties();
            props.setProperty("user", user);
            if (password != null && !password.isEmpty()) {
                props.setProperty("password", password);
            }
            props.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
            props.setProperty("loginTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
            return DriverManager.getConnection(jdbcUrl, props);
        }

        public PostgresConfig config(String schema) {
            return new PostgresConfig(jdbcUrl, user, password, POOL_SIZE, schema);
        }

        @Override
        public String toString() {
            return jdbcUrl + " as " + user + " (" + origin + ")";
        }
    }

    /** The server for this JVM's tests; resolved on first use. */
    public static synchronized Server server() {
        if (server != null) {
            return server;
        }
        if (resolutionFailure != null) {
            throw resolutionFailure;
        }
        try {
            server = resolve();
            LOG.info("tests use PostgreSQL at {}", server);
            Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::dropLeftoverSchemas, "tw-test-schemas"));
            return server;
        } catch (IllegalStateException e) {
            resolutionFailure = e;
            throw e;
        }
    }

    /** A new, empty schema of its own on {@link #server()}; closing it drops the schema and everything in it. */
    public static TestSchema createSchema() {
        Server target = server();
        String name = "tw_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(target, "CREATE SCHEMA " + name);
        OPEN_SCHEMAS.add(name);
        return new TestSchema(target, name);
    }

    /**
     * Settings that point at a port on this machine where nothing listens, for "database is down" tests.
     * (The port was free a moment ago; nothing on a test machine grabs it in between in practice.)
     */
    public static PostgresConfig unreachableConfig() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = socket.getLocalPort();
            return new PostgresConfig("jdbc:postgresql://127.0.0.1:" + port + "/taleweaver", "taleweaver",
                    "not-a-real-password", POOL_SIZE, null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot find a free local port", e);
        }
    }

    static void dropped(String schema) {
        OPEN_SCHEMAS.remove(schema);
    }

    static void execute(Server target, String sql) {
        try (Connection connection = target.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database setup failed on " + target + ": " + sql, e);
        }
    }

    private static Server resolve() {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            String user = envOr(USER_VARIABLE, LOCAL_USER);
            Server configured = new Server(url, user, System.getenv(PASSWORD_VARIABLE), URL_VARIABLE);
            String problem = problemConnecting(configured);
            if (problem != null) {
                throw new IllegalStateException(URL_VARIABLE + " is set but PostgreSQL at " + configured
                        + " does not answer: " + problem);
            }
            return configured;
        }
        Server local = new Server(LOCAL_URL, LOCAL_USER, null, "local default");
        String localProblem = problemConnecting(local);
        if (localProblem == null) {
            return local;
        }
        String dockerProblem;
        if (!Containers.testcontainersPresent()) {
            dockerProblem = "Testcontainers is not on the test classpath";
        } else if (!Containers.dockerAvailable()) {
            dockerProblem = "no Docker engine is available for Testcontainers";
        } else {
            return Containers.startPostgres();
        }
        throw new IllegalStateException("No PostgreSQL for the integration tests. " + URL_VARIABLE + " is not set; "
                + "nothing answers at " + LOCAL_URL + " as " + LOCAL_USER + " (" + localProblem + "); "
                + dockerProblem + ". Either start PostgreSQL on 127.0.0.1:5432 with user postgres "
                + "(e.g. `sudo service postgresql start`, or `docker run -d -p 5432:5432 "
                + "-e POSTGRES_HOST_AUTH_METHOD=trust postgres:16`), or set " + URL_VARIABLE
                + "=jdbc:postgresql://host:port/db and " + USER_VARIABLE + " / " + PASSWORD_VARIABLE + ".");
    }

    private static String problemConnecting(Server candidate) {
        try (Connection ignored = candidate.connect()) {
            return null;
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void dropLeftoverSchemas() {
        for (String schema : Set.copyOf(OPEN_SCHEMAS)) {
            try {
                execute(server, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (RuntimeException e) {
                // best effort at JVM exit; the schema name says it is disposable
                System.err.println("could not drop test schema " + schema + ": " + e.getMessage());
            }
        }
    }

    /**
     * Everything that touches Testcontainers, in its own class so that callers without Testcontainers on
     * their classpath (it is a test dependency, not exported with the test-jar) never load it.
     */
    private static final class Containers {
        private static final String IMAGE = "postgres:16-alpine";

        static boolean testcontainersPresent() {
            try {
                Class.forName("org.testcontainers.DockerClientFactory", false, TestPostgres.class.getClassLoader());
                Class.forName("org.testcontainers.postgresql.PostgreSQLContainer", false,
                        TestPostgres.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException e) {
                return false;
            }
        }

        static boolean dockerAvailable() {
            try {
                return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException e) {
                return false;
            }
        }

        @SuppressWarnings("resource") // lives as long as the JVM; Testcontainers' reaper removes it
        static Server startPostgres() {
            var container = new org.testcontainers.postgresql.PostgreSQLContainer(IMAGE);
            container.start();
            return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
                    "Testcontainers " + IMAGE);
        }
    }
}
