package dev.taleweaver.adapter.postgres;

import dev.taleweaver.domain.common.Gender;
import dev.taleweaver.domain.common.Language;
import org.jdbi.v3.core.statement.Update;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Column conversions shared by the three repositories, in both directions. */
final class Rows {
    private Rows() {
    }

    static UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    static Language language(ResultSet rs) throws SQLException {
        return Language.of(rs.getString("language"));
    }

    static Gender gender(ResultSet rs) throws SQLException {
        return Gender.parse(rs.getString("gender"));
    }

    static List<String> texts(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        try {
            return List.of((String[]) array.getArray());
        } finally {
            array.free();
        }
    }

    static void bindLanguage(Update update, Language language) {
        update.bind("language", language.code());
    }

    static void bindGender(Update update, Gender gender) {
        update.bind("gender", gender.wireName());
    }

    static void bindTexts(Update update, String column, List<String> values) {
        update.bindArray(column, String.class, values);
    }

    /** Both timestamps, as UTC instants (timestamptz). */
    static void bindTimestamps(Update update, Instant createdAt, Instant updatedAt) {
        update.bind("created_at", OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC));
        update.bind("updated_at", OffsetDateTime.ofInstant(updatedAt, ZoneOffset.UTC));
    }
}
