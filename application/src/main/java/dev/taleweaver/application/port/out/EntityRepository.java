package dev.taleweaver.application.port.out;

import dev.taleweaver.application.port.in.ValueOrJson;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.paging.Listing;
import dev.taleweaver.domain.paging.Page;
import dev.taleweaver.domain.paging.PageRequest;
import dev.taleweaver.domain.paging.Position;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The repository operations of docs/caching.md, shared by every aggregate so one cache decorator serves them all.
 *
 * <p><b>Writes are read-modify-writes on the locked row.</b> {@link #update(Object, Function)} and
 * {@link #delete(Object, Consumer)} run inside one transaction that first locks the stored row
 * ({@code SELECT … FOR UPDATE}) and hands its state to the caller's function, so whatever the caller derives from
 * it (timestamps per ADR 4, an If-Match precondition) is judged against the row as it is while nobody else can
 * change it. A write never reads through a cache: the locked row is the only "before" it sees.
 *
 * @param <I> the id type
 * @param <E> the entity written
 * @param <R> what reads return (the entity itself, or a view of it)
 */
public interface EntityRepository<I, E, R> {

    Optional<R> findById(I id);

    /**
     * {@link #findById}, or the entity's canonical JSON where a cache holds it and serves hits as bytes (ADR 13): the
     * exact bytes the API writes for the value {@link #findById} would return. By default, always the value.
     */
    default Optional<ValueOrJson<R>> findValueOrJsonById(I id) {
        return findById(id).map(ValueOrJson::value);
    }

    /**
     * {@link #findValueOrJsonById} answered from memory alone, without waiting for anything (no database, no cache
     * round trip, no lock): the entity when this instance holds it and may answer it now, else null — "not held", not
     * "not found"; the caller then asks {@link #findValueOrJsonById} on a thread that may wait (ADR 22). By default,
     * null.
     */
    default ValueOrJson<R> heldValueOrJson(I id) {
        return null;
    }

    /** Every entity, oldest first (created_at, then id). */
    List<R> listAll();

    /** Entities in one language, oldest first (created_at, then id). */
    List<R> findByLanguage(Language language);

    /**
     * One page of a list, in list order (created_at, then id): at most {@code request.limit()} members after
     * {@code request.after()}, and the position to continue from when more may follow. The work is bounded by the
     * limit, not by the list's length.
     *
     * @throws IllegalArgumentException when this repository keeps no such list (a story listing given to heroes)
     */
    Page<R> page(Listing listing, PageRequest request);

    /**
     * {@link #page} answered from memory alone, as {@link #heldValueOrJson}: the very page {@link #page} would answer
     * when this instance holds the list and every member of the page and may answer them now, else null (ADR 22).
     */
    default Page<R> heldPage(Listing listing, PageRequest request) {
        return null;
    }

    /**
     * The most members a list may have to be kept as one cached id list (docs/caching.md, ADR 11); a longer list is
     * paged straight from the database. It bounds the rows, memory and decoding one list read may cost.
     */
    int MAX_CACHED_MEMBERS = 20_000;

    /**
     * The positions of the members of a list, in list order: what a cached collection holds (docs/caching.md). At
     * most {@link #MAX_CACHED_MEMBERS} + 1, the first ones: one more than the bound says the list is too long to be
     * kept as one id list.
     */
    List<Position> members(Listing listing);

    /** The entities with these ids that exist, in no particular order, in one query. */
    List<R> findAllById(Collection<I> ids);

    /** Inserts a new entity and returns it as stored. */
    R save(E entity);

    /** The id an entity is stored under. */
    I idOf(E entity);

    /**
     * Replaces the stored entity with id {@code id} by {@code change(locked)}, where {@code locked} is the stored
     * state read under a row lock in the writing transaction; returns the state before and after (a cache must
     * invalidate the keys of both), read atomically with the write. Empty, without calling {@code change}, when no
     * entity has that id.
     *
     * <p>{@code change} runs inside the transaction and must not call this repository. It may throw: the
     * transaction is rolled back, nothing is written, and the exception propagates to the caller unchanged (a
     * {@code ValidationException}, a failed precondition…). The entity it returns must carry {@code id}.
     */
    Optional<Updated<R>> update(I id, Function<? super R, ? extends E> change);

    /**
     * Removes the entity after {@code check} accepted the stored state, read under a row lock in the deleting
     * transaction; returns what was removed, or empty (without calling {@code check}) when there was none.
     * {@code check} may throw: nothing is deleted and the exception propagates to the caller unchanged.
     */
    Optional<R> delete(I id, Consumer<? super R> check);

    /** Replaces the stored entity with the same id, whatever it holds now: {@link #update(Object, Function)}. */
    default Optional<Updated<R>> update(E entity) {
        return update(idOf(entity), locked -> entity);
    }

    /** Removes the entity unconditionally: {@link #delete(Object, Consumer)} with no check. */
    default Optional<R> delete(I id) {
        return delete(id, locked -> { });
    }
}
