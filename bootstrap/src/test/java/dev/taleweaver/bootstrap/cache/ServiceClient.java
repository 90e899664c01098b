package dev.taleweaver.bootstrap.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A client of a running service's HTTP API, timing every request. */
final class ServiceClient {
    /** Far above any request's worst case during an outage, so a slow request is measured rather than cut off. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    ServiceClient(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    /** A response, its body parsed (null when empty), and how long the request took. */
    record Response(int status, JsonNode body, Duration took) {
        boolean ok() {
            return status / 100 == 2;
        }

        String field(String name) {
            return body == null || body.get(name) == null ? null : body.get(name).asText();
        }
    }

    Response get(String path) {
        return send(request(path).GET());
    }

    Response put(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    Response post(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    /** A hero's request body with the given name and language; everything else fixed. */
    static Map<String, Object> hero(String name, String language) {
        return Map.of("name", name, "age", 12, "gender", "male", "appearance", "Wears a blue cape",
                "personality_traits", List.of("brave", "kind"), "interests", List.of("space"),
                "strengths", List.of("flying"), "language", language);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT);
    }

    /** The body of a GET that must answer 200, as text: for answers that are not JSON, such as /metrics. */
    String text(String path) {
        HttpResponse<String> response = exchange(request(path).GET());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode());
        }
        return response.body();
    }

    private Response send(HttpRequest.Builder request) {
        long start = System.nanoTime();
        HttpResponse<String> response = exchange(request);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String text = response.body();
        try {
            return new Response(response.statusCode(), text == null || text.isEmpty() ? null : JSON.readTree(text),
                    took);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a request", e);
        }
    }

    private static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
