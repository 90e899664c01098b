package dev.taleweaver.adapter.postgres;

import dev.taleweaver.application.port.in.UnknownParticipantsException;
import dev.taleweaver.application.port.out.StoryRepository;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.domain.story.Rating;
import dev.taleweaver.domain.story.Story;
import dev.taleweaver.domain.story.StoryId;
import dev.taleweaver.domain.story.StoryView;
import dev.taleweaver.domain.paging.Listing;
import dev.taleweaver.domain.paging.Position;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Stories in the {@code stories} table. Every read joins the child's and the hero's current names in the same
 * query, so a list costs one round trip however long it is.
 */
public final class PostgresStoryRepository extends JdbiEntityRepository<StoryId, Story, StoryView>
        implements StoryRepository {
    static final EntityTable TABLE = new EntityTable("stories", "s",
            List.of("id", "title", "content", "child_id", "hero_id", "language", "rating", "created_at", "updated_at"),
            "c.name AS child_name, h.name AS hero_name",
            "JOIN children c ON c.id = s.child_id JOIN heroes h ON h.id = s.hero_id");

    /** Whether the child and the hero a story names exist; the foreign keys guard the rest of the transaction. */
    private static final String PARTICIPANTS_SQL = "SELECT EXISTS (SELECT 1 FROM children WHERE id = :child),"
            + " EXISTS (SELECT 1 FROM heroes WHERE id = :hero)";

    /** @param jdbi the one {@link PostgresDatabase#jdbi()} gives */
    public PostgresStoryRepository(Jdbi jdbi) {
        super(jdbi, TABLE, "story");
    }

    @Override
    public List<StoryView> findByChild(ChildId childId) {
        return listWhere("child_id", childId.value());
    }

    @Override
    public List<StoryView> findByHero(HeroId heroId) {
        return listWhere("hero_id", heroId.value());
    }

    /** A child's stories (in one language, if given) and a hero's stories, beside the lists every table keeps. */
    @Override
    protected Map<String, Object> conditions(Listing listing) {
        if (listing instanceof Listing.OfChild ofChild) {
            Map<String, Object> where = new LinkedHashMap<>();
            where.put("child_id", ofChild.child().value());
            ofChild.language().ifPresent(language -> where.put("language", language.code()));
            return where;
        }
        if (listing instanceof Listing.OfHero ofHero) {
            return Map.of("hero_id", ofHero.hero().value());
        }
        return super.conditions(listing);
    }

    @Override
    protected Position positionOf(StoryView view) {
        return new Position(view.story().createdAt(), view.id().value());
    }

    @Override
    public boolean existsForChild(ChildId childId) {
        return existsWhere("child_id", childId.value());
    }

    @Override
    public boolean existsForHero(HeroId heroId) {
        return existsWhere("hero_id", heroId.value());
    }

    @Override
    protected UUID key(StoryId id) {
        return id.value();
    }

    @Override
    public StoryId idOf(Story story) {
        return story.id();
    }

    /** Refuses a story whose child or hero does not exist, in the writing transaction (one query for both). */
    @Override
    protected void beforeWrite(Handle h, Story story, String action) {
        boolean[] exist = h.createQuery(PARTICIPANTS_SQL)
                .bind("child", story.childId().value())
                .bind("hero", story.heroId().value())
                .map((rs, ctx) -> new boolean[] {rs.getBoolean(1), rs.getBoolean(2)})
                .one();
        if (!exist[0] || !exist[1]) {
            throw new UnknownParticipantsException(action, !exist[0], !exist[1]);
        }
    }

    @Override
    protected void bind(Update statement, Story story) {
        statement.bind("id", story.id().value())
                .bind("title", story.title())
                .bind("content", story.content())
                .bind("child_id", story.childId().value())
                .bind("hero_id", story.heroId().value());
        story.rating().ifPresentOrElse(
                rating -> statement.bind("rating", (short) rating.stars()),
                () -> statement.bindNull("rating", Types.SMALLINT));
        Rows.bindLanguage(statement, story.language());
        Rows.bindTimestamps(statement, story.createdAt(), story.updatedAt());
    }

    @Override
    protected StoryView read(ResultSet rs) throws SQLException {
        short stars = rs.getShort("rating");
        Optional<Rating> rating = rs.wasNull() ? Optional.empty() : Optional.of(new Rating(stars));
        Story story = new Story(
                new StoryId(Rows.uuid(rs, "id")),
                rs.getString("title"),
                rs.getString("content"),
                new ChildId(Rows.uuid(rs, "child_id")),
                new HeroId(Rows.uuid(rs, "hero_id")),
                Rows.language(rs),
                rating,
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
        return new StoryView(story, rs.getString("child_name"), rs.getString("hero_name"));
    }
}
