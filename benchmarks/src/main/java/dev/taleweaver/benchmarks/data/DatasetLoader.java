package dev.taleweaver.benchmarks.data;

import dev.taleweaver.adapter.postgres.PostgresDatabase;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.story.Rating;
import dev.taleweaver.domain.story.Story;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Puts a {@link Dataset} into the benchmark's private schema with {@code COPY … FROM STDIN} (three streams, not
 * thousands of round trips), after the service's own migrations. A schema that already holds the same dataset (its
 * marker names it and its tables hold its row counts) is reused as it is, so the many JMH trials of one run load it
 * once.
 */
public final class DatasetLoader {
    private static final Logger log = LoggerFactory.getLogger(DatasetLoader.class);
    private static final String MARKER_TABLE = "bench_dataset";

    private final PostgresDatabase database;
    private final String schema;

    /** @param database a database whose config names the private schema */
    public DatasetLoader(PostgresDatabase database) {
        this.database = database;
        this.schema = database.config().schema();
        if (schema == null || !schema.startsWith("tw_")) {
            throw new IllegalArgumentException("the dataset loader only works on a private tw_… schema, got " + schema);
        }
    }

    /**
     * Loads {@code dataset} unless the schema already holds it: its marker names the dataset and its tables hold the
     * dataset's number of heroes, children and stories (a marker alone once stood over empty tables, left by a run
     * killed during its cleanup, and the next Gatling run met a service holding 0 heroes).
     */
    public void ensure(Dataset dataset) {
        Optional<String> loaded = loadedFingerprint();
        if (loaded.filter(dataset.fingerprint()::equals).isPresent()) {
            Optional<String> missing = missingRows(dataset);
            if (missing.isEmpty()) {
                log.info("Schema {} already holds dataset {}; reusing it", schema, dataset.fingerprint());
                return;
            }
            log.warn("Schema {} is marked as holding dataset {} but {}; reloading it", schema,
                    dataset.fingerprint(), missing.get());
        }
        long started = System.nanoTime();
        dropSchema();
        database.migrate();
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                // a bulk load of a large dataset may outrun the pool's statement timeout; this transaction only
                statement.execute("SET LOCAL statement_timeout = 0");
            }
            copy(connection, "heroes (id, name, age, gender, appearance, personality_traits, interests, strengths,"
                    + " language, created_at, updated_at)", dataset.heroes(), DatasetLoader::heroRow);
            copy(connection, "children (id, name, age, gender, interests, language, created_at, updated_at)",
                    dataset.children(), DatasetLoader::childRow);
            copy(connection, "stories (id, title, content, child_id, hero_id, language, rating, created_at,"
                    + " updated_at)", dataset.stories(), DatasetLoader::storyRow);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE " + MARKER_TABLE + " (fingerprint text NOT NULL)");
                statement.execute("ANALYZE heroes; ANALYZE children; ANALYZE stories");
            }
            try (PreparedStatement marker = connection.prepareStatement(
                    "INSERT INTO " + MARKER_TABLE + " (fingerprint) VALUES (?)")) {
                marker.setString(1, dataset.fingerprint());
                marker.executeUpdate();
            }
            connection.commit();
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("loading the benchmark dataset into schema " + schema + " failed: "
                    + e.getMessage(), e);
        }
        log.info("Loaded dataset {} into schema {} in {} ms", dataset.fingerprint(), schema,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Drops the private schema and everything in it. */
    public void dropSchema() {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            // the name passed PostgresConfig's lowercase-identifier rule and starts with tw_: safe unquoted
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("dropping schema " + schema + " failed: " + e.getMessage(), e);
        }
    }

    private Optional<String> loadedFingerprint() {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT fingerprint FROM " + schema + "." + MARKER_TABLE)) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            return Optional.empty(); // no schema or no marker yet: load
        }
    }

    /**
     * Empty when the schema's tables hold as many rows as {@code dataset}; else what differs, e.g. "holds 0 of
     * 10000 heroes".
     */
    private Optional<String> missingRows(Dataset dataset) {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT (SELECT count(*) FROM " + schema + ".heroes), (SELECT"
                     + " count(*) FROM " + schema + ".children), (SELECT count(*) FROM " + schema + ".stories)")) {
            rs.next();
            long[] held = {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
            int[] wanted = {dataset.heroes().size(), dataset.children().size(), dataset.stories().size()};
            String[] names = {"heroes", "children", "stories"};
            List<String> differences = new ArrayList<>();
            for (int i = 0; i < names.length; i++) {
                if (held[i] != wanted[i]) {
                    differences.add(held[i] + " of " + wanted[i] + " " + names[i]);
                }
            }
            return differences.isEmpty() ? Optional.empty()
                    : Optional.of("holds " + String.join(", ", differences));
        } catch (SQLException e) {
            return Optional.of("its tables cannot be counted (" + e.getMessage() + ")"); // a table is missing: load
        }
    }

    private static <T> void copy(Connection connection, String target, List<T> rows, Function<T, String> csv)
            throws SQLException, IOException {
        StringBuilder text = new StringBuilder(rows.size() * 512);
        for (T row : rows) {
            text.append(csv.apply(row)).append('\n');
        }
        connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + target + " FROM STDIN WITH (FORMAT csv)", new StringReader(text.toString()));
    }

    private static String heroRow(Hero h) {
        return Csv.row(h.id(), h.name(), h.age(), h.gender().wireName(), h.appearance(),
                Csv.array(h.personalityTraits()), Csv.array(h.interests()), Csv.array(h.strengths()),
                h.language().code(), h.createdAt(), h.updatedAt());
    }

    private static String childRow(Child c) {
        return Csv.row(c.id(), c.name(), c.age(), c.gender().wireName(), Csv.array(c.interests()),
                c.language().code(), c.createdAt(), c.updatedAt());
    }

    private static String storyRow(Story s) {
        return Csv.row(s.id(), s.title(), s.content(), s.childId(), s.heroId(), s.language().code(),
                s.rating().map(Rating::stars).map(String::valueOf).orElse(null), s.createdAt(), s.updatedAt());
    }

    /** CSV as PostgreSQL's COPY reads it: every value quoted, an absent one as an unquoted empty field (NULL). */
    static final class Csv {
        private Csv() {
        }

        static String row(Object... values) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    line.append(',');
                }
                if (values[i] != null) {
                    line.append(quoted(values[i].toString()));
                }
            }
            return line.toString();
        }

        /** A {@code text[]} literal: {@code {"a","b \"c\""}}. */
        static String array(List<String> items) {
            StringBuilder literal = new StringBuilder("{");
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    literal.append(',');
                }
                literal.append('"').append(items.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
            return literal.append('}').toString();
        }

        private static String quoted(String value) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
    }
}
