package dev.taleweaver.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three collections of the API and how to make a valid body for each, so one scenario serves all of them.
 * A story body brings its own new child and hero.
 */
public enum Resource {
    HEROES("/heroes", "name") {
        @Override
        public String body(HttpApi api, String name, String language) {
            return Requests.hero(name, language);
        }
    },
    CHILDREN("/children", "name") {
        @Override
        public String body(HttpApi api, String name, String language) {
            return Requests.child(name, language);
        }
    },
    STORIES("/stories", "title") {
        @Override
        public String body(HttpApi api, String title, String language) {
            String child = CHILDREN.create(api, "Child of " + title, language);
            String hero = HEROES.create(api, "Hero of " + title, language);
            return Requests.story(title, child, hero, language);
        }
    };

    private final String path;
    private final String nameField;

    Resource(String path, String nameField) {
        this.path = path;
        this.nameField = nameField;
    }

    /** A valid create or replace body whose {@link #nameField()} is {@code name}. */
    public abstract String body(HttpApi api, String name, String language);

    public String path() {
        return path;
    }

    public String item(String id) {
        return path + "/" + id;
    }

    /** The field that tells two versions apart: {@code name}, or {@code title} for stories. */
    public String nameField() {
        return nameField;
    }

    /** Creates one and returns its id. */
    public String create(HttpApi api, String name, String language) {
        ApiResponse created = api.post(path, body(api, name, language));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        return created.json().get("id").asText();
    }
}
