package dev.taleweaver.application.fake;

import dev.taleweaver.application.port.out.EntityRepository;
import dev.taleweaver.application.port.out.Updated;
import dev.taleweaver.domain.common.Language;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/** An in-memory repository with the same contract as the real ones; the subject of the contract tests' first run. */
public abstract class InMemoryEntityRepository<I, E, R> implements EntityRepository<I, E, R> {
    protected final Map<I, E> rows = new ConcurrentHashMap<>();

    @Override
    public abstract I idOf(E entity);

    protected abstract Language languageOf(E entity);

    protected abstract Instant createdAtOf(E entity);

    protected abstract R view(E entity);

    @Override
    public Optional<R> findById(I id) {
        return Optional.ofNullable(rows.get(id)).map(this::view);
    }

    @Override
    public List<R> listAll() {
        return select(e -> true);
    }

    @Override
    public List<R> findByLanguage(Language language) {
        return select(e -> languageOf(e).equals(language));
    }

    protected List<R> select(Predicate<E> filter) {
        return rows.values().stream()
                .filter(filter)
                .sorted(Comparator.comparing((Function<E, Instant>) this::createdAtOf)
                        .thenComparing(e -> idOf(e).toString()))
                .map(this::view)
                .toList();
    }

    @Override
    public synchronized R save(E entity) {
        beforeWrite(entity);
        if (rows.putIfAbsent(idOf(entity), entity) != null) {
            throw new IllegalStateException("duplicate id " + idOf(entity));
        }
        return view(entity);
    }

    /** Runs before an entity is stored; may throw to refuse it. Nothing by default. */
    protected void beforeWrite(E entity) {
    }

    @Override
    public synchronized Optional<Updated<R>> update(I id, Function<? super R, ? extends E> change) {
        E old = rows.get(id);
        if (old == null) {
            return Optional.empty();
        }
        R before = view(old);
        E entity = change.apply(before);
        if (!id.equals(idOf(entity))) {
            throw new IllegalArgumentException("a change must keep the id " + id);
        }
        beforeWrite(entity);
        rows.put(id, entity);
        return Optional.of(new Updated<>(before, view(entity)));
    }

    @Override
    public synchronized Optional<R> delete(I id, Consumer<? super R> check) {
        E old = rows.get(id);
        if (old == null) {
            return Optional.empty();
        }
        R before = view(old);
        check.accept(before);
        rows.remove(id);
        return Optional.of(before);
    }
}
