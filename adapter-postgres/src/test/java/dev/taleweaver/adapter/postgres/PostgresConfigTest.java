package dev.taleweaver.adapter.postgres;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresConfigTest {
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/taleweaver";

    @Test
    void acceptsTheUsualSettings() {
        PostgresConfig config = new PostgresConfig(URL, "taleweaver", "s3cret", 10, "tw_test_abc");
        assertThat(config.schema()).isEqualTo("tw_test_abc");
        assertThat(new PostgresConfig(URL, "taleweaver", null, 1, null).schema()).isNull();
        assertThat(new PostgresConfig(URL, "taleweaver", "", 1, null).password()).isEmpty();
    }

    @Test
    void toStringNeverShowsThePassword() {
        String text = new PostgresConfig(URL + "?password=hunter2&ssl=false", "taleweaver", "s3cret", 10, null)
                .toString();
        assertThat(text).doesNotContain("s3cret").doesNotContain("hunter2")
                .contains("taleweaver").contains("password=(set)").contains("ssl=false");
        assertThat(new PostgresConfig(URL, "taleweaver", null, 10, null).toString()).contains("password=(none)");
    }

    @Test
    void namesEveryBrokenSettingAtOnce() {
        assertThatThrownBy(() -> new PostgresConfig("mysql://db", " ", "pw", 0, "Robert'); DROP TABLE heroes;--"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbcUrl must be a PostgreSQL JDBC URL")
                .hasMessageContaining("user is required")
                .hasMessageContaining("maxPoolSize must be at least 1 (got 0)")
                .hasMessageContaining("schema must be null");
    }

    @Test
    void rejectsAMissingUrlWithoutEchoingAPassword() {
        assertThatThrownBy(() -> new PostgresConfig(null, "u", null, 1, null))
                .hasMessageContaining("got nothing");
        assertThatThrownBy(() -> new PostgresConfig("jdbc:mysql://h/db?password=hunter2", "u", null, 1, null))
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void refusesCredentialsBeforeTheHostWithoutEchoingThem() {
        for (String url : new String[] {"jdbc:postgresql://user:SECRET@host/db", "jdbc:postgresql://SECRET@host/db",
                "jdbc:postgresql://user:SE@CRET@host:5432/db?ssl=true"}) {
            assertThatThrownBy(() -> new PostgresConfig(url, "u", null, 1, null))
                    .hasMessageContaining("must not carry credentials before the host")
                    .hasMessageContaining("jdbc:postgresql://***@host")
                    .hasMessageNotContaining("SECRET").hasMessageNotContaining("CRET")
                    .hasMessageNotContaining("user:S");
        }
    }

    @Test
    void refusesAUrlTheDriverRejectsWithoutEchoingAPassword() {
        assertThatThrownBy(() -> new PostgresConfig("jdbc:postgresql://host:port/db?password=SECRET", "u", null, 1,
                null))
                .hasMessageContaining("not a URL the PostgreSQL driver accepts")
                .hasMessageNotContaining("SECRET");
    }

    @Test
    void redactsEveryCredentialInAUrlOrAMessageQuotingOne() {
        assertThat(PostgresConfig.redact("Driver claims to not accept jdbcUrl, jdbc:postgresql://u:SECRET@h/db"
                + "?sslpassword=SECRET2&password=SECRET3&ssl=true"))
                .isEqualTo("Driver claims to not accept jdbcUrl, jdbc:postgresql://***@h/db"
                        + "?sslpassword=***&password=***&ssl=true");
    }

    @Test
    void withSchemaKeepsTheRest() {
        PostgresConfig config = new PostgresConfig(URL, "u", "pw", 3, null).withSchema("other");
        assertThat(config).isEqualTo(new PostgresConfig(URL, "u", "pw", 3, "other"));
    }
}
