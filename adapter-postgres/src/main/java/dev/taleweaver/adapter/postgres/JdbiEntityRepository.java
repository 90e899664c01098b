package dev.taleweaver.adapter.postgres;

import dev.taleweaver.application.port.in.StorageUnavailableException;
import dev.taleweaver.application.port.in.WriteOutcomeUnknownException;
import dev.taleweaver.application.port.out.EntityRepository;
import dev.taleweaver.application.port.out.Updated;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.paging.Listing;
import dev.taleweaver.domain.paging.Page;
import dev.taleweaver.domain.paging.PageRequest;
import dev.taleweaver.domain.paging.Position;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.Update;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The repository operations of docs/caching.md for any aggregate stored in one {@link EntityTable}. A subclass says how
 * to bind an entity and how to read a row; this class owns the SQL, the transactions and the error mapping.
 *
 * <p>Updates and deletes lock the row ({@code SELECT … FOR UPDATE}) before reading the state they return and
 * hand it to the caller's change or check in the same transaction, so the "before" they report is exactly what
 * they replaced, even under concurrent writers. Whatever the change or check throws rolls the transaction back
 * and propagates unchanged (only failures carrying an {@link java.sql.SQLException} are translated).
 */
abstract class JdbiEntityRepository<I, E, R> implements EntityRepository<I, E, R> {
    private final Jdbi jdbi;
    private final EntityTable table;
    private final String entityName;
    // SQL built once: the statements never change for a table
    private final String listAllSql;
    private final String byIdSql;
    private final String byIdsSql;
    private final String lockByIdSql;
    private final String insertSql;
    private final String updateSql;
    private final String deleteSql;

    protected JdbiEntityRepository(Jdbi jdbi, EntityTable table, String entityName) {
        this.jdbi = jdbi;
        this.table = table;
        this.entityName = entityName;
        this.listAllSql = table.select() + table.orderOfLists();
        this.byIdSql = table.select() + " WHERE " + table.alias() + ".id = :id";
        this.byIdsSql = table.select() + " WHERE " + table.alias() + ".id = ANY(:ids)";
        this.lockByIdSql = byIdSql + " FOR UPDATE OF " + table.alias();
        this.insertSql = table.insert();
        this.updateSql = table.update();
        this.deleteSql = table.delete();
    }

    /** The key of an id. */
    protected abstract UUID key(I id);

    @Override
    public abstract I idOf(E entity);

    /**
     * Runs in the writing transaction just before an entity is inserted or updated; may throw to refuse the write.
     * Nothing by default.
     *
     * @param action what is being done, e.g. "save story {id}", to start a refusal's message
     */
    protected void beforeWrite(Handle h, E entity, String action) {
    }

    /** Binds every column of {@link EntityTable#columns()} under its own name. */
    protected abstract void bind(Update statement, E entity);

    /** Where a value sits in every list (its created_at and id). */
    protected abstract Position positionOf(R value);

    /**
     * The conditions that select a listing's members: column (of this table, a constant) to the value it must equal,
     * none for every row. A subclass that keeps more listings adds them.
     *
     * @throws IllegalArgumentException for a listing this table does not keep
     */
    protected Map<String, Object> conditions(Listing listing) {
        if (listing instanceof Listing.All) {
            return Map.of();
        }
        if (listing instanceof Listing.InLanguage inLanguage) {
            return Map.of("language", inLanguage.language().code());
        }
        throw new IllegalArgumentException(entityName + " keeps no list " + listing.name());
    }

    /** Reads the row the current position of {@code rs} points at. */
    protected abstract R read(ResultSet rs) throws SQLException;

    @Override
    public Optional<R> findById(I id) {
        return PostgresErrors.translate("read " + entityName,
                () -> jdbi.withHandle(h -> selectById(h, key(id), false)));
    }

    @Override
    public List<R> listAll() {
        return PostgresErrors.translate("read " + entityName, () -> jdbi.withHandle(h ->
                h.createQuery(listAllSql).map((rs, ctx) -> read(rs)).list()));
    }

    @Override
    public List<R> findByLanguage(Language language) {
        return listWhere("language", language.code());
    }

    /** Keyset paging: {@code (created_at, id) > after}, in list order, one row more than asked to see if more follow. */
    @Override
    public Page<R> page(Listing listing, PageRequest request) {
        Map<String, Object> where = new LinkedHashMap<>(conditions(listing));
        List<String> clauses = clauses(where);
        request.after().ifPresent(after ->
                clauses.add("(" + table.alias() + ".created_at, " + table.alias() + ".id) > (:after_created, :after_id)"));
        String sql = table.select() + whereOf(clauses) + table.orderOfLists() + " LIMIT :limit";
        List<R> rows = PostgresErrors.translate("read " + entityName, () -> jdbi.withHandle(h -> {
            Query query = h.createQuery(sql).bind("limit", request.limit() + 1);
            where.forEach(query::bind);
            request.after().ifPresent(after -> query
                    .bind("after_created", OffsetDateTime.ofInstant(after.createdAt(), ZoneOffset.UTC))
                    .bind("after_id", after.id()));
            return query.map((rs, ctx) -> read(rs)).list();
        }));
        if (rows.size() <= request.limit()) {
            return new Page<>(rows, Optional.empty());
        }
        List<R> items = rows.subList(0, request.limit());
        return new Page<>(items, Optional.of(positionOf(items.get(items.size() - 1))));
    }

    @Override
    public List<Position> members(Listing listing) {
        Map<String, Object> where = conditions(listing);
        String alias = table.alias();
        String sql = "SELECT " + alias + ".id, " + alias + ".created_at FROM " + table.name() + " " + alias
                + whereOf(clauses(where)) + table.orderOfLists() + " LIMIT " + (MAX_CACHED_MEMBERS + 1);
        return PostgresErrors.translate("read " + entityName, () -> jdbi.withHandle(h -> {
            Query query = h.createQuery(sql);
            where.forEach(query::bind);
            return query.map((rs, ctx) -> new Position(Rows.instant(rs, "created_at"), Rows.uuid(rs, "id"))).list();
        }));
    }

    @Override
    public List<R> findAllById(Collection<I> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<UUID> keys = ids.stream().map(this::key).distinct().toList();
        return PostgresErrors.translate("read " + entityName, () -> jdbi.withHandle(h ->
                h.createQuery(byIdsSql).bindArray("ids", UUID.class, keys).map((rs, ctx) -> read(rs)).list()));
    }

    private List<String> clauses(Map<String, Object> where) {
        List<String> clauses = new ArrayList<>();
        where.keySet().forEach(column -> clauses.add(table.alias() + "." + column + " = :" + column));
        return clauses;
    }

    private static String whereOf(List<String> clauses) {
        return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
    }

    @Override
    public R save(E entity) {
        String action = "save " + entityName + " " + idOf(entity);
        return committed(action, h -> {
            beforeWrite(h, entity, action);
            write(h, insertSql, entity);
            return selectById(h, key(idOf(entity)), false).orElseThrow();
        }, saved -> new Written(null, saved));
    }

    @Override
    public Optional<Updated<R>> update(I id, Function<? super R, ? extends E> change) {
        UUID key = key(id);
        String action = "update " + entityName + " " + key;
        return committed(action, h -> {
            Optional<R> before = selectById(h, key, true);
            if (before.isEmpty()) {
                return Optional.empty();
            }
            E entity = change.apply(before.get());
            if (!id.equals(idOf(entity))) {
                throw new IllegalArgumentException("a change must keep the id " + id + ", not " + idOf(entity));
            }
            beforeWrite(h, entity, action);
            write(h, updateSql, entity);
            R after = selectById(h, key, false).orElseThrow();
            return Optional.of(new Updated<>(before.get(), after));
        }, updated -> updated.map(u -> new Written(u.before(), u.after())).orElse(null));
    }

    @Override
    public Optional<R> delete(I id, Consumer<? super R> check) {
        UUID key = key(id);
        return committed("delete " + entityName + " " + key, h -> {
            Optional<R> before = selectById(h, key, true);
            before.ifPresent(locked -> {
                check.accept(locked);
                h.createUpdate(deleteSql).bind("id", key).execute();
            });
            return before;
        }, removed -> removed.map(r -> new Written(r, null)).orElse(null));
    }

    /** What a write replaced ({@code before}, null for a creation) and left ({@code after}, null for a deletion). */
    private record Written(Object before, Object after) {
    }

    /**
     * Runs {@code work} in one transaction. When its work was done but the commit's answer never came (the
     * connection broke: it may have committed), the failure is a {@link WriteOutcomeUnknownException} carrying the
     * states {@code written} names (null when the work wrote nothing), so that a cache in front can invalidate them;
     * any other failure is translated as usual.
     */
    private <T> T committed(String action, HandleCallback<T, RuntimeException> work, Function<T, Written> written) {
        AtomicReference<T> done = new AtomicReference<>();
        try {
            return PostgresErrors.translate(action, () -> jdbi.inTransaction(h -> {
                T result = work.withHandle(h);
                done.set(result);
                return result;
            }));
        } catch (StorageUnavailableException e) {
            Written states = done.get() == null ? null : written.apply(done.get());
            if (states == null) {
                throw e;
            }
            throw new WriteOutcomeUnknownException(action + " may have committed: " + e.getMessage(), e,
                    states.before(), states.after());
        }
    }

    /** Rows whose {@code column} (of this table, a constant of the subclass) equals {@code value}, oldest first. */
    protected List<R> listWhere(String column, Object value) {
        String alias = table.alias();
        return PostgresErrors.translate("read " + entityName, () -> jdbi.withHandle(h ->
                h.createQuery(table.select() + " WHERE " + alias + "." + column + " = :value" + table.orderOfLists())
                        .bind("value", value)
                        .map((rs, ctx) -> read(rs))
                        .list()));
    }

    /** Whether any row has {@code column} (a constant of the subclass) equal to {@code value}. */
    protected boolean existsWhere(String column, Object value) {
        return PostgresErrors.translate("read " + entityName, () -> jdbi.withHandle(h ->
                h.createQuery("SELECT EXISTS (SELECT 1 FROM " + table.name() + " WHERE " + column + " = :value)")
                        .bind("value", value)
                        .mapTo(Boolean.class)
                        .one()));
    }

    private Optional<R> selectById(Handle h, UUID key, boolean lock) {
        return h.createQuery(lock ? lockByIdSql : byIdSql).bind("id", key).map((rs, ctx) -> read(rs)).findOne();
    }

    private void write(Handle h, String sql, E entity) {
        Update statement = h.createUpdate(sql)
                // UPDATE leaves created_at alone, yet the binder binds every column
                .configure(SqlStatements.class, s -> s.setUnusedBindingAllowed(true));
        bind(statement, entity);
        statement.execute();
    }
}
