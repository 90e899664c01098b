package dev.taleweaver.application.port.in;

import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.paging.Listing;
import dev.taleweaver.domain.paging.Page;
import dev.taleweaver.domain.paging.PageRequest;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

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

    /**
     * {@link #get}, or — where a cache holds the entity as its canonical JSON and the service is configured to serve
     * it so (ADR 13: the L1 is off) — those bytes, exactly what the API writes for the value {@link #get} returns.
     *
     * @throws EntityNotFoundException when there is no such entity
     */
    default ValueOrJson<R> getValueOrJson(I id) {
        return ValueOrJson.value(get(id));
    }

    /**
     * {@link #getValueOrJson} answered without waiting for anything (ADR 22), or null when answering needs a thread
     * that may wait: then {@link #getValueOrJson} answers. Never throws {@code EntityNotFoundException}: an entity
     * this instance does not hold is "not held".
     */
    default ValueOrJson<R> heldValueOrJson(I id) {
        return null;
    }

    /** All entities, or only those in {@code language} when given. */
    List<R> list(Optional<Language> language);

    /**
     * One page of a list, in creation order (then id); see {@link PageRequest} for the bound.
     *
     * @throws EntityNotFoundException when the listing names an entity that does not exist (a child's stories)
     */
    Page<R> page(Listing listing, PageRequest request);

    /** {@link #page} answered without waiting for anything (ADR 22), or null: then {@link #page} answers. */
    default Page<R> heldPage(Listing listing, PageRequest request) {
        return null;
    }

    R create(C command);

    /** @throws EntityNotFoundException when there is no such entity */
    default R replace(I id, C command) {
        return replace(id, command, current -> { });
    }

    /**
     * A conditional replace: {@code expected} is shown the stored state, locked for the write, and may throw (a
     * {@link PreconditionFailedException}) to write nothing; no other write can come between its judgement and the
     * replace.
     *
     * @throws EntityNotFoundException when there is no such entity ({@code expected} is then not asked)
     */
    R replace(I id, C command, Consumer<? super R> expected);

    /**
     * @throws EntityNotFoundException when there is no such entity
     * @throws EntityConflictException when other entities still refer to it
     */
    default void delete(I id) {
        delete(id, current -> { });
    }

    /**
     * A conditional delete: {@code expected} judges the stored state, locked for the delete, as for
     * {@link #replace(Object, Object, Consumer)}.
     *
     * @throws EntityNotFoundException when there is no such entity
     * @throws EntityConflictException when other entities still refer to it
     */
    void delete(I id, Consumer<? super R> expected);
}
