package dev.taleweaver.adapter.http;

import java.util.List;

/** The client-set fields of a child (POST and PUT bodies); boxed so a missing field is seen as null. */
record ChildRequest(String name, Integer age, String gender, List<String> interests, String language) {
}
