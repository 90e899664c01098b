package dev.taleweaver.adapter.postgres;

import dev.taleweaver.application.port.out.EntityRepository;
import dev.taleweaver.application.port.out.Updated;
import dev.taleweaver.domain.common.Language;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.Update;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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

    @Override
    public R save(E entity) {
        String action = "save " + entityName + " " + idOf(entity);
        return PostgresErrors.translate(action, () -> jdbi.inTransaction(h -> {
            beforeWrite(h, entity, action);
            write(h, insertSql, entity);
            return selectById(h, key(idOf(entity)), false).orElseThrow();
        }));
    }

    @Override
    public Optional<Updated<R>> update(I id, Function<? super R, ? extends E> change) {
        UUID key = key(id);
        String action = "update " + entityName + " " + key;
        return PostgresErrors.translate(action, () -> jdbi.inTransaction(h -> {
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
        }));
    }

    @Override
    public Optional<R> delete(I id, Consumer<? super R> check) {
        UUID key = key(id);
        return PostgresErrors.translate("delete " + entityName + " " + key, () -> jdbi.inTransaction(h -> {
            Optional<R> before = selectById(h, key, true);
            before.ifPresent(locked -> {
                check.accept(locked);
                h.createUpdate(deleteSql).bind("id", key).execute();
            });
            return before;
        }));
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
