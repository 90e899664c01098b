package dev.taleweaver.application.port.in;

import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.child.ChildId;

/** Child use cases. Deleting a child who still has stories is refused (409). */
public interface ManageChildren extends ManageEntities<ChildId, ChildCommand, Child> {
}
