package dev.taleweaver.adapter.postgres;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How to reach PostgreSQL.
 *
 * @param jdbcUrl     a PostgreSQL JDBC URL, e.g. {@code jdbc:postgresql://127.0.0.1:5432/taleweaver}
 * @param user        the database user
 * @param password    the password; null or empty when the server does not ask for one
 * @param maxPoolSize the most connections the pool opens (at least 1)
 * @param schema      the schema every connection and migration uses; null for the server default
 *                    ({@code public}). Tests use a private one per run.
 * @param statementTimeout the longest one statement of a request may run, waiting for locks included, before
 *                    PostgreSQL cancels it (at least 1 ms); migrations are not bound by it
 */
public record PostgresConfig(String jdbcUrl, String user, String password, int maxPoolSize, String schema,
                             Duration statementTimeout) {

    /** Default of {@link #statementTimeout}: far above any statement of a request, far below a client's patience. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(5);

    private static final String URL_PREFIX = "jdbc:postgresql:";
    // A plain lowercase identifier: safe to use unquoted in SQL and identical after PostgreSQL folds case.
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    // password=, sslpassword=… up to the next parameter
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(password=)[^&;]*");
    // jdbc:postgresql://user:secret@host — the driver does not read credentials there (it takes "secret@host" for a
    // port and logs it), so such a URL is refused; still masked wherever one is shown.
    private static final Pattern USER_INFO = Pattern.compile("(jdbc:postgresql://)[^/?#\\s]*@");

    public PostgresConfig {
        List<String> problems = new ArrayList<>();
        if (jdbcUrl == null || !jdbcUrl.startsWith(URL_PREFIX)) {
            problems.add("jdbcUrl must be a PostgreSQL JDBC URL such as jdbc:postgresql://127.0.0.1:5432/taleweaver"
                    + " (got " + (jdbcUrl == null ? "nothing" : "\"" + redact(jdbcUrl) + "\"") + ")");
        } else if (USER_INFO.matcher(jdbcUrl).find()) {
            problems.add("jdbcUrl must not carry credentials before the host (user:password@): the PostgreSQL"
                    + " driver does not read them there; set the user and password settings instead (got \""
                    + redact(jdbcUrl) + "\")");
        } else if (!driverAccepts(jdbcUrl)) {
            problems.add("jdbcUrl is not a URL the PostgreSQL driver accepts, e.g. a port that is not a number"
                    + " (got \"" + redact(jdbcUrl) + "\")");
        }
        if (user == null || user.isBlank()) {
            problems.add("user is required (the PostgreSQL role to log in as)");
        }
        if (maxPoolSize < 1) {
            problems.add("maxPoolSize must be at least 1 (got " + maxPoolSize + ")");
        }
        if (statementTimeout == null || statementTimeout.toMillis() < 1
                || statementTimeout.toMillis() > Integer.MAX_VALUE) {
            problems.add("statementTimeout must be from 1 ms to 24 days (got " + statementTimeout + ")");
        }
        if (schema != null && !SCHEMA_NAME.matcher(schema).matches()) {
            problems.add("schema must be null (server default) or a lowercase identifier of letters, digits and"
                    + " underscores, at most 63 characters, not starting with a digit (got \"" + schema + "\")");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid PostgreSQL settings: " + String.join("; ", problems));
        }
    }

    /** With the {@link #DEFAULT_STATEMENT_TIMEOUT default statement timeout}. */
    public PostgresConfig(String jdbcUrl, String user, String password, int maxPoolSize, String schema) {
        this(jdbcUrl, user, password, maxPoolSize, schema, DEFAULT_STATEMENT_TIMEOUT);
    }

    /** The same settings on another schema. */
    public PostgresConfig withSchema(String otherSchema) {
        return new PostgresConfig(jdbcUrl, user, password, maxPoolSize, otherSchema, statementTimeout);
    }

    /** The same settings with another statement timeout. */
    public PostgresConfig withStatementTimeout(Duration timeout) {
        return new PostgresConfig(jdbcUrl, user, password, maxPoolSize, schema, timeout);
    }

    /** The URL with credentials (user-info, any {@code password=} parameter) masked, fit for logs and errors. */
    public String redactedUrl() {
        return redact(jdbcUrl);
    }

    /** Never shows the password, not even one embedded in the URL. */
    @Override
    public String toString() {
        return "PostgresConfig[jdbcUrl=" + redactedUrl()
                + ", user=" + user
                + ", password=" + (password == null || password.isEmpty() ? "(none)" : "(set)")
                + ", maxPoolSize=" + maxPoolSize
                + ", schema=" + (schema == null ? "(server default)" : schema)
                + ", statementTimeout=" + statementTimeout + "]";
    }

    /**
     * {@code text} (a URL, or a message quoting one) with credentials masked: user-info before the host and every
     * {@code …password=} value.
     */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String withoutUserInfo = USER_INFO.matcher(text).replaceAll("$1***@");
        return PASSWORD_IN_URL.matcher(withoutUserInfo).replaceAll("$1***");
    }

    private static boolean driverAccepts(String url) {
        try {
            return org.postgresql.Driver.parseURL(url, null) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
