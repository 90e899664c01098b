package dev.taleweaver.adapter.postgres;

import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.domain.paging.Position;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/** Heroes in the {@code heroes} table. */
public final class PostgresHeroRepository extends JdbiEntityRepository<HeroId, Hero, Hero> implements HeroRepository {
    static final EntityTable TABLE = EntityTable.plain("heroes", "h", List.of(
            "id", "name", "age", "gender", "appearance", "personality_traits", "interests", "strengths", "language",
            "created_at", "updated_at"));

    /** @param jdbi the one {@link PostgresDatabase#jdbi()} gives */
    public PostgresHeroRepository(Jdbi jdbi) {
        super(jdbi, TABLE, "hero");
    }

    @Override
    protected UUID key(HeroId id) {
        return id.value();
    }

    @Override
    public HeroId idOf(Hero hero) {
        return hero.id();
    }

    @Override
    protected void bind(Update statement, Hero hero) {
        statement.bind("id", hero.id().value())
                .bind("name", hero.name())
                .bind("age", hero.age())
                .bind("appearance", hero.appearance());
        Rows.bindGender(statement, hero.gender());
        Rows.bindTexts(statement, "personality_traits", hero.personalityTraits());
        Rows.bindTexts(statement, "interests", hero.interests());
        Rows.bindTexts(statement, "strengths", hero.strengths());
        Rows.bindLanguage(statement, hero.language());
        Rows.bindTimestamps(statement, hero.createdAt(), hero.updatedAt());
    }

    @Override
    protected Hero read(ResultSet rs) throws SQLException {
        return new Hero(
                new HeroId(Rows.uuid(rs, "id")),
                rs.getString("name"),
                rs.getInt("age"),
                Rows.gender(rs),
                rs.getString("appearance"),
                Rows.texts(rs, "personality_traits"),
                Rows.texts(rs, "interests"),
                Rows.texts(rs, "strengths"),
                Rows.language(rs),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }

    @Override
    protected Position positionOf(Hero hero) {
        return new Position(hero.createdAt(), hero.id().value());
    }
}
