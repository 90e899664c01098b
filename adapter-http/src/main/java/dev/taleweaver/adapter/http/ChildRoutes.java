package dev.taleweaver.adapter.http;

import dev.taleweaver.application.port.in.ChildCommand;
import dev.taleweaver.application.port.in.ManageChildren;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Gender;
import dev.taleweaver.domain.common.Language;

/** {@code /children}. */
final class ChildRoutes extends EntityRoutes<ChildId, ChildCommand, Child, ChildRequest> {

    ChildRoutes(ManageChildren children, JsonBody body, boolean rememberRenderings) {
        super("/children", children, ChildRequest.class, body, rememberRenderings);
    }

    @Override
    protected ChildId parseId(String raw) {
        return ChildId.parse(raw);
    }

    @Override
    protected ChildCommand toCommand(ChildRequest r, InputCheck check) {
        Integer age = check.required("age", r.age());
        return new ChildCommand(r.name(), age == null ? Child.AGE_MIN : age,
                check.parse("gender", r.gender(), Gender::parse, Gender.UNSPECIFIED), r.interests(),
                check.parse("language", r.language(), Language::of, PLACEHOLDER_LANGUAGE));
    }

    @Override
    protected void applyDomainRules(ChildCommand c) {
        new Child(ChildId.random(), c.name(), c.age(), c.gender(), c.interests(), c.language(), PLACEHOLDER_TIME,
                PLACEHOLDER_TIME);
    }

    @Override
    protected Object toResponse(Child child) {
        return ChildResponse.of(child);
    }

    @Override
    protected String idOf(Child child) {
        return child.id().toString();
    }
}
