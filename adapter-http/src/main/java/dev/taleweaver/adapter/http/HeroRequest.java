package dev.taleweaver.adapter.http;

import java.util.List;

/** The client-set fields of a hero (POST and PUT bodies); boxed so a missing field is seen as null. */
record HeroRequest(
        String name,
        Integer age,
        String gender,
        String appearance,
        List<String> personalityTraits,
        List<String> interests,
        List<String> strengths,
        String language) {
}
