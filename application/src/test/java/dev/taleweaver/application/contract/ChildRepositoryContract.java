package dev.taleweaver.application.contract;

import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.out.ChildRepository;
import dev.taleweaver.application.port.out.EntityRepository;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Language;

import java.time.temporal.ChronoUnit;

/** The child repository contract; a subject supplies {@link #children()}. */
public abstract class ChildRepositoryContract extends EntityRepositoryContract<ChildId, Child, Child> {

    protected abstract ChildRepository children();

    @Override
    protected EntityRepository<ChildId, Child, Child> repository() {
        return children();
    }

    @Override
    protected Child newEntity(Language language) {
        return Fixtures.child("Child " + Fixtures.nextInstant().toEpochMilli(), language);
    }

    @Override
    protected Child changed(Child e) {
        return Fixtures.renamed(e, e.name() + " Junior");
    }

    @Override
    protected Child inLanguage(Child c, Language language) {
        return new Child(c.id(), c.name(), c.age(), c.gender(), c.interests(), language, c.createdAt(),
                c.updatedAt().plus(1, ChronoUnit.SECONDS));
    }

    @Override
    protected ChildId idOf(Child e) {
        return e.id();
    }

    @Override
    protected Child expectedView(Child e) {
        return e;
    }
}
