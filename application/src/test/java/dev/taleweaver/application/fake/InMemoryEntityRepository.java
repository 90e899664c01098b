package dev.taleweaver.application.fake;

import dev.taleweaver.application.port.out.EntityRepository;
import dev.taleweaver.application.port.out.Updated;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.paging.Listing;
import dev.taleweaver.domain.paging.Page;
import dev.taleweaver.domain.paging.PageRequest;
import dev.taleweaver.domain.paging.Position;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
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

    @Override
    public Page<R> page(Listing listing, PageRequest request) {
        List<E> members = rows.values().stream()
                .filter(e -> inListing(e, listing))
                .filter(e -> request.after().map(after -> positionOf(e).compareTo(after) > 0).orElse(true))
                .sorted(Comparator.comparing(this::positionOf))
                .limit(request.limit() + 1L)
                .toList();
        boolean more = members.size() > request.limit();
        List<E> items = more ? members.subList(0, request.limit()) : members;
        return new Page<>(items.stream().map(this::view).toList(),
                more ? java.util.Optional.of(positionOf(items.get(items.size() - 1))) : java.util.Optional.empty());
    }

    @Override
    public List<Position> members(Listing listing) {
        return rows.values().stream().filter(e -> inListing(e, listing)).map(this::positionOf).sorted()
                .limit(MAX_CACHED_MEMBERS + 1L).toList();
    }

    @Override
    public List<R> findAllById(Collection<I> ids) {
        return ids.stream().distinct().map(rows::get).filter(java.util.Objects::nonNull).map(this::view).toList();
    }

    /** Whether an entity is a member of a list; a subclass knows more listings. */
    protected boolean inListing(E entity, Listing listing) {
        if (listing instanceof Listing.All) {
            return true;
        }
        if (listing instanceof Listing.InLanguage inLanguage) {
            return languageOf(entity).equals(inLanguage.language());
        }
        throw new IllegalArgumentException("no such list here: " + listing);
    }

    private Position positionOf(E entity) {
        return new Position(createdAtOf(entity), UUID.fromString(idOf(entity).toString()));
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
