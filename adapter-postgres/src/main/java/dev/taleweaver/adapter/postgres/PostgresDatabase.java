package dev.taleweaver.adapter.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.taleweaver.application.port.in.StorageUnavailableException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Optional;

/**
 * The connection pool, the schema migrations and the {@link Jdbi} the repositories share.
 *
 * <p>Building it never touches the database, so the service starts (and reports the database DOWN) while
 * PostgreSQL is away; {@link #migrate()} is the step that needs it.
 */
public final class PostgresDatabase implements AutoCloseable {
    /** How long a request waits for a connection before failing with 503 rather than hanging. */
    public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);
    /** How much longer than the statement timeout the driver waits for any answer ({@link #socketTimeout}). */
    static final Duration SOCKET_TIMEOUT_MARGIN = Duration.ofSeconds(2);
    static final String POOL_NAME = "taleweaver-db";
    private static final String MIGRATIONS = "classpath:db/migration";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresDatabase.class);

    private final PostgresConfig config;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    /** The schema version {@link #migrate()} left the database at; null until it succeeded. */
    private volatile String migratedVersion;

    public PostgresDatabase(PostgresConfig config) {
        this(config, null);
    }

    /**
     * @param metricRegistry a Micrometer {@code MeterRegistry} HikariCP reports its pool metrics to (typed
     *                       {@code Object}, as in HikariCP's own API, so this adapter needs no Micrometer), or null
     */
    public PostgresDatabase(PostgresConfig config, Object metricRegistry) {
        this.config = config;
        HikariConfig pool = poolConfig(config);
        if (metricRegistry != null) {
            pool.setMetricRegistry(metricRegistry);
        }
        this.dataSource = pool(pool);
        this.jdbi = Jdbi.create(dataSource).installPlugin(new PostgresPlugin());
        jdbi.registerArrayType(String.class, "text");
        // The SQL text (ours, constant) but never the bound arguments in JDBI's exception messages: each of
        // JDBI's own renderings but NONE appends them.
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(PostgresDatabase::withoutArguments);
        LOG.info("PostgreSQL pool {} created for {}", POOL_NAME, config);
    }

    /** The pool; its failures quote the JDBC URL, so they are passed on redacted and without the original. */
    private static HikariDataSource pool(HikariConfig pool) {
        try {
            return new HikariDataSource(pool);
        } catch (RuntimeException e) {
            IllegalStateException redacted = new IllegalStateException("cannot create the PostgreSQL pool: "
                    + PostgresConfig.redact(String.valueOf(e.getMessage())));
            redacted.setStackTrace(e.getStackTrace());
            throw redacted;
        }
    }

    private static String withoutArguments(StatementException e) {
        StatementContext context = e.getStatementContext();
        String sql = context == null ? null : context.getRawSql();
        return sql == null ? e.getShortMessage() : e.getShortMessage() + " [statement: \"" + sql + "\"]";
    }

    /**
     * The driver's read timeout for a given statement timeout: longer by {@link #SOCKET_TIMEOUT_MARGIN}, so that
     * PostgreSQL's own cancel (a clean rollback) comes first whenever the server still answers; whole seconds, as
     * the driver takes it.
     */
    public static Duration socketTimeout(Duration statementTimeout) {
        long seconds = (statementTimeout.toMillis() + 999) / 1000;
        return Duration.ofSeconds(seconds).plus(SOCKET_TIMEOUT_MARGIN);
    }

    private static HikariConfig poolConfig(PostgresConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(POOL_NAME);
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        if (config.password() != null && !config.password().isEmpty()) {
            hikari.setPassword(config.password());
        }
        hikari.setMaximumPoolSize(config.maxPoolSize());
        // Idle connections cost the server a process each; the pool grows on demand up to the maximum.
        hikari.setMinimumIdle(Math.min(2, config.maxPoolSize()));
        if (config.schema() != null) {
            hikari.setSchema(config.schema());
        }
        hikari.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        // Every statement of a request is bounded, waiting for a lock included: PostgreSQL cancels it (57014, a 503)
        // instead of holding the request and its connection for as long as another session holds the lock.
        hikari.setConnectionInitSql("SET statement_timeout = " + config.statementTimeout().toMillis());
        // A server that stops answering altogether (stopped, a network dropping packets) cannot cancel anything:
        // the driver gives up reading after the socket timeout and closes the connection (08006, a 503).
        hikari.addDataSourceProperty("socketTimeout", String.valueOf(socketTimeout(config.statementTimeout())
                .toSeconds()));
        hikari.setValidationTimeout(Duration.ofSeconds(2).toMillis());
        // Start even when the database is down: the pool keeps trying, requests fail fast with 503 meanwhile.
        hikari.setInitializationFailTimeout(-1);
        // The driver's own connect timeout, so an unanswered SYN does not hold a pool thread for long.
        hikari.addDataSourceProperty("connectTimeout", String.valueOf(CONNECTION_TIMEOUT.toSeconds()));
        hikari.addDataSourceProperty("ApplicationName", "taleweaver");
        // The driver's messages keep only severity and text: no "Detail: Failing row contains (…)", no "Where:"
        // quoting a parameter. PostgresErrors still reads constraint and table from the ServerErrorMessage.
        hikari.addDataSourceProperty("logServerErrorDetail", "false");
        return hikari;
    }

    /**
     * Brings the schema up to date (creating it when a schema is configured and missing). Safe to run on
     * every start, and concurrently: Flyway serialises migrations with a database lock.
     *
     * @return how many migrations were applied now
     * @throws StorageUnavailableException when the database cannot be reached
     * @throws IllegalStateException       when a migration fails
     */
    public int migrate() {
        FluentConfiguration flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations(MIGRATIONS)
                .failOnMissingLocations(true)
                .callbacks(new UnboundedMigrationStatements());
        if (config.schema() != null) {
            flyway.schemas(config.schema()).createSchemas(true);
        }
        String target = config.redactedUrl() + (config.schema() == null ? "" : " (schema " + config.schema() + ")");
        try {
            MigrateResult result = flyway.load().migrate();
            String version = result.targetSchemaVersion == null
                    ? result.initialSchemaVersion : result.targetSchemaVersion;
            LOG.info("database {} migrated: {} migration(s) applied, schema version {}", target,
                    result.migrationsExecuted, version);
            migratedVersion = version;
            return result.migrationsExecuted;
        } catch (FlywayException e) {
            if (PostgresErrors.translated("migrate", e) instanceof StorageUnavailableException) {
                throw new StorageUnavailableException("cannot migrate the database " + target
                        + ": it is unreachable (" + PostgresErrors.shortMessage(e) + ")", e);
            }
            throw new IllegalStateException("migrating the database " + target + " failed: " + e.getMessage(), e);
        } finally {
            // the connections Flyway used run without a statement timeout now: retire them
            dataSource.getHikariPoolMXBean().softEvictConnections();
        }
    }

    /**
     * The schema version {@link #migrate()} brought the database to, empty before it succeeded: what readiness
     * expects the database to still carry ({@link PostgresHealthProbe}).
     */
    public Optional<String> migratedVersion() {
        return Optional.ofNullable(migratedVersion);
    }

    /** The configured JDBI (PostgreSQL plugin installed, String lists bound as {@code text[]}). */
    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public PostgresConfig config() {
        return config;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
