package dev.taleweaver.application.service;

import dev.taleweaver.application.port.in.EntityConflictException;
import dev.taleweaver.application.port.in.EntityNotFoundException;
import dev.taleweaver.application.port.in.ManageEntities;
import dev.taleweaver.application.port.in.ValueOrJson;
import dev.taleweaver.application.port.out.EntityRepository;
import dev.taleweaver.application.port.out.Updated;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.paging.Listing;
import dev.taleweaver.domain.paging.Page;
import dev.taleweaver.domain.paging.PageRequest;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The use cases of an aggregate that other aggregates refer to (heroes, children): one implementation, the
 * subclasses only name the types and say how a command becomes an entity.
 *
 * <p>A replace is one read-modify-write on the locked row: created_at is kept and updated_at stamped from the row
 * as the write locked it (ADR 4), never from a cached copy.
 *
 * @param <I> id type
 * @param <C> command type
 * @param <E> entity type
 */
public abstract class EntityService<I, C, E> implements ManageEntities<I, C, E> {

    /** Builds an entity from a command with the given id and times (the domain constructor validates). */
    @FunctionalInterface
    protected interface Factory<I, C, E> {
        E build(I id, C command, Instant createdAt, Instant updatedAt);
    }

    private final String type;
    private final EntityRepository<I, E, E> repository;
    private final Predicate<I> referenced;
    private final String stillReferenced;
    private final Factory<I, C, E> factory;
    private final Function<E, Instant> createdAt;
    private final Function<E, Instant> updatedAt;
    private final Supplier<I> newId;
    private final Clock clock;

    /**
     * @param type            the entity's name in messages ("hero")
     * @param referenced      whether other entities still refer to an id (a delete is then refused: 409)
     * @param stillReferenced the refusal's reason, after "{type} {id} "
     * @param newId           makes a fresh random id
     */
    protected EntityService(String type, EntityRepository<I, E, E> repository, Predicate<I> referenced,
                            String stillReferenced, Factory<I, C, E> factory, Function<E, Instant> createdAt,
                            Function<E, Instant> updatedAt, Supplier<I> newId, Clock clock) {
        this.type = type;
        this.repository = repository;
        this.referenced = referenced;
        this.stillReferenced = stillReferenced;
        this.factory = factory;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.newId = newId;
        this.clock = clock;
    }

    @Override
    public E get(I id) {
        return repository.findById(id).orElseThrow(() -> new EntityNotFoundException(type, id));
    }

    @Override
    public ValueOrJson<E> getValueOrJson(I id) {
        return repository.findValueOrJsonById(id).orElseThrow(() -> new EntityNotFoundException(type, id));
    }

    @Override
    public List<E> list(Optional<Language> language) {
        return language.map(repository::findByLanguage).orElseGet(repository::listAll);
    }

    @Override
    public ValueOrJson<E> heldValueOrJson(I id) {
        return repository.heldValueOrJson(id);
    }

    @Override
    public Page<E> heldPage(Listing listing, PageRequest request) {
        return repository.heldPage(listing, request);
    }

    @Override
    public Page<E> page(Listing listing, PageRequest request) {
        return repository.page(listing, request);
    }

    @Override
    public E create(C command) {
        Instant now = Clocks.now(clock);
        return repository.save(factory.build(newId.get(), command, now, now));
    }

    @Override
    public E replace(I id, C command, Consumer<? super E> expected) {
        return repository.update(id, locked -> {
                    expected.accept(locked);
                    return factory.build(id, command, createdAt.apply(locked),
                            Clocks.after(clock, updatedAt.apply(locked)));
                })
                .map(Updated::after)
                .orElseThrow(() -> new EntityNotFoundException(type, id));
    }

    @Override
    public void delete(I id, Consumer<? super E> expected) {
        if (referenced.test(id)) {
            throw new EntityConflictException(type + " " + id + " " + stillReferenced);
        }
        if (repository.delete(id, expected).isEmpty()) {
            throw new EntityNotFoundException(type, id);
        }
    }
}
