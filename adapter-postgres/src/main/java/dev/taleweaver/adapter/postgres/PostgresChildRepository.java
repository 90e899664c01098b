package dev.taleweaver.adapter.postgres;

import dev.taleweaver.application.port.out.ChildRepository;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.paging.Position;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/** Children in the {@code children} table. */
public final class PostgresChildRepository extends JdbiEntityRepository<ChildId, Child, Child>
        implements ChildRepository {
    static final EntityTable TABLE = EntityTable.plain("children", "c", List.of(
            "id", "name", "age", "gender", "interests", "language", "created_at", "updated_at"));

    /** @param jdbi the one {@link PostgresDatabase#jdbi()} gives */
    public PostgresChildRepository(Jdbi jdbi) {
        super(jdbi, TABLE, "child");
    }

    @Override
    protected UUID key(ChildId id) {
        return id.value();
    }

    @Override
    public ChildId idOf(Child child) {
        return child.id();
    }

    @Override
    protected void bind(Update statement, Child child) {
        statement.bind("id", child.id().value())
                .bind("name", child.name())
                .bind("age", child.age());
        Rows.bindGender(statement, child.gender());
        Rows.bindTexts(statement, "interests", child.interests());
        Rows.bindLanguage(statement, child.language());
        Rows.bindTimestamps(statement, child.createdAt(), child.updatedAt());
    }

    @Override
    protected Child read(ResultSet rs) throws SQLException {
        return new Child(
                new ChildId(Rows.uuid(rs, "id")),
                rs.getString("name"),
                rs.getInt("age"),
                Rows.gender(rs),
                Rows.texts(rs, "interests"),
                Rows.language(rs),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }

    @Override
    protected Position positionOf(Child child) {
        return new Position(child.createdAt(), child.id().value());
    }
}
