package dev.taleweaver.application.port.in;

import dev.taleweaver.domain.common.Gender;
import dev.taleweaver.domain.common.Language;

import java.util.List;

/** The fields a client sets when creating or replacing a child; the service adds id and timestamps. */
public record ChildCommand(String name, int age, Gender gender, List<String> interests, Language language) {
}
