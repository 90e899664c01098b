package dev.taleweaver.application.fake;

import dev.taleweaver.application.port.out.ChildRepository;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Language;

import java.time.Instant;

public final class InMemoryChildRepository extends InMemoryEntityRepository<ChildId, Child, Child>
        implements ChildRepository {
    @Override
    public ChildId idOf(Child e) {
        return e.id();
    }

    @Override
    protected Language languageOf(Child e) {
        return e.language();
    }

    @Override
    protected Instant createdAtOf(Child e) {
        return e.createdAt();
    }

    @Override
    protected Child view(Child e) {
        return e;
    }
}
