package dev.taleweaver.application.port.out;

import dev.taleweaver.domain.common.Language;

import java.util.List;
import java.util.Optional;

/**
 * The spec's repository operations, shared by every aggregate so one cache decorator serves them all.
 *
 * @param <I> the id type
 * @param <E> the entity written
 * @param <R> what reads return (the entity itself, or a view of it)
 */
public interface EntityRepository<I, E, R> {

    Optional<R> findById(I id);

    /** Every entity, oldest first (created_at, then id). */
    List<R> listAll();

    /** Entities in one language, oldest first (created_at, then id). */
    List<R> findByLanguage(Language language);

    /** Inserts a new entity and returns it as stored. */
    R save(E entity);

    /**
     * Replaces the stored entity with the same id, atomically returning what was there before and what is
     * there now (a cache must invalidate the keys of both); empty when there is none.
     */
    Optional<Updated<R>> update(E entity);

    /** Removes the entity, returning what was removed; empty when there was none. */
    Optional<R> delete(I id);
}
