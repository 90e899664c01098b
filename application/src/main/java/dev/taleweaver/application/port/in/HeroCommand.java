package dev.taleweaver.application.port.in;

import dev.taleweaver.domain.common.Gender;
import dev.taleweaver.domain.common.Language;

import java.util.List;

/** The fields a client sets when creating or replacing a hero; the service adds id and timestamps. */
public record HeroCommand(
        String name,
        int age,
        Gender gender,
        String appearance,
        List<String> personalityTraits,
        List<String> interests,
        List<String> strengths,
        Language language) {
}
