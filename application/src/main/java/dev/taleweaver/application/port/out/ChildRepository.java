package dev.taleweaver.application.port.out;

import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.child.ChildId;

/** Where children are kept. */
public interface ChildRepository extends EntityRepository<ChildId, Child, Child> {
}
