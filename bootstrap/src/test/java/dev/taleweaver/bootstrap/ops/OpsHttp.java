package dev.taleweaver.bootstrap.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taleweaver.bootstrap.contract.OpenApiContract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain HTTP client of one running service: the public API (to make traffic and seed data) and the operators'
 * endpoints. Only the JDK's {@link HttpClient}, so the tests see exactly what any client would; every answer is
 * checked against the OpenAPI document ({@link OpenApiContract}).
 */
final class OpsHttp {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;

    OpsHttp(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    URI uri(String path) {
        return base.resolve(path);
    }

    /**
     * @param body    JSON, or null for no body
     * @param headers name, value, name, value, …
     */
    HttpResponse<String> send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            OpenApiContract.get().check(method, path, response.statusCode(),
                    response.headers().firstValue("Content-Type"), response.body());
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + path, e);
        }
    }

    HttpResponse<String> get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    HttpResponse<String> delete(String path, String... headers) {
        return send("DELETE", path, null, headers);
    }

    /** GET that must answer 200; its body. */
    String ok(String path) {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return response.body();
    }

    static JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    // ---- the operators' endpoints ---------------------------------------------------------------------------

    /** {@code GET /admin/cache/stats} with the token; must answer 200. */
    JsonNode stats(String token) {
        HttpResponse<String> response = get("/admin/cache/stats", "Authorization", bearer(token));
        assertThat(response.statusCode()).as("stats: %s", response.body()).isEqualTo(200);
        return json(response);
    }

    /** {@code DELETE /admin/cache/{type}}, or {@code DELETE /admin/cache} for a null type, with the token. */
    HttpResponse<String> flush(String token, String type, String... extraHeaders) {
        String[] headers = new String[extraHeaders.length + 2];
        headers[0] = "Authorization";
        headers[1] = bearer(token);
        System.arraycopy(extraHeaders, 0, headers, 2, extraHeaders.length);
        return delete(type == null ? "/admin/cache" : "/admin/cache/" + type, headers);
    }

    // ---- data -----------------------------------------------------------------------------------------------

    JsonNode createHero(String name, String language) {
        return created("/heroes", hero(name, language));
    }

    /** {@code PUT /heroes/{id}} with a new name; the response body. */
    JsonNode renameHero(String id, String name, String language, String... headers) {
        HttpResponse<String> response = send("PUT", "/heroes/" + id, hero(name, language).toString(), headers);
        assertThat(response.statusCode()).as("PUT hero: %s", response.body()).isEqualTo(200);
        return json(response);
    }

    JsonNode createChild(String name, String language) {
        ObjectNode child = JSON.createObjectNode()
                .put("name", name).put("age", 7).put("gender", "female").put("language", language);
        child.putArray("interests").add("dinosaurs").add("boats");
        return created("/children", child);
    }

    JsonNode createStory(String title, String childId, String heroId, String language) {
        ObjectNode story = JSON.createObjectNode()
                .put("title", title).put("content", "Once upon a time, " + title + ".")
                .put("child_id", childId).put("hero_id", heroId).put("language", language);
        return created("/stories", story);
    }

    private static ObjectNode hero(String name, String language) {
        ObjectNode hero = JSON.createObjectNode()
                .put("name", name).put("age", 30).put("gender", "non_binary")
                .put("appearance", "a cloak of stars").put("language", language);
        hero.putArray("personality_traits").add("brave");
        hero.putArray("interests").add("maps");
        hero.putArray("strengths").add("swimming");
        return hero;
    }

    private JsonNode created(String path, ObjectNode body) {
        HttpResponse<String> response = send("POST", path, body.toString());
        assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(201);
        return json(response);
    }
}
