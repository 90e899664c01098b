package dev.taleweaver.application.port.in;

import dev.taleweaver.domain.common.Language;

import java.util.List;
import java.util.Optional;

/**
 * The use cases every aggregate offers to callers such as the HTTP adapter.
 *
 * @param <I> id type
 * @param <C> the command carrying client-set fields
 * @param <R> what callers get back
 */
public interface ManageEntities<I, C, R> {

    /** @throws EntityNotFoundException when there is no such entity */
    R get(I id);

    /** All entities, or only those in {@code language} when given. */
    List<R> list(Optional<Language> language);

    R create(C command);

    /** @throws EntityNotFoundException when there is no such entity */
    R replace(I id, C command);

    /**
     * @throws EntityNotFoundException when there is no such entity
     * @throws EntityConflictException when other entities still refer to it
     */
    void delete(I id);
}
