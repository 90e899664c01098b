package dev.taleweaver.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The life of one entity through the API — create, find, list, filter, replace, delete — checked from the
 * client's side after every step. The lists are read before each change, so with caching on they are served
 * from the cache afterwards unless the change invalidated them.
 */
public final class CrudRoundTrip {
    private CrudRoundTrip() {
    }

    public static void run(HttpApi api, Resource resource) {
        ApiResponse created = api.post(resource.path(), resource.body(api, "Aurora", "en"));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        assertThat(created.contentType()).startsWith(HttpApi.JSON);
        JsonNode first = created.json();
        String id = first.get("id").asText();
        assertThat(first.get(resource.nameField()).asText()).isEqualTo("Aurora");
        assertThat(created.header("Location")).isEqualTo(resource.item(id));

        ApiResponse located = api.get(created.header("Location"));
        assertThat(located.status()).as("%s", located).isEqualTo(200);
        assertThat(located.json()).isEqualTo(first);

        assertThat(api.get(resource.path()).ids()).contains(id);
        assertThat(api.get(resource.path() + "?language=en").ids()).contains(id);
        assertThat(api.get(resource.path() + "?language=fr").ids()).doesNotContain(id);

        ApiResponse replaced = api.put(resource.item(id), resource.body(api, "Borealis", "fr"));
        assertThat(replaced.status()).as("%s", replaced).isEqualTo(200);
        JsonNode second = replaced.json();
        assertThat(second.get("id").asText()).isEqualTo(id);
        assertThat(second.get(resource.nameField()).asText()).isEqualTo("Borealis");
        assertThat(second.get("language").asText()).isEqualTo("fr");
        assertThat(second.get("created_at")).isEqualTo(first.get("created_at"));

        ApiResponse afterReplace = api.get(resource.item(id));
        assertThat(afterReplace.status()).isEqualTo(200);
        assertThat(afterReplace.json()).isEqualTo(second);
        assertThat(api.get(resource.path() + "?language=en").ids()).doesNotContain(id);
        assertThat(api.get(resource.path() + "?language=fr").ids()).contains(id);

        ApiResponse deleted = api.delete(resource.item(id));
        assertThat(deleted.status()).as("%s", deleted).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        Problems.assertProblem(api.get(resource.item(id)), 404);
        Problems.assertProblem(api.delete(resource.item(id)), 404);
        assertThat(api.get(resource.path()).ids()).doesNotContain(id);
        assertThat(api.get(resource.path() + "?language=fr").ids()).doesNotContain(id);
    }
}
