package dev.taleweaver.application.contract;

import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.out.EntityRepository;
import dev.taleweaver.application.port.out.Updated;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.paging.Listing;
import dev.taleweaver.domain.paging.Page;
import dev.taleweaver.domain.paging.PageRequest;
import dev.taleweaver.domain.paging.Position;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every {@link EntityRepository} promises. Each subject (in-memory fake, PostgreSQL adapter,
 * cached decorator) runs the same assertions by extending a per-entity subclass of this.
 * Subjects start from an empty store for every test.
 */
public abstract class EntityRepositoryContract<I, E, R> {

    /** The repository under test, empty. */
    protected abstract EntityRepository<I, E, R> repository();

    /** A new, unsaved entity in the given language (any entities it refers to already exist). */
    protected abstract E newEntity(Language language);

    /** The same entity with a visible change and a later updated_at. */
    protected abstract E changed(E entity);

    /** The same entity moved to another language with a later updated_at. */
    protected abstract E inLanguage(E entity, Language language);

    protected abstract I idOf(E entity);

    /** What a read of the saved entity must return. */
    protected abstract R expectedView(E entity);

    @Test
    void savedEntityIsFoundById() {
        E e = newEntity(Fixtures.EN);
        assertThat(repository().save(e)).isEqualTo(expectedView(e));
        assertThat(repository().findById(idOf(e))).contains(expectedView(e));
    }

    @Test
    void pagesWalkEveryMemberOnceInListOrderAndMembersAreTheirPositions() {
        List<E> saved = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            E e = newEntity(i < 3 ? Fixtures.EN : Fixtures.FR);
            repository().save(e);
            saved.add(e);
        }
        for (Listing listing : List.of(Listing.ALL, Listing.of(Optional.of(Fixtures.EN)))) {
            List<R> whole = listing instanceof Listing.All ? repository().listAll()
                    : repository().findByLanguage(Fixtures.EN);
            List<R> walked = new ArrayList<>();
            Optional<Position> after = Optional.empty();
            int pages = 0;
            do {
                Page<R> page = repository().page(listing, new PageRequest(after, 2));
                assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
                walked.addAll(page.items());
                after = page.next();
                pages++;
            } while (after.isPresent() && pages < 10);
            assertThat(walked).as(listing.name()).containsExactlyElementsOf(whole);
            List<Position> members = repository().members(listing);
            assertThat(members).hasSameSizeAs(whole).isSorted();
        }
        assertThat(repository().page(Listing.ALL, PageRequest.first(5)).next()).as("exactly the last").isEmpty();
        assertThat(repository().page(Listing.ALL, PageRequest.first(4)).next())
                .contains(repository().members(Listing.ALL).get(3));
        assertThat(repository().page(Listing.of(Optional.of(Language.of("de"))), PageRequest.first(5)).items())
                .isEmpty();
    }

    @Test
    void findAllByIdReturnsThoseThatExist() {
        E a = newEntity(Fixtures.EN);
        E b = newEntity(Fixtures.FR);
        E missing = newEntity(Fixtures.EN);
        repository().save(a);
        repository().save(b);
        assertThat(repository().findAllById(List.of(idOf(a), idOf(b), idOf(missing), idOf(a))))
                .containsExactlyInAnyOrder(expectedView(a), expectedView(b));
        assertThat(repository().findAllById(List.of())).isEmpty();
    }

    @Test
    void unknownIdIsEmpty() {
        E e = newEntity(Fixtures.EN);
        assertThat(repository().findById(idOf(e))).isEmpty();
    }

    @Test
    void listAllReturnsEverythingOldestFirst() {
        E first = newEntity(Fixtures.EN);
        E second = newEntity(Fixtures.FR);
        E third = newEntity(Fixtures.EN);
        repository().save(third);
        repository().save(first);
        repository().save(second);
        assertThat(repository().listAll())
                .containsExactly(expectedView(first), expectedView(second), expectedView(third));
    }

    @Test
    void findByLanguageReturnsOnlyThatLanguage() {
        E en1 = newEntity(Fixtures.EN);
        E fr = newEntity(Fixtures.FR);
        E en2 = newEntity(Fixtures.EN);
        List.of(en1, fr, en2).forEach(repository()::save);
        assertThat(repository().findByLanguage(Fixtures.EN)).containsExactly(expectedView(en1), expectedView(en2));
        assertThat(repository().findByLanguage(Fixtures.FR)).containsExactly(expectedView(fr));
        assertThat(repository().findByLanguage(Language.of("de"))).isEmpty();
    }

    @Test
    void updateReplacesTheStoredEntity() {
        E e = newEntity(Fixtures.EN);
        repository().save(e);
        E updated = changed(e);
        assertThat(repository().update(updated)).contains(new Updated<>(expectedView(e), expectedView(updated)));
        assertThat(repository().findById(idOf(e))).contains(expectedView(updated));
        assertThat(repository().listAll()).containsExactly(expectedView(updated));
    }

    @Test
    void updateCanMoveAnEntityToAnotherLanguage() {
        E e = newEntity(Fixtures.EN);
        repository().save(e);
        repository().findByLanguage(Fixtures.EN);
        repository().findByLanguage(Fixtures.FR);
        E moved = inLanguage(e, Fixtures.FR);
        repository().update(moved);
        assertThat(repository().findByLanguage(Fixtures.EN)).isEmpty();
        assertThat(repository().findByLanguage(Fixtures.FR)).containsExactly(expectedView(moved));
    }

    @Test
    void updateOfUnknownIdIsEmptyAndStoresNothing() {
        E e = newEntity(Fixtures.EN);
        assertThat(repository().update(e)).isEmpty();
        assertThat(repository().findById(idOf(e))).isEmpty();
    }

    @Test
    void deleteRemovesTheEntity() {
        E e = newEntity(Fixtures.EN);
        repository().save(e);
        repository().findById(idOf(e));
        repository().listAll();
        assertThat(repository().delete(idOf(e))).contains(expectedView(e));
        assertThat(repository().findById(idOf(e))).isEmpty();
        assertThat(repository().listAll()).isEmpty();
        assertThat(repository().findByLanguage(Fixtures.EN)).isEmpty();
    }

    @Test
    void deleteOfUnknownIdIsEmpty() {
        assertThat(repository().delete(idOf(newEntity(Fixtures.EN)))).isEmpty();
    }

    @Test
    void readsAfterWritesSeeTheWrites() {
        // read first so a caching subject has something to invalidate
        assertThat(repository().listAll()).isEmpty();
        assertThat(repository().findByLanguage(Fixtures.EN)).isEmpty();
        E e = newEntity(Fixtures.EN);
        repository().save(e);
        assertThat(repository().listAll()).containsExactly(expectedView(e));
        assertThat(repository().findByLanguage(Fixtures.EN)).containsExactly(expectedView(e));
    }
}
